"""The pages in a real browser (Debian's chromium, driven by Playwright), on a database
built from the 249 Guardian articles of ../shared/corpora plus one hostile article.

Every request the browser makes is routed: one to an address off this machine is blocked
and counted, and each test ends by checking that the count is 0. Screenshots of each page
go to out/screenshots/ (CI keeps that folder). Never `playwright install`: the browser is
the system's /usr/bin/chromium, which .ci/run installs with apt-get.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("fastapi", reason="the web extra (tacitus[web]) is not installed")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "out" / "screenshots"
CORPUS = REPO.parent / "shared" / "corpora" / "guardian_sample.csv.gz"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HOSTILE = {
    "title": '<script>window.xss = "title"</script>"><img src=x onerror="window.xss=\'title-img\'">',
    "published": "2024-05-02", "source": "Hostile Gazette", "url": "https://hostile.example/1",
    "text": 'Police arrested 40 protesters in Nairobi on Monday. '
            '"><img src=x onerror="window.xss=\'img\'"> The protesters demanded higher wages. '
            "<script>window.xss = 'script'</script> Kenyan police detained 12 people in Mombasa "
            "on Tuesday.",
}

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"),
    pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpora is not present"),
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    """The corpus and the hostile article, coded for real (about 15 s with 2 workers)."""
    from tacitus.database import open_database
    from tacitus.ingest import ingest
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    path = folder / "guardian.db"
    with open_database(path) as db:
        report = ingest([CORPUS, hostile], db, workers=2)
    assert report.failed == 0 if hasattr(report, "failed") else True
    return path


@pytest.fixture(scope="module")
def base_url(db_path):
    import uvicorn
    from tacitus.web import create_app
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db_path), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def loopback(url: str) -> bool:
    scheme, host = urlsplit(url).scheme, urlsplit(url).hostname or ""
    return scheme in ("data", "blob", "about") or host in ("localhost", "::1") \
        or host.startswith("127.")


@pytest.fixture
def page(browser, base_url):
    """A fresh page whose every request is routed; the test fails on any outside request,
    on a script error, or on a dialog (what an injected script would open)."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=base_url)
    outside, errors, dialogs = [], [], []

    def route(request_route):
        if loopback(request_route.request.url):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert outside == [], f"requests that would have left the machine: {outside}"
    assert errors == [] and dialogs == []


def total(page) -> int:
    return int(page.locator("#total").inner_text().replace(",", ""))


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


# -- every page ------------------------------------------------------------------------------

def test_each_page_renders(page):
    page.goto("/events")
    assert total(page) > 500
    shot(page, "events")
    page.locator("a.event-link").first.click()
    page.wait_for_selector("blockquote.sentence")
    shot(page, "event")
    page.locator(".report h3 a").first.click()
    page.wait_for_selector("#article-text")
    shot(page, "article")
    page.goto("/timeline")
    page.wait_for_selector("#timeline-chart svg")
    shot(page, "timeline")
    page.goto("/dyads")
    page.wait_for_function("window.tacitusCy && window.tacitusCy.edges().length > 0")
    shot(page, "dyads")
    page.goto("/map")
    page.wait_for_function("window.tacitusMapReady === true")
    assert page.locator("path.country").count() > 150
    assert page.locator(".marker-cluster, path.place").count() > 0
    shot(page, "map")
    page.goto("/health")
    assert page.locator("table.totals").inner_text().count("articles") == 1
    shot(page, "health")
    page.goto("/docs")
    page.wait_for_selector(".opblock-summary-path")
    shot(page, "docs")


def test_code_page_codes_a_pasted_article(page):
    page.goto("/code")
    page.fill("textarea[name=text]", "Police arrested 40 protesters in Nairobi on Monday.")
    page.fill("input[name=published]", "2026-03-10")
    page.click("button[type=submit]")
    page.wait_for_selector("#coded-count")
    assert page.locator("#coded-count").inner_text() == "1 events"
    assert page.locator(".article-text mark.trigger").inner_text() == "arrested"
    shot(page, "code")


# -- filters and clicks that lead to events --------------------------------------------------

def test_filters_change_the_table(page):
    page.goto("/events")
    page.wait_for_function("window.htmx !== undefined")  # deferred: the form is htmx's once loaded
    everything = total(page)
    page.fill("input[name=event_type]", "ASSAULT")
    page.press("input[name=event_type]", "Enter")
    page.wait_for_function(f"document.querySelector('#total').innerText.replace(',', '') != '{everything}'")
    assaults = total(page)
    assert 0 < assaults < everything
    assert set(page.locator("table.events tbody .type").all_inner_texts()) == {"ASSAULT"}
    assert query(page)["event_type"] == ["ASSAULT"]  # the filter is in the URL
    page.check("input[name=asserted_only]")
    page.wait_for_function(f"document.querySelector('#total').innerText.replace(',', '') != '{assaults}'")
    assert total(page) < assaults
    page.locator("a.next").click()
    page.wait_for_function("location.search.includes('offset=50')")
    assert page.locator("table.events tbody tr").count() > 0


def test_timeline_brush_sets_the_dates_of_the_events(page):
    page.goto("/timeline?interval=month")
    page.wait_for_function("window.tacitusView !== undefined")
    box = page.locator("#timeline-chart svg").bounding_box()
    y = box["y"] + box["height"] * 0.45
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=8)
    page.mouse.up()
    page.wait_for_selector("#brush-result:not([hidden])")
    since = page.input_value("#filters [name=since]")
    until = page.input_value("#filters [name=until]")
    assert since and until and since < until
    page.click("#brush-events")
    page.wait_for_url("**/events?**")
    assert query(page)["since"] == [since] and query(page)["until"] == [until]
    shown = page.locator("table.events tbody tr td:nth-child(2)").all_inner_texts()
    dated = [d.split()[0] for d in shown if d[:1].isdigit()]
    # an event is kept when its date window overlaps the range: compare at its granularity
    assert dated and all(since[:len(d)] <= d <= until[:len(d)] for d in dated), (since, until, dated)


def test_a_dyad_edge_opens_its_events(page):
    page.goto("/dyads")
    page.wait_for_function("window.tacitusCy && window.tacitusCy.edges().length > 0")
    page.wait_for_timeout(300)
    target = page.evaluate("""() => {
        // the busiest edge whose midpoint no node covers (a tap there would be the node's)
        const cy = window.tacitusCy, rect = cy.container().getBoundingClientRect();
        const free = e => cy.nodes().every(n => {
            const b = n.renderedBoundingBox(), p = e.renderedMidpoint();
            return p.x < b.x1 - 4 || p.x > b.x2 + 4 || p.y < b.y1 - 4 || p.y > b.y2 + 4;
        });
        const edges = cy.edges().filter(e => !e.isLoop() && free(e))
                        .sort((a, b) => b.data('events') - a.data('events'));
        const edge = edges[0], p = edge.renderedMidpoint();
        const all = {};
        cy.edges().forEach(e => { all[e.data('href')] = e.data('events'); });
        return {x: rect.left + p.x, y: rect.top + p.y, events: all};
    }""")
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url("**/events?**")
    # edges can cross: the one under the pointer is the busiest free one or a neighbour
    href = page.url[page.url.index("/events?"):]
    assert total(page) == target["events"][href]
    assert any(k.startswith(("actor", "recipient")) for k in query(page))


def test_a_country_on_the_map_opens_its_events(page):
    page.goto("/map")
    page.wait_for_function("window.tacitusMapReady === true")
    point = page.evaluate("""() => {
        // the busiest country with a point that no marker or neighbour covers
        const data = JSON.parse(document.getElementById('map-data').textContent);
        const codes = Object.keys(data.countries).sort((a, b) => data.countries[b] - data.countries[a]);
        for (const code of codes) {
            const path = document.querySelector('path.country-' + code);
            if (!path) continue;
            const r = path.getBoundingClientRect();
            for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
                const x = r.left + r.width * i / 20, y = r.top + r.height * j / 20;
                if (document.elementFromPoint(x, y) === path) return {x, y, code, count: data.countries[code]};
            }
        }
        return null;
    }""")
    assert point is not None
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/events?**")
    assert query(page)["country"] == [point["code"]]
    assert total(page) == point["count"]


def test_an_event_leads_to_its_highlighted_sentence(page):
    page.goto("/events?event_type=COERCE&sort=-mentions")
    page.locator("a.event-link").first.click()
    page.wait_for_selector("blockquote.sentence mark.trigger")
    trigger = page.locator("blockquote.sentence mark.trigger").first.inner_text()
    assert trigger.strip()
    page.locator(".report h3 a").first.click()
    page.wait_for_selector("mark.focus")
    assert trigger in page.locator("mark.focus").all_inner_texts()
    page.uncheck("#show-unasserted")  # the toggle hides the negated and hypothetical ones
    assert page.evaluate("document.body.classList.contains('hide-unasserted')")


def test_a_hostile_article_runs_nothing(page):
    page.goto("/events?search=protesters+Nairobi")
    assert total(page) >= 1
    page.locator("a.event-link").first.click()
    page.wait_for_selector("blockquote.sentence")
    page.locator(".report h3 a").first.click()
    page.wait_for_selector("#article-text")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text
    assert "onerror=" in page.locator("#article-text").inner_text()
    assert page.locator("#article-text img, #article-text script, h1 img, h1 script").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.xss") is None
    shot(page, "hostile-article")
