"""The pages: server-rendered with Jinja2 (every value escaped), sharing one filter state in
the URL. A shell over `tacitus.database`: each handler asks the library and renders."""
from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from urllib.parse import urlencode
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from ..database import browse, detail
from ..database.export import FORMATS
from ..database.filters import EventFilter
from ..lexicon import ontology
from .api import MAX_CODE_CHARS, code_article, conn
from .app import HERE
from .params import event_filter

router = APIRouter(include_in_schema=False)
Filter = Annotated[EventFilter, Depends(event_filter)]


@cache
def alpha3_to_numeric() -> dict[str, str]:
    """ISO 3166 alpha-3 -> numeric (world-atlas ids), from the table in data/."""
    with open(HERE / "data" / "iso3166.csv", newline="", encoding="utf-8") as handle:
        return {row["alpha3"]: row["numeric"] for row in csv.DictReader(handle)}


def render(request: Request, template: str, f: EventFilter | None = None, **context):
    onto = ontology()
    return request.app.state.templates.TemplateResponse(request, template, {
        "f": f or EventFilter(), "params": (f or EventFilter()).to_params(),
        "event_types": sorted(onto.types), "sectors": sorted(onto.sectors),
        "formats": tuple(FORMATS), "page": template.removesuffix(".html"), **context})


@router.get("/")
def home():
    return RedirectResponse("/events", status_code=307)


@router.get("/events")
def events_page(request: Request, f: Filter, offset: Annotated[int, Query(ge=0)] = 0,
                limit: Annotated[int, Query(ge=1, le=browse.MAX_PAGE)] = 50, sort: str = "-date"):
    page = browse.event_page(conn(request), f, offset=offset, limit=limit, sort=sort)
    return render(request, "events.html", f, result=page)


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: int):
    found = detail.event_detail(conn(request), event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id} in this database")
    return render(request, "event.html", event=found, stored=found.stored, row=found.row)


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str):
    view = detail.article_view(conn(request), article_id)
    if view is None:
        raise HTTPException(404, f"no article {article_id} in this database")
    return render(request, "article.html", article=view)


@router.get("/timeline")
def timeline_page(request: Request, f: Filter,
                  interval: Literal["day", "week", "month"] = "month",
                  by: Literal["type", "quad"] = "type"):
    counts = browse.timeline(conn(request), f, interval=interval, by=by)
    return render(request, "timeline.html", f, counts=counts, interval=interval, by=by)


@router.get("/dyads")
def dyads_page(request: Request, f: Filter, top: Annotated[int, Query(ge=1, le=200)] = 40):
    found = browse.dyads(conn(request), f, top=top)
    graph = [{"actor": d.actor.label, "recipient": d.recipient.label, "events": d.events,
              "href": "/events?" + urlencode(d.params)} for d in found]
    return render(request, "dyads.html", f, dyads=found, dyads_json=graph)


@router.get("/map")
def map_page(request: Request, f: Filter):
    db = conn(request)
    countries = browse.country_counts(db, f)
    numeric = alpha3_to_numeric()
    return render(request, "map.html", f, places=browse.places_geojson(db, f),
                  countries=countries,
                  numeric={code: numeric[code] for code in countries if code in numeric})


@router.get("/health")
def health_page(request: Request):
    return render(request, "health.html", health=browse.health(conn(request)))


@router.get("/code")
def code_form(request: Request):
    return render(request, "code.html", max_chars=MAX_CODE_CHARS, coded=None, text="",
                  published="", title="")


@router.post("/code")
def code_page(request: Request, text: Annotated[str, Form(max_length=MAX_CODE_CHARS)],
              published: Annotated[str, Form()] = "", title: Annotated[str, Form(max_length=500)] = ""):
    try:
        day = dt.date.fromisoformat(published) if published.strip() else None
    except ValueError:
        raise HTTPException(400, f"published={published!r}: give a date as YYYY-MM-DD")
    coded = code_article(text, day, title.strip() or None)
    return render(request, "code.html", max_chars=MAX_CODE_CHARS, coded=coded, text=text,
                  published=published, title=title)


@router.get("/docs")
def api_docs(request: Request):
    """The OpenAPI page: Swagger UI served from this app (FastAPI's default loads a CDN)."""
    return render(request, "docs.html")
