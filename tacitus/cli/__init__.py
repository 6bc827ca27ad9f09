"""The `tacitus` command: a thin shell over the library.

Each command group lives in its own module with `register(subparsers)`, which adds its
sub-commands and sets `func(args) -> int` on them. No coding logic lives here.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from ..errors import TacitusError

COMMAND_MODULES = ("code", "knowledge", "evaluate", "database", "train")


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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except TacitusError as error:
        print(f"tacitus: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tacitus: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _version() -> str:
    from .. import __version__
    return __version__
