"""PolNeAR attributions in BRAT standoff: `X.ann` beside (or in `attributions/` next to) `X.txt`.

A split folder holds `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann`; where several
annotators did one article, the first annotator file in name order is used.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import AttributionDoc, GoldAttribution, GoldSpan
from . import read_text


def read(path: Path) -> Iterator[AttributionDoc]:
    for ann, txt in _pairs(path):
        yield parse(ann.stem, read_text(txt), read_text(ann), ann)


def _pairs(path: Path) -> list[tuple[Path, Path]]:
    if path.is_file():
        return [(path, _text_for(path, path.parent))]
    anns = sorted(path.rglob("*.ann"))
    if not anns:
        raise EvalError(f"{path}: no .ann files here")
    pairs, seen = [], set()
    for ann in anns:
        txt = _text_for(ann, ann.parent.parent / "text")
        if txt not in seen:
            seen.add(txt)
            pairs.append((ann, txt))
    return pairs


def _text_for(ann: Path, text_dir: Path) -> Path:
    stem = ann.stem
    candidates = [ann.with_suffix(".txt"), text_dir / f"{stem}.txt",
                  text_dir / f"{stem.rpartition('_')[0]}.txt"]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise EvalError(f"{ann}: no matching .txt file (looked for {candidates[-1].name})")


def parse(doc_id: str, text: str, ann: str, where: Path | str = "") -> AttributionDoc:
    """The `Attribution` events of one .ann file: source, cue and content spans."""
    pieces: dict[str, tuple[GoldSpan, ...]] = {}
    links: list[dict[str, str]] = []
    for number, line in enumerate(ann.splitlines(), 1):
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, ranges = fields[1].partition(" ")
            pieces[fields[0]] = _pieces(text, ranges, f"{where}:{number}")
        elif line.startswith("E") and len(fields) >= 2:
            args = dict(part.split(":", 1) for part in fields[1].split() if ":" in part)
            if next(iter(args), "").startswith("Attribution"):
                links.append(args)
    found = tuple(GoldAttribution(cue=_whole(text, pieces[link["Cue"]]),
                                  source=_whole(text, pieces[link["Source"]])
                                  if link.get("Source") in pieces else None,
                                  content=pieces.get(link.get("Content", ""), ()))
                  for link in links if link.get("Cue") in pieces)
    return AttributionDoc(id=doc_id, text=text, attributions=found)


def _pieces(text: str, ranges: str, where: str) -> tuple[GoldSpan, ...]:
    """The pieces of a BRAT span ('3 9;12 20' is discontinuous: two pieces)."""
    try:
        pairs = [tuple(map(int, part.split())) for part in ranges.split(";")]
        return tuple(GoldSpan(start, end, text[start:end]) for start, end in pairs)
    except ValueError as error:
        raise EvalError(f"{where}: bad BRAT offsets {ranges!r}") from error


def _whole(text: str, pieces: tuple[GoldSpan, ...]) -> GoldSpan:
    """A source or cue is scored as one span, from its first start to its last end."""
    start, end = pieces[0].start, pieces[-1].end
    return GoldSpan(start, end, text[start:end])
