"""The `tacitus` command: a thin shell over the library.

Each command group lives in its own module with `register(subparsers)`, which adds its
sub-commands and sets `func(args) -> int` on them. No coding logic lives here.
"""
from __future__ import annotations

import argparse
import importlib
import signal
import sqlite3
import sys
import threading

from ..errors import TacitusError

COMMAND_MODULES = ("code", "knowledge", "evaluate", "database", "train", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tacitus",
        description="Code political events (PLOVER) from news text, offline.",
    )
    parser.add_argument("--version", action="version", version=f"tacitus {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            continue  # a command group not built yet
        module.register(subparsers)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is (what is saved stays saved), then exit status 143."""


def _terminate(signum, frame):
    raise Terminated()


def interrupted_status(stop: BaseException | None = None) -> int:
    """The exit status after an interruption: 143 for SIGTERM, 130 for Ctrl-C."""
    return 143 if isinstance(stop, Terminated) or _terminated.is_set() else 130


_terminated = threading.Event()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    _terminated.clear()
    previous = _on_sigterm()
    try:
        return args.func(args) or 0
    except TacitusError as error:
        print(f"tacitus: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:
        print("tacitus: interrupted", file=sys.stderr)
        return interrupted_status(stop)
    except BrokenPipeError:
        return 0
    except sqlite3.Error as error:
        print(f"tacitus: error: the database answered: {error}; check --db and the disk",
              file=sys.stderr)
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"tacitus: error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _on_sigterm():
    """SIGTERM raises `Terminated` in the main thread; returns the handler it replaced."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):
        _terminated.set()
        _terminate(signum, frame)
    return signal.signal(signal.SIGTERM, handler)


def _version() -> str:
    from .. import __version__
    return __version__
