"""Readers of public gold formats: one module per format family, each yielding `gold` items.

`FORMATS` names every format `tacitus eval --format` accepts, with the task that scores it.
Files may be gzip-compressed (detected from the first bytes, not the name).
"""
from __future__ import annotations

import gzip
import importlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import EvalError


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    function: str
    task: str
    description: str


FORMATS = {f.name: f for f in (
    Format("plover-gsr", "plover_gsr", "read", "sentence_events",
           "PLOVER gold-standard records (JSON list: event, source/target actors, text)"),
    Format("conflibert-class", "conflibert", "read_class", "penta",
           "sentence TAB CAMEO penta class 0-4"),
    Format("conflibert-ner", "conflibert", "read_ner", "roles",
           "CoNLL token TAG, BIO tags with S = source actor, T = target"),
    Format("polnear", "polnear", "read", "attribution",
           "BRAT standoff .ann/.txt with Source / Cue / Content attributions"),
    Format("timeml", "timeml", "read", "dates", "TimeML .tml files: TIMEX3 values and the DCT"),
    Format("event-location", "event_location", "read", "event_location",
           "Prodigy JSONL: an event VERB span and the LOCATION spans where it happened"),
    Format("geoparsing-xml", "geoparsing", "read", "geoparsing",
           "GeoWebNews / LGL / TR-News / GeoVirus toponym XML"),
    Format("wikievents", "wikievents", "read", "document_events",
           "KAIROS JSONL documents with event mentions (WikiEvents)"),
    Format("case2021", "case2021", "read", "sentence_events",
           "CASE 2021 task 2 TSV: id TAB EventSnippet TAB SubType (ACLED codes or names)"),
    Format("india-police", "india_police", "read", "labelled_documents",
           "IndiaPoliceEvents data/final/ (sents.jsonl, docs.jsonl, metadata.jsonl) or one "
           "of its files: KILL / ARREST / FAIL / FORCE / ANY_ACTION per sentence and document"),
    Format("plv", "plv", "read", "relations",
           "PLV TSV (Zero-Shot-PLOVER): marked source/target sentences with 15 PLOVER types"),
    Format("petrarch-xml", "petrarch", "read", "sentence_events",
           "PETRARCH / UniversalPetrarch validation XML with CAMEO codes"),
    Format("judged", "judged", "read", "judged",
           "the project's judged article set (folder tacitus/evaluation/judged)"),
    Format("judged-lower", "judged", "read_lower", "judged",
           "the judged article set, every article lower-cased"),
    Format("labelled", "judged", "read_labelled", "labelled",
           "the labelled sentence corpus' test split (folder tacitus/learning/labels)"),
)}


def read(path: str | Path, fmt: str) -> Iterator:
    """Gold items of `path` read as format `fmt`."""
    if fmt not in FORMATS:
        raise EvalError(f"unknown gold format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    path = Path(path)
    if not path.exists():
        raise EvalError(f"{path}: no such file or directory")
    spec = FORMATS[fmt]
    module = importlib.import_module(f"{__name__}.{spec.module}")
    return getattr(module, spec.function)(path)


def open_text(path: Path) -> io.TextIOBase:
    """Open a text file, gunzipping it when it starts with the gzip magic bytes."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")


def read_text(path: Path) -> str:
    with open_text(path) as handle:
        return handle.read()


def json_records(path: Path) -> Iterator[dict]:
    """Records of a JSONL file, or of a file holding one JSON list."""
    text = read_text(path)
    if text.lstrip().startswith("["):
        yield from _loads(path, text)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield _loads(path, line, number)


def _loads(path: Path, text: str, number: int | None = None):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{path}:{number}" if number else str(path)
        raise EvalError(f"{where}: not valid JSON ({error.msg})") from error


def find_span(text: str, needle: str, start: int = 0):
    """Where `needle` occurs in `text` as a GoldSpan, or None.

    Gold actor texts are not always verbatim: spacing differs ("Azadliq (Freedom)  opposition"),
    an ellipsis skips words ("U.S. ... negotiators"), or a shared head is distributed ("French
    warships" in "French and Egyptian warships"). So the words are found in order, at most a
    few words apart, and the span runs from the first to the last.
    """
    import re

    from ..gold import GoldSpan
    if not needle or not needle.strip():
        return None
    at = text.find(needle, start)
    if at >= 0:
        return GoldSpan(at, at + len(needle), needle)
    words = [w for w in re.split(r"\s+|\.\.\.|\u2026", needle) if w]
    if not words:
        return None
    gap = r"(?:\W+\w+){0,4}?\W+"
    pattern = r"(?<!\w)" + gap.join(re.escape(w) for w in words) + r"(?!\w)"
    found = re.compile(pattern).search(text, start)
    if not found:
        return None
    return GoldSpan(found.start(), found.end(), found.group())


def files(path: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """`path` itself, or the files under it whose name ends with one of `suffixes`."""
    if path.is_file():
        return [path]
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(suffixes))
    if not found:
        raise EvalError(f"{path}: no {' or '.join(suffixes)} files here")
    return found
