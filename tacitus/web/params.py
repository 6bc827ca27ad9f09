"""Query parameters shared by the pages and the API: the `EventFilter`, a page, a sort.

FastAPI reads them from the query string and lists them in the OpenAPI page; the filter is
built by `EventFilter.from_params`, the same reader the links of the pages go through.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from ..database.browse import MAX_PAGE
from ..database.filters import EventFilter

Many = Annotated[list[str], Query()]


def event_filter(
    request: Request,
    since: Annotated[str | None, Query(description="events whose date window ends on or after this day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="events whose date window starts on or before this day")] = None,
    event_type: Annotated[list[str], Query(description="PLOVER event type (repeat, or commas: any of them)")] = [],
    mode: Annotated[str | None, Query(description="PLOVER mode, e.g. strike")] = None,
    quad: Annotated[list[str], Query(description="quad class 1-4 (repeatable)")] = [],
    actor: Annotated[str | None, Query(description="actor name (substring), country or sector code")] = None,
    recipient: Annotated[str | None, Query(description="recipient name (substring), country or sector code")] = None,
    actor_country: Annotated[list[str], Query(description="an actor of any of these countries (ISO alpha-3)")] = [],
    actor_sector: Annotated[list[str], Query(description="an actor of any of these sectors")] = [],
    recipient_country: Annotated[list[str], Query(description="a recipient of any of these countries")] = [],
    recipient_sector: Annotated[list[str], Query(description="a recipient of any of these sectors")] = [],
    place: Annotated[str | None, Query(description="place or province name (substring)")] = None,
    place_id: Annotated[int | None, Query(description="one stored place (as in /api/v1/places)")] = None,
    country: Annotated[list[str], Query(description="country of the event's place")] = [],
    outlet: Annotated[str | None, Query(description="reported by this outlet (substring)")] = None,
    asserted_only: Annotated[bool, Query(description="leave out negated and hypothetical events")] = False,
    negated: Annotated[bool, Query(description="only negated events")] = False,
    hypothetical: Annotated[bool, Query(description="only hypothetical events")] = False,
    # plain strings, checked by EventFilter: a form sends "" for "any", which is no filter
    implied: Annotated[str, Query(description="events whose actor the text does not name (unidentified, or the authority an arrest implies): keep, drop, or only them")] = "keep",
    decided_by: Annotated[str | None, Query(description="only events found by the lexicon, the learned classifier, or both: lexicon, model or both")] = None,
    search: Annotated[str | None, Query(description="words that must all occur in an evidence sentence (plain words, not FTS5 syntax)", max_length=500)] = None,
) -> EventFilter:
    """The filter of this request (the arguments above document it; the reader is shared).
    A URL never sets the raw FTS5 `text` of the command line: `search` is escaped."""
    return EventFilter.from_params(request.query_params.multi_items()).with_(text=None)


def page_limit(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"events per page (at most {MAX_PAGE})")] = 50,
) -> int:
    return limit
