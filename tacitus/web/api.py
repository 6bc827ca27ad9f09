"""The HTTP API under /api/v1: a shell over `tacitus.database` (and `tacitus.code` for
POST /code). Lists take the filters of `tacitus events`; errors have one JSON shape."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException

from ..database import browse, detail
from ..database.export import FORMATS, export
from ..database.filters import EventFilter
from ..database.query import find_events, count_events
from .params import event_filter, page_limit

router = APIRouter(prefix="/api/v1", tags=["api"])
MAX_EXPORT = 100_000    # events in one export
MAX_CODE_CHARS = 100_000  # characters of one article sent to POST /code
MEDIA = {"plover": ("application/x-ndjson", "jsonl"), "polecat": ("text/tab-separated-values", "tsv"),
         "gdelt": ("text/tab-separated-values", "tsv"), "icews": ("text/tab-separated-values", "tsv"),
         "csv": ("text/csv", "csv"), "parquet": ("application/vnd.apache.parquet", "parquet")}
Filter = Annotated[EventFilter, Depends(event_filter)]


def conn(request: Request):
    return request.app.state.store.connection()


@router.get("/events", summary="the filtered events: a page as JSON, or all in an export format")
def events(request: Request, f: Filter, limit: Annotated[int, Depends(page_limit)],
           offset: Annotated[int, Query(ge=0)] = 0,
           sort: Annotated[str, Query(description="date, type, mentions, sources or id; '-' reverses")] = "date",
           format: Annotated[Literal["json", *FORMATS], Query(description="json (a page) or an export format (every matching event)")] = "json"):
    db = conn(request)
    if format != "json":
        return _export(db, f, format)
    page = browse.event_page(db, f, offset=offset, limit=limit, sort=sort)
    return plain({"total": page.total, "offset": page.offset, "limit": page.limit,
                  "sort": page.sort, "next_offset": page.next_offset,
                  "filter": dict(_grouped(f.to_params())),
                  "events": [e.to_dict() for e in page.events]})


def plain(content) -> JSONResponse:
    """A response of plain JSON values, written as they are: FastAPI's own encoder walks
    every value again and costs more than the query on a page of events."""
    return JSONResponse(content)


def _grouped(pairs):
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in grouped.items()}


def _export(db, f: EventFilter, format: str) -> FileResponse:
    total = count_events(db, f)
    if total > MAX_EXPORT:
        raise HTTPException(400, f"{total} events match; narrow the filter to at most "
                                 f"{MAX_EXPORT} for one export (or use `tacitus export`)")
    media, suffix = MEDIA[format]
    handle = tempfile.NamedTemporaryFile(prefix="tacitus-", suffix=f".{suffix}", delete=False)
    handle.close()
    path = Path(handle.name)
    export(find_events(db, f), format, path)
    stamp = dt.date.today().isoformat()
    return FileResponse(path, media_type=media, filename=f"tacitus-events-{stamp}.{suffix}",
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.get("/events/{event_id}", summary="one event with every report of it")
def event(request: Request, event_id: int):
    found = detail.event_detail(conn(request), event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id} in this database")
    row = {k: v for k, v in found.row.items()}
    return plain({**found.stored.to_dict(), "row": row, "reports": [{
        "mention_id": r.mention_id, "article_id": r.article_id, "title": r.title,
        "outlet": r.outlet, "url": r.url, "published": r.published, "record": r.event.to_dict(),
        "sentences": [{"section": section, "segments": [s.to_dict() for s in pieces]}
                      for section, pieces in r.sentences]} for r in found.reports]})


@router.get("/articles/{article_id}", summary="an article's text, metadata and event spans")
def article(request: Request, article_id: str):
    view = detail.article_view(conn(request), article_id)
    if view is None:
        raise HTTPException(404, f"no article {article_id} in this database")
    return plain({**view.meta, "text": view.text,
            "events": [{"id": e.id, "event_type": e.event.event_type, "mode": e.event.mode,
                        "asserted": e.event.asserted,
                        "spans": [{"start": m.start, "end": m.end, "kind": m.kind}
                                  for m in detail.event_marks(e.event)]} for e in view.events]})


@router.get("/timeline", summary="counts of the filtered events per period and type or quad class")
def timeline(request: Request, f: Filter,
             interval: Literal["day", "week", "month"] = "month",
             by: Literal["type", "quad"] = "type"):
    return plain({"interval": interval, "by": by,
                  "counts": browse.timeline(conn(request), f, interval=interval, by=by)})


@router.get("/dyads", summary="the most frequent actor -> recipient pairs")
def dyads(request: Request, f: Filter, top: Annotated[int, Query(ge=1, le=500)] = 50):
    return plain({"dyads": [{"actor": d.actor.label, "recipient": d.recipient.label,
                       "actor_party": d.actor.__dict__, "recipient_party": d.recipient.__dict__,
                       "events": d.events, "filter": _grouped(d.params)}
                      for d in browse.dyads(conn(request), f, top=top)]})


@router.get("/places", summary="the places of the filtered events (GeoJSON)")
def places(request: Request, f: Filter, top: Annotated[int, Query(ge=1, le=10_000)] = 2000):
    return plain(browse.places_geojson(conn(request), f, top=top))


@router.get("/countries", summary="filtered events by the country of their place")
def countries(request: Request, f: Filter):
    return plain({"countries": browse.country_counts(conn(request), f)})


@router.get("/facets", summary="the most frequent values of each filter among the filtered events")
def facets(request: Request, f: Filter, top: Annotated[int, Query(ge=1, le=200)] = 15):
    return plain(browse.facets(conn(request), f, top=top))


@router.get("/stats", summary="database figures: sizes, failures by reason, coverage")
def stats(request: Request):
    return plain(browse.health(conn(request)))


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_CODE_CHARS,
                      description="the article; a title line at the top is the headline")
    published: dt.date | None = Field(None, description="publication date, for relative dates")
    title: str | None = Field(None, max_length=500)


@router.post("/code", summary="code one article with the library; nothing is stored")
async def code(body: CodeRequest):
    preview = await run_in_threadpool(code_article, body.text, body.published, body.title)
    return preview


def code_article(text: str, published: dt.date | None, title: str | None) -> dict:
    """Code `text` (nothing stored): its events and the text cut at their spans."""
    import tacitus
    from ..reading import read_text
    options = tacitus.DEFAULT.with_(published=published, title=title)
    article = tacitus.code(read_text(text, options, source="<pasted article>"), options)
    marks = [m for n, e in enumerate(article.events) for m in detail.event_marks(e, n)]
    return {"text": article.text, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "events": [e.to_dict() for e in article.events],
            "segments": [s.to_dict() for s in detail.segments(article.text, marks)]}
