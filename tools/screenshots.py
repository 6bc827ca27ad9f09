"""Screenshots of each page for docs/web.md, taken on the demo database (our own example
articles in tacitus/examples/), so no third-party text ends up in the repository.

    .venv/bin/python tools/screenshots.py        # writes docs/images/web-*.png

Uses Debian's chromium (/usr/bin/chromium) through Playwright, like the browser tests.
"""
from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "images"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> int:
    import uvicorn
    from playwright.sync_api import sync_playwright
    from tacitus.database import open_database
    from tacitus.ingest import ingest
    from tacitus.web import create_app
    import os
    os.chdir(REPO)  # the articles' sources read as in `make demo`: tacitus/examples/...
    db = Path(tempfile.mkdtemp()) / "demo.db"
    with open_database(db) as database:
        ingest(["tacitus/examples"], database)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 700}, device_scale_factor=0.7)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        event_id = page.request.get(f"{base}/api/v1/events?event_type=ASSAULT&sort=-date").json()["events"][0]["id"]
        article = page.request.get(f"{base}/api/v1/events/{event_id}").json()["reports"][0]["article_id"]
        shots = [("events", "/events", None), ("event", f"/events/{event_id}", None),
                 ("article", f"/articles/{article}#event-{event_id}", None),
                 ("timeline", "/timeline?interval=week", "#timeline-chart svg"),
                 ("dyads", "/dyads", None), ("map", "/map?", ".leaflet-overlay-pane path"),
                 ("health", "/health", None), ("docs", "/docs", ".opblock")]
        for name, path, ready in shots:
            page.goto(base + path)
            if ready:
                page.wait_for_selector(ready)
            page.wait_for_timeout(600)
            page.screenshot(path=str(OUT / f"web-{name}.png"))
        page.goto(base + "/code")
        page.fill("textarea[name=text]", "Police arrested 40 protesters in Nairobi on Monday. "
                  "The government did not rule out new talks with the opposition.")
        page.fill("input[name=published]", "2026-03-10")
        page.click("button[type=submit]")
        page.wait_for_selector("#coded-count")
        page.screenshot(path=str(OUT / "web-code.png"))
        browser.close()
    server.should_exit = True
    for image in sorted(OUT.glob("web-*.png")):
        print(f"{image.relative_to(REPO)}  {image.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
