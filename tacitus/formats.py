"""Output formats for coded events: a readable table, native JSONL, PLOVER JSON records."""
from __future__ import annotations

import json
import shutil
import textwrap
from typing import Iterable

from . import __version__
from .records import Actor, Event

FORMATS = ("table", "jsonl", "plover")


def write(events: Iterable[Event], fmt: str, out, article=None) -> None:
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "plover":
        for event in events:
            out.write(json.dumps(plover_record(event, article), ensure_ascii=False) + "\n")
    else:
        out.write(table(list(events), article))


def party(actors: Iterable[Actor]) -> str:
    return "; ".join(f"{a.name}{' (implied)' if a.implied else ''} "
                     f"[{a.country or '?'}{' ' + a.sector if a.sector else ''}]" for a in actors) or "-"


def flags(event: Event) -> str:
    m = event.modality
    return ",".join(f for f, on in (("negated", m.negated), ("hypothetical", m.hypothetical),
                                    ("future", m.future), ("historical", m.historical)) if on)


def table(events: list[Event], article=None) -> str:
    width = max(60, min(shutil.get_terminal_size((110, 20)).columns, 140))
    lines = []
    if article is not None:
        head = article.title or article.source or article.id
        lines.append(f"{head} — published {article.published or 'unknown'}: {len(events)} events")
        lines.append("")
    for n, e in enumerate(events, 1):
        kind = e.event_type + (f"/{e.mode}" if e.mode else "")
        date = f"{e.date.value or '?'} ({e.date.granularity})"
        found = e.decided_by + (f" {e.model_probability:.2f}" if e.model_probability is not None else "")
        lines.append(f"{n:>2}. {kind:<22} {date:<24} conf {e.confidence:.2f}  ({found})"
                     + (f"  [{flags(e)}]" if flags(e) else ""))
        lines.append(f"    actor:     {party(e.actor)}")
        lines.append(f"    recipient: {party(e.recipient)}")
        if e.location:
            lines.append(f"    where:     {e.location.name or e.location.text} ({e.location.country or '?'})")
        sizes = _sizes(e)
        if sizes:
            lines.append(f"    size:      {sizes}")
        if e.reported_by:
            lines.append(f"    source:    {' <- '.join(s.name for s in e.reported_by)}")
        lines.append(f"    cameo {e.cameo or '-'}, quad {e.quad_class}, intensity {e.intensity:+.1f}")
        shown = list({ev.sentence_index: ev for ev in reversed(e.evidence)}.values())[::-1]
        for ev in shown[:2]:
            quote = textwrap.shorten(ev.sentence, width=width - 18, placeholder=" …")
            lines.append(f"    {ev.section:<9}  “{quote}”")
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "no events found\n")


def _sizes(e: Event) -> str:
    parts = [f"{k} {v}" for k, v in (("dead", e.size.dead), ("injured", e.size.injured),
                                       ("arrested", e.size.arrested)) if v is not None]
    parts += [f"{c.qualifier + ' ' if c.qualifier else ''}{c.value:g} {c.what}" for c in e.size.counts]
    return ", ".join(parts)


def plover_record(event: Event, article=None) -> dict:
    """The PLOVER manual's record shape (chapter "Data Fields")."""
    def entity(a: Actor) -> dict:
        return {"code": a.country, "sector": a.sector, "entity_text": a.text,
                "identifier_id": a.wikidata, "identifier_text": a.name, "office": a.role,
                "implied": a.implied}

    record = {
        "id": event.id, "date": event.date.value, "actor": [entity(a) for a in event.actor],
        "recipient": [entity(a) for a in event.recipient], "event": [event.event_type],
        "mode": [event.mode] if event.mode else [], "context": list(event.context),
        "quad_code": event.quad_class, "event_scale": event.intensity,
        "event_text": [ev.trigger.text for ev in event.evidence if ev.trigger],
        "text_info": [{"sequence": ev.sentence_index, "start": ev.sentence_start, "end": ev.sentence_end}
                      for ev in event.evidence],
        "coder": f"tacitus {__version__}", "codebook": "plover-2.0",
    }
    if event.location:
        loc = event.location
        record["event_loc"] = {"extracted_place": loc.text, "resolved_place": loc.name, "geonameid": loc.geonames_id,
                               "lat": loc.lat, "lon": loc.lon, "province": loc.admin1, "country_code": loc.country}
    record.update({k: v for k, v in (("dead", event.size.dead), ("injured", event.size.injured),
                                     ("arrested", event.size.arrested)) if v is not None})
    if article is not None:
        record["cite_info"] = {"url": article.url, "title": article.title, "publication": article.outlet,
                               "language": "en"}
    return record
