"""The app factory: the database read-only, the token check, limits, one error shape.

`create_app(path)` opens nothing until the first request: each worker thread gets its own
read-only connection (SQLite URI `mode=ro`), so an ingest can write to the same file
meanwhile (WAL) and nothing the app does can change it.
"""
from __future__ import annotations

import hmac
import sqlite3
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from .. import __version__
from ..database import Database
from ..database.store import readonly_connection
from ..errors import DatabaseError, FilterError, InputError, TacitusError

HERE = Path(__file__).parent
TOKEN_COOKIE = "tacitus_token"
MAX_BODY = 256_000   # bytes of one request body (the largest is an article for /api/v1/code)
# Vega compiles its expressions with Function(), hence 'unsafe-eval'; no inline script runs,
# and connect-src 'self' keeps every request on this server.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class Store:
    """The database file, with one read-only connection per worker thread."""

    def __init__(self, path: str | Path):
        Database.open_readonly(path).close()  # fails early, with a clear message
        self.path = Path(path)
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = readonly_connection(self.path)
        return conn


class BodyLimit:
    """Refuse a request whose body passes `limit` bytes, declared or streamed (pure ASGI)."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(self.limit)(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, f"the request body passes {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int):
    return error_response(413, "too_large", f"the request body passes {limit} bytes; send less")


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The API's one error shape: {"error": {"status", "code", "message"}}."""
    return JSONResponse({"error": {"status": status, "code": code, "message": message}},
                        status_code=status)


CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 422: "invalid_parameter", 500: "internal_error"}


def create_app(db: str | Path, token: str | None = None) -> FastAPI:
    """The web app over the event database at `db`; with `token`, every request must carry
    it (header `Authorization: Bearer TOKEN`, or a cookie set by visiting `/?token=TOKEN`)."""
    app = FastAPI(title="Tacitus", version=__version__,
                  description="Political events coded from news, with the evidence of each. "
                              "Every list takes the same filters as `tacitus events`.",
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.store = Store(db)
    app.state.token = token
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    from . import api, pages
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_errors(app)
    _add_guard(app, token)
    app.add_middleware(BodyLimit)
    return app


def app_from_environment() -> FastAPI:
    """The app `tacitus serve` runs in each worker: settings from TACITUS_WEB_DB/_TOKEN."""
    import os
    return create_app(os.environ["TACITUS_WEB_DB"], token=os.environ.get("TACITUS_WEB_TOKEN"))


def templates() -> Jinja2Templates:
    from urllib.parse import urlencode
    env = Jinja2Templates(directory=HERE / "templates")
    env.env.autoescape = True  # every template, whatever its suffix: article text is never markup
    env.env.filters["qs"] = lambda pairs: urlencode(list(pairs))
    return env


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_guard(app: FastAPI, token: str | None) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next):
        if token is not None:
            given = request.query_params.get("token")
            bearer = request.headers.get("authorization", "")
            offered = (bearer[7:] if bearer.lower().startswith("bearer ") else None) \
                or request.cookies.get(TOKEN_COOKIE) or given
            if not offered or not hmac.compare_digest(offered.encode(), token.encode()):
                return error_response(401, "unauthorized",
                                      "this server needs its token: send 'Authorization: Bearer "
                                      "TOKEN' or open the URL printed by `tacitus serve` once")
            if given and request.method == "GET" and not _is_api(request):
                # the token leaves the URL (and the history) for a cookie
                url = request.url.remove_query_params("token")
                response = RedirectResponse(str(url), status_code=303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                return response
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response


def _add_errors(app: FastAPI) -> None:
    def respond(request: Request, status: int, code: str, message: str):
        if _is_api(request) or request.url.path.startswith("/static/"):
            return error_response(status, code, message)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        return respond(request, error.status_code, CODES.get(error.status_code, "error"),
                       str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}"
                             for e in error.errors())
        return respond(request, 422, "invalid_parameter", problems)

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, error: FilterError):
        return respond(request, 400, "bad_filter", str(error))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError):
        return respond(request, 400, "bad_input", str(error))

    @app.exception_handler(DatabaseError)
    async def bad_query(request: Request, error: DatabaseError):
        return respond(request, 400, "bad_query", str(error))

    @app.exception_handler(TacitusError)
    async def tacitus_error(request: Request, error: TacitusError):
        return respond(request, 500, "internal_error", str(error))

    @app.exception_handler(Exception)
    async def crash(request: Request, error: Exception):
        return error_response(500, "internal_error",
                              f"the server failed ({type(error).__name__}); see its log")
