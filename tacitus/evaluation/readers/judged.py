"""The project's own hand-coded sets: the judged article set (its folder is the path) and the
labelled sentence corpus' test split (tacitus/learning/labels)."""
from __future__ import annotations

from pathlib import Path

from ..judged import read as _read


def read(path: Path):
    return _read(path)


def read_lower(path: Path):
    """The lower-cased copy: every article lower-cased, the coded offsets unchanged."""
    return _read(path, lower_all=True)


def read_labelled(path: Path):
    """The labelled sentence corpus' test split (tacitus/learning/labels), article by article."""
    from ..labelled import read as _labelled
    return _labelled(path, "test")
