"""`tacitus code PATH|URL|-`: code one article and print its events."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import code, read
from ..formats import FORMATS, write
from ..options import Options


def register(subparsers) -> None:
    p = subparsers.add_parser("code", help="code one article (text, HTML, URL or - for stdin) into events",
                              description="Code one news article into PLOVER events.")
    p.add_argument("source", help="a text or HTML file, an http(s) URL, or - for standard input")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="table (readable, default), jsonl (native records) or plover (PLOVER JSON records)")
    p.add_argument("--published", type=_date, help="publication date YYYY-MM-DD (overrides the input's)")
    p.add_argument("--url", help="the article's URL (overrides the input's)")
    p.add_argument("--outlet", help="the outlet that published it (overrides the input's)")
    p.add_argument("--title", help="the headline (overrides the input's)")
    p.add_argument("--actors", type=Path, action="append", default=[],
                   help="an extra actor file (YAML or CSV, knowledge format) adding or overriding entries; repeatable")
    p.add_argument("--asserted-only", action="store_true",
                   help="leave out negated and hypothetical events instead of flagging them")
    add_model_flag(p)
    p.add_argument("--config", type=Path,
                   help="a TOML file whose [tacitus] table sets options (flags override it)")
    add_fetch_flags(p)
    p.set_defaults(func=run)


def add_fetch_flags(p) -> None:
    """What a URL may reach and how large an input may be (code and ingest)."""
    p.add_argument("--allow-private", action="store_true",
                   help="let URLs reach loopback, private and link-local addresses (a news server "
                        "on your own network); refused by default")
    p.add_argument("--max-bytes", type=_positive_int, metavar="N",
                   help="refuse an article, table line or page over N bytes (default 5000000)")
    p.add_argument("--max-text-chars", type=_positive_int, metavar="N",
                   help="refuse an article whose text is over N characters (default 100000)")


def add_model_flag(parser) -> None:
    parser.add_argument("--no-model", dest="model", action="store_false", default=None,
                        help="lexicon only: leave out the learned event classifier (for comparison)")


def _date(text: str) -> dt.date:
    from ..calendars import EARLIEST, LATEST
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(f"{text!r} is not a plausible publication date "
                                         f"({EARLIEST.year}-{LATEST.year})")
    return day


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number above 0")
    return value


def options_from(args) -> Options:
    """Defaults, then the config file, then the flags."""
    from ..config import load_options
    options = load_options(args.config) if getattr(args, "config", None) else Options()
    changes = {name: value for name, value in (
        ("published", getattr(args, "published", None)), ("url", getattr(args, "url", None)),
        ("outlet", getattr(args, "outlet", None)), ("title", getattr(args, "title", None))) if value}
    if args.actors:
        changes["actor_files"] = tuple(options.actor_files) + tuple(args.actors)
    if getattr(args, "asserted_only", False):
        changes["keep_unasserted"] = False
    if getattr(args, "allow_private", False):
        changes["allow_private"] = True
    if getattr(args, "max_bytes", None):
        changes["max_bytes"] = args.max_bytes
    if getattr(args, "max_text_chars", None):
        changes["max_text_chars"] = args.max_text_chars
    if getattr(args, "time_budget", None) is not None:
        changes["time_budget"] = args.time_budget
    if getattr(args, "model", None) is False:
        changes["model"] = False
    return options.with_(**changes)


def run(args) -> int:
    options = options_from(args)
    article = code(read(args.source, options), options)
    write(article.events, args.format, sys.stdout, article)
    return 0
