"""`tacitus actor` and `tacitus place`: what the knowledge base says about a name."""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path



def register(subparsers: argparse._SubParsersAction) -> None:
    actor = subparsers.add_parser(
        "actor", help="Show how an actor name is coded (country, sector, role) on a date.",
        description="Look a name up in the actor knowledge: people (as of a date), states, "
                    "adjectives, metonyms, organisations.")
    actor.add_argument("name", help="the name as news writes it, e.g. 'Mike Pompeo' or 'Kremlin'")
    actor.add_argument("--on", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                       help="the date to resolve roles on (default: the data's as-of date)")
    actor.add_argument("--format", choices=("table", "json"), default="table",
                       help="output format (default: table)")
    actor.add_argument("--knowledge", action="append", type=Path, default=[], metavar="FILE",
                       help="an extra knowledge file (YAML or people CSV) that adds or overrides "
                            "entries; may be repeated")
    actor.set_defaults(func=run_actor)

    place = subparsers.add_parser(
        "place", help="Show how a place name resolves in the offline gazetteer.",
        description="Look a place name up in the offline gazetteer.")
    place.add_argument("name", help="the place name, e.g. 'Kharkiv'")
    place.add_argument("--country", action="append", default=[], metavar="ISO3",
                       help="prefer places in this country; may be repeated")
    place.add_argument("--format", choices=("table", "json"), default="table",
                       help="output format (default: table)")
    place.set_defaults(func=run_place)


def run_actor(args: argparse.Namespace) -> int:
    from ..knowledge import describe_actor
    found = describe_actor(args.name, on=args.on, extra_files=tuple(args.knowledge))
    _print(found, args.format)
    return 0 if found["in_knowledge_base"] else 1


def run_place(args: argparse.Namespace) -> int:
    from ..knowledge.gazetteer import describe_place  # written alongside; imported when used
    found = describe_place(args.name, countries=tuple(args.country))
    _print(found, args.format)
    return 0


def _print(found: dict, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(found, ensure_ascii=False, indent=2, default=str))
        return
    width = max(len(k) for k in found)
    for k, v in found.items():
        shown = ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else v)
        print(f"{k:<{width}}  {shown}")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD")
