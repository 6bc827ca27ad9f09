"""The HTTP API and the pages, through httpx (FastAPI's TestClient): every endpoint, the
one error shape, limits, the token, read-only access, escaping, the missing extra."""
from __future__ import annotations

import io
import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (tacitus[web]) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from tacitus.database import open_database  # noqa: E402
from tacitus.web import MissingExtra, create_app, require_extra  # noqa: E402
from tacitus.web.app import MAX_BODY  # noqa: E402
from tacitus.web.api import MAX_CODE_CHARS  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "web"))
import small_db  # noqa: E402

STATIC = Path(__file__).parent.parent / "tacitus" / "web" / "static"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return small_db.build(tmp_path_factory.mktemp("web") / "small.db")


@pytest.fixture(scope="module")
def client(db_path):
    with TestClient(create_app(db_path)) as client:
        yield client


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == response.status_code
    return body["error"]


# -- endpoints -------------------------------------------------------------------------------

def test_events_page_with_filters_and_pagination(client):
    body = client.get("/api/v1/events", params={"limit": 2, "sort": "date"}).json()
    assert (body["total"], body["limit"], body["next_offset"]) == (5, 2, 2)
    assert [e["event_type"] for e in body["events"]] == ["PROTEST", "COERCE"]
    assert {"mentions", "sources", "articles", "outlets", "evidence"} <= set(body["events"][0])
    police = client.get("/api/v1/events?actor_country=KEN&actor_sector=COP").json()
    assert police["total"] == 2 and police["filter"] == {"actor_country": "KEN", "actor_sector": "COP"}
    several = client.get("/api/v1/events?recipient_country=KEN,TZA&quad=1&quad=3").json()
    assert sorted(e["event_type"] for e in several["events"]) == ["CONSULT", "PROTEST", "PROTEST"]


def test_events_search_escapes_the_words(client):
    assert client.get("/api/v1/events", params={"search": "walked Mombasa"}).json()["total"] == 1
    assert client.get("/api/v1/events", params={"search": '"unclosed NEAR('}).json()["total"] == 0
    # the raw FTS5 field of the command line is not taken from a URL
    assert client.get("/api/v1/events", params={"text": '"unclosed'}).json()["total"] == 5


@pytest.mark.parametrize("format, media, first", [
    ("csv", "text/csv", b"id,date,granularity"), ("polecat", "text/tab-separated-values", b"Event ID\t"),
    ("gdelt", "text/tab-separated-values", b"GLOBALEVENTID\t"), ("icews", "text/tab-separated-values", b"Event ID\t"),
    ("plover", "application/x-ndjson", b'{"id": "tacitus-'), ("parquet", "application/vnd.apache.parquet", b"PAR1")])
def test_every_export_format_of_the_filtered_set(client, format, media, first):
    response = client.get("/api/v1/events", params={"format": format, "event_type": "COERCE"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert response.content.startswith(first)
    assert "attachment" in response.headers["content-disposition"]
    if format == "csv":
        assert len(response.text.strip().splitlines()) == 3


def test_event_detail_and_article_with_spans(client):
    event = client.get("/api/v1/events/2").json()
    assert event["event_type"] == "COERCE" and len(event["reports"]) == 1
    pieces = event["reports"][0]["sentences"][0]["segments"]
    assert [p["text"] for p in pieces if "trigger" in p["kinds"]] == ["arrested"]
    article = client.get(f"/api/v1/articles/{event['reports'][0]['article_id']}").json()
    spans = article["events"][0]["spans"]
    assert {"trigger", "actor", "recipient", "place"} <= {s["kind"] for s in spans}
    trigger = next(s for s in spans if s["kind"] == "trigger")
    assert article["text"][trigger["start"]:trigger["end"]] == "arrested"


def test_timeline_dyads_places_countries_facets_stats(client):
    timeline = client.get("/api/v1/timeline?interval=week&by=quad").json()
    assert timeline["interval"] == "week" and sum(r["count"] for r in timeline["counts"]) == 5
    dyads = client.get("/api/v1/dyads").json()["dyads"]
    assert dyads[0]["events"] == 2 and dyads[0]["filter"]["actor_country"] == "KEN"
    places = client.get("/api/v1/places?country=TZA").json()
    assert [f["properties"]["name"] for f in places["features"]] == ["Tanga"]
    assert client.get("/api/v1/countries").json() == {"countries": {"KEN": 2, "TZA": 2}}
    facets = client.get("/api/v1/facets?top=1").json()
    assert facets["event_type"] == [{"value": "COERCE", "count": 2}]
    stats = client.get("/api/v1/stats").json()
    assert stats["totals"]["events"] == 5 and stats["failures"][0]["error"] == "InputError"


def test_openapi_lists_every_endpoint_with_the_filters(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/articles/{article_id}",
            "/api/v1/timeline", "/api/v1/dyads", "/api/v1/places", "/api/v1/countries",
            "/api/v1/facets", "/api/v1/stats", "/api/v1/code"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert {"since", "until", "event_type", "actor_country", "recipient_sector", "place",
            "outlet", "negated", "implied", "decided_by", "search", "limit", "offset", "format"} <= names
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert not re.search(r"(src|href)=\"https?://", page)


# -- the one error shape and the limits ------------------------------------------------------

@pytest.mark.parametrize("url, status, code", [
    ("/api/v1/events?quad=9", 400, "bad_filter"),
    ("/api/v1/events?since=yesterday", 400, "bad_filter"),
    ("/api/v1/events?sort=colour", 400, "bad_filter"),
    ("/api/v1/events?limit=501", 422, "invalid_parameter"),
    ("/api/v1/events?offset=-1", 422, "invalid_parameter"),
    ("/api/v1/events/999", 404, "not_found"),
    ("/api/v1/events/abc", 422, "invalid_parameter"),
    ("/api/v1/articles/nope", 404, "not_found"),
    ("/api/v1/timeline?interval=fortnight", 422, "invalid_parameter"),
    ("/api/v1/nothing-here", 404, "not_found"),
])
def test_one_json_error_shape(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_request_bodies_are_bounded(client):
    response = client.post("/api/v1/code", content=b"x" * (MAX_BODY + 1),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"
    long_text = client.post("/api/v1/code", json={"text": "word " * (MAX_CODE_CHARS // 5 + 1)})
    assert long_text.status_code == 422 and error_of(long_text)["code"] == "invalid_parameter"
    assert error_of(client.post("/api/v1/code", json={"text": ""}))["code"] == "invalid_parameter"


def test_code_an_article_stores_nothing(client, db_path):
    before = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    response = client.post("/api/v1/code", json={
        "text": "Police arrested 40 protesters in Nairobi on Monday.", "published": "2026-03-10"})
    assert response.status_code == 200
    body = response.json()
    assert [e["event_type"] for e in body["events"]] == ["COERCE"]
    assert "".join(s["text"] for s in body["segments"]) == body["text"]
    assert [s["text"] for s in body["segments"] if "trigger" in s["kinds"]] == ["arrested"]
    assert sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before
    page = client.post("/code", data={"text": "Police arrested 40 protesters in Nairobi on Monday.",
                                      "published": "2026-03-10"})
    assert page.status_code == 200 and '<mark class="trigger"' in page.text


# -- the token, read-only access -------------------------------------------------------------

def test_token_on_every_request(db_path):
    with TestClient(create_app(db_path, token="s3cret")) as guarded:
        refused = guarded.get("/api/v1/stats")
        assert refused.status_code == 401 and error_of(refused)["code"] == "unauthorized"
        assert guarded.get("/static/app.css").status_code == 401
        assert guarded.get("/api/v1/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert guarded.get("/api/v1/stats", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        landing = guarded.get("/events?token=s3cret", follow_redirects=False)
        assert landing.status_code == 303 and "token" not in landing.headers["location"]
        assert guarded.get("/events").status_code == 200  # the cookie set by the landing
        assert guarded.get("/static/app.css").status_code == 200


def test_the_app_reads_while_an_ingest_writes(db_path, client):
    with pytest.raises(sqlite3.OperationalError):
        client.app.state.store.connection().execute("DELETE FROM failures")
    with open_database(db_path) as db:  # a writer, as an ingest would be
        with db.transaction() as conn:
            conn.execute("INSERT INTO failures (source, stage, error, reason, last_attempt)"
                         " VALUES ('late.txt', 'read', 'EmptyInput', 'empty', 'now')")
            assert client.get("/api/v1/stats").json()["totals"]["failures"] == 1
        assert client.get("/api/v1/stats").json()["totals"]["failures"] == 2
        with db.transaction() as conn:
            conn.execute("DELETE FROM failures WHERE source = 'late.txt'")


# -- pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/events", "/events?event_type=COERCE&negated=1", "/events/1",
                                 "/timeline?interval=week", "/dyads", "/map", "/health", "/code",
                                 "/docs"])
def test_every_page_renders(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert not re.search(r"(src|href)=\"(https?:)?//", response.text)


def test_event_page_says_what_found_the_event(client):
    page = client.get("/events/1").text
    assert re.search(r'id="decided-by">\s*lexicon', page)
    assert client.get("/api/v1/events?decided_by=lexicon").json()["total"] == 5
    assert client.get("/api/v1/events?implied=only").json()["total"] == 0
    assert error_of(client.get("/api/v1/events?implied=sometimes"))["code"] == "bad_filter"
    # the filter bar sends every field, empty ones included
    form = ("since=&until=&event_type=&mode=&quad=&actor_country=&actor_sector=&actor=&"
            "recipient_country=&recipient_sector=&recipient=&place=&country=&outlet=&"
            "implied=keep&decided_by=&search=")
    assert client.get(f"/events?{form}").text.count('class="event-link"') == 5
    assert client.get(f"/api/v1/events?{form}").json()["total"] == 5


def test_events_page_filters_the_table(client):
    every = client.get("/events").text
    police = client.get("/events?actor_sector=COP").text
    assert every.count('class="event-link"') == 5 and police.count('class="event-link"') == 2


def test_article_text_and_title_are_escaped(client, db_path):
    article_id, = sqlite3.connect(db_path).execute(
        "SELECT id FROM articles WHERE url LIKE '%hostile'").fetchone()
    page = client.get(f"/articles/{article_id}").text
    assert "<script>window.xss" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.xss=2&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    event_id, = sqlite3.connect(db_path).execute(
        "SELECT event_id FROM mentions WHERE article_id = ?", (article_id,)).fetchone()
    assert "<img src=x" not in client.get(f"/events/{event_id}").text
    assert "<script>window.xss" not in client.get("/events").text


def test_bad_filters_on_a_page_are_an_html_error(client):
    response = client.get("/events?since=yesterday")
    assert response.status_code == 400 and "give a date as YYYY-MM-DD" in response.text


# -- packaging: the extra, the vendored assets -----------------------------------------------

def test_missing_extra_names_it(monkeypatch, capsys):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "uvicorn" else real(name, *a))
    with pytest.raises(MissingExtra, match=r"tacitus\[web\]"):
        require_extra()
    from tacitus.cli import main
    assert main(["serve", "--db", "x.db"]) == 1
    assert "pip install 'tacitus[web]'" in capsys.readouterr().err


def test_serve_prints_its_url_and_passes_the_settings(db_path, monkeypatch, capsys):
    import uvicorn
    from tacitus.cli import main
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **kwargs: seen.update(target=target, **kwargs))
    for name in ("TACITUS_WEB_DB", "TACITUS_WEB_TOKEN"):  # restored after the test
        monkeypatch.setenv(name, "")
    assert main(["serve", "--db", str(db_path), "--port", "9911", "--token", "t0k"]) == 0
    assert f"Tacitus serves {db_path} at http://127.0.0.1:9911/?token=t0k" in capsys.readouterr().err
    assert (seen["target"], seen["port"], seen["factory"]) == ("tacitus.web.app:app_from_environment", 9911, True)
    from tacitus.web.app import app_from_environment
    assert app_from_environment().state.token == "t0k"
    assert main(["serve", "--db", str(db_path.parent / "absent.db")]) == 1
    assert "tacitus ingest" in capsys.readouterr().err


def test_vendored_assets_have_their_licences_and_manifest():
    manifest = json.loads((STATIC / "vendor" / "manifest.json").read_text())
    names = {entry["name"] for entry in manifest}
    assert {"htmx.org", "vega", "vega-lite", "vega-embed", "leaflet", "leaflet.markercluster",
            "world-atlas", "topojson-client", "cytoscape", "swagger-ui-dist"} == names
    for entry in manifest:
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"]) and entry["licence"]
        assert (STATIC / "vendor" / entry["licence_file"]).stat().st_size > 100
        for file in entry["files"]:
            assert (STATIC / "vendor" / file).is_file(), file


def test_country_table_maps_every_world_atlas_country():
    from tacitus.web.pages import alpha3_to_numeric
    table = alpha3_to_numeric()
    world = json.loads((STATIC / "vendor/world-atlas/countries-110m.json").read_text())
    ids = {g["id"] for g in world["objects"]["countries"]["geometries"] if g.get("id")}
    assert ids <= set(table.values())
    assert table["UKR"] == "804" and table["KEN"] == "404"
