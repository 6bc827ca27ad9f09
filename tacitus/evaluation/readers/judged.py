"""The project's judged article set (tacitus/evaluation/judged): its folder is the path."""
from __future__ import annotations

from pathlib import Path

from ..judged import read as _read


def read(path: Path):
    return _read(path)


def read_lower(path: Path):
    """The lower-cased copy: every article lower-cased, the coded offsets unchanged."""
    return _read(path, lower_all=True)
