"""`tacitus serve`: the web app and HTTP API over an event database (a shell over
`tacitus.web`; needs the optional extra `tacitus[web]`)."""
from __future__ import annotations

import os
import sys

from ..database import DEFAULT_PATH


def register(subparsers) -> None:
    serve = subparsers.add_parser(
        "serve", help="browse and query an event database in a web browser and over HTTP",
        description="Serve the web pages and the HTTP API (/api/v1, documented at /docs) over "
                    "an event database, opened read-only: an ingest can write to it meanwhile. "
                    "Needs the optional extra tacitus[web].")
    serve.add_argument("--db", default=DEFAULT_PATH, metavar="FILE",
                       help=f"the event database (default: ./{DEFAULT_PATH})")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8765, help="the port (default 8765)")
    serve.add_argument("--token", metavar="TOKEN",
                       help="require this token on every request (Authorization: Bearer, or "
                            "open the printed URL once to get a cookie)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="serve from N processes (default 1)")
    serve.set_defaults(func=_serve)


def _serve(args) -> int:
    from ..web import require_extra
    require_extra()
    import uvicorn
    from ..database import Database
    Database.open_readonly(args.db).close()  # a clear message before the server starts
    url = f"http://{_display_host(args.host)}:{args.port}/"
    print(f"Tacitus serves {args.db} at {url}" + (f"?token={args.token}" if args.token else ""),
          file=sys.stderr, flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.token:
        print("tacitus: warning: listening beyond this machine without --token", file=sys.stderr)
    # the app factory reads its settings from the environment, so each worker process builds one
    os.environ["TACITUS_WEB_DB"] = str(args.db)
    if args.token:
        os.environ["TACITUS_WEB_TOKEN"] = args.token
    # keep-alive a little longer than uvicorn's 5 s: a busy server otherwise closes a client's
    # connection as its next request arrives
    uvicorn.run("tacitus.web.app:app_from_environment", factory=True, host=args.host,
                port=args.port, workers=args.workers, log_level="warning", timeout_keep_alive=30)
    return 0


def _display_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
