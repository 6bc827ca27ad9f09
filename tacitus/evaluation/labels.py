"""Label mappings from gold sets' own vocabularies to PLOVER, read from `mappings/*.tsv`."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalError

MAPPINGS = Path(__file__).with_name("mappings")


NO_EVENT = "none"  # a mapping target meaning "no political event at all"


@dataclass(frozen=True)
class Target:
    """A PLOVER event type (None: no PLOVER equivalent) and an optional mode; `no_event`: the
    label names something that is no political event (a disaster), so "no event" is right."""

    event_type: str | None
    mode: str | None = None
    no_event: bool = False


@functools.cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    """One mapping file as {key: (columns...)}; '-' cells become empty strings."""
    path = MAPPINGS / f"{name}.tsv"
    if not path.exists():
        raise EvalError(f"{path}: no such label mapping")
    rows = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2:
            raise EvalError(f"{path}:{number}: expected tab-separated columns")
        rows[cells[0]] = tuple("" if c == "-" else c for c in cells[1:])
    return rows


def to_plover(name: str, label: str, *, prefix: bool = False) -> Target | None:
    """Map `label` with mapping `name`; None when the label is not in the file at all.

    With `prefix`, the longest key that starts `label` wins (CAMEO 084 before 08).
    """
    rows = table(name)
    key = label.strip()
    if prefix:
        keys = [k for k in rows if key.startswith(k)]
        key = max(keys, key=len) if keys else None
    else:
        folded = {k.casefold(): k for k in rows}
        key = folded.get(key.casefold())
    if key is None:
        return None
    cells = rows[key]
    if cells[0] == NO_EVENT:
        return Target(None, None, no_event=True)
    return Target(cells[0] or None, (cells[1] if len(cells) > 1 else "") or None)


def quad_class(event_type: str | None) -> int:
    """PLOVER quad class of a type; 0 for no event."""
    if not event_type:
        return 0
    return int(table("plover_quad").get(event_type, ("0",))[0])


def cameo_penta(code: str) -> int | None:
    cells = table("cameo_penta").get(code.strip()[:2])
    return int(cells[0]) if cells else None
