"""`tacitus ingest`, `tacitus events`, `tacitus stats`, `tacitus export`: a shell over
`tacitus.ingest` and `tacitus.database`; no logic of their own."""
from __future__ import annotations

import argparse
import csv
from pathlib import Path
import json
import sys

from dataclasses import fields

from ..database import DEFAULT_PATH
from ..database.filters import EventFilter
from .code import add_model_flag
from ..database.export import FLAT_COLUMNS, FORMATS, flat_row

TABLE_COLUMNS = (("id", 5), ("date", 10), ("event_type", 10), ("mode", 10), ("actor", 24),
                 ("recipient", 24), ("place", 14), ("mentions", 8), ("sources", 7))


STATS_HEADERS = {"totals": ("rows",), "outlet": ("events", "articles")}


def register(subparsers) -> None:
    _register_ingest(subparsers)
    events = subparsers.add_parser("events", help="list the stored events, filtered",
                                   description="List the stored events that match every filter.")
    _add_db(events)
    _add_filters(events)
    events.add_argument("--format", choices=("table", "csv", "jsonl"), default="table",
                        help="table on screen (default), CSV or JSON Lines (native records)")
    events.add_argument("--limit", type=_count, help="at most this many events (0: none)")
    _add_formulas(events)
    events.set_defaults(func=_events)

    stats = subparsers.add_parser("stats", help="counts of events by type, month, dyad, outlet",
                                  description="Counts of the stored events.")
    _add_db(stats)
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    stats.set_defaults(func=_stats)

    export = subparsers.add_parser("export", help="write the stored events in an event-data format",
                                   description="Write the matching events to a file.")
    _add_db(export)
    export.add_argument("--format", required=True, choices=tuple(FORMATS),
                        help="plover (JSON Lines, or a JSON array for .json), polecat, gdelt, "
                             "icews (TSV), csv or parquet")
    export.add_argument("--output", "-o", required=True,
                        help="the file to write (never the database itself)")
    _add_formulas(export)
    _add_filters(export)
    export.set_defaults(func=_export)


def _register_ingest(subparsers) -> None:
    ingest = subparsers.add_parser(
        "ingest", help="code news files, tables, WARC archives or feeds into the event database",
        description="Read, code and store articles. Already stored articles are skipped, so "
                    "rerunning after Ctrl-C continues where it stopped.")
    ingest.add_argument("paths", nargs="+", metavar="PATH",
                        help="files, directories, JSONL/CSV (.gz too), WARC, RSS/Atom files or URLs")
    _add_db(ingest)
    for name, common in (("text", "text/body/content"), ("date", "date/published/publish_date"),
                         ("url", "url/link"), ("title", "title/headline"),
                         ("outlet", "source/outlet/publisher"), ("author", "author/byline")):
        ingest.add_argument(f"--{name}-column", metavar="NAME",
                            help=f"the table column holding the {name} (default: {common})")
    ingest.add_argument("--limit", type=_count, help="stop after this many articles")
    ingest.add_argument("--actors", type=Path, action="append", default=[],
                        help="an extra actor file (YAML or CSV, knowledge format); repeatable")
    add_model_flag(ingest)
    ingest.add_argument("--config", type=Path,
                        help="a TOML file whose [tacitus] table sets options (flags override it)")
    ingest.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    ingest.add_argument("--time-budget", type=float, metavar="SECONDS",
                        help="an article still coding after this many seconds fails alone, with "
                             "that reason (default 10; 0: no limit)")
    from .code import add_fetch_flags
    add_fetch_flags(ingest)
    ingest.add_argument("--workers", "-j", type=int, default=1, metavar="N",
                        help="code in N processes (0: one per core; default 1)")
    ingest.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: this machine (default); dask: a Dask cluster, which writes "
                             "Parquet partitions to --output, loaded into --db after")
    ingest.add_argument("--scheduler", metavar="ADDRESS",
                        help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (default with "
                             "--engine dask: a local cluster of --workers processes)")
    ingest.add_argument("--output", metavar="DIR",
                        help="with --engine dask: the folder for the Parquet partitions "
                             "(default: DB.parts/ beside the database)")
    ingest.set_defaults(func=_ingest)


def _add_db(parser) -> None:
    parser.add_argument("--db", default=DEFAULT_PATH, metavar="FILE",
                        help=f"the event database (default: ./{DEFAULT_PATH})")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, 0 or more")
    return value


def _filter_date(text: str) -> str:
    from ..database.filters import filter_date
    from ..errors import FilterError
    try:
        filter_date("date", text)
    except FilterError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _add_formulas(parser) -> None:
    parser.add_argument("--allow-formulas", action="store_true",
                        help="write CSV/TSV cells starting with = + - @ as they are; by default "
                             "they get a leading ' so a spreadsheet cannot run article text")


def _add_filters(parser) -> None:
    group = parser.add_argument_group("filters")
    add = group.add_argument
    add("--since", metavar="DATE", type=_filter_date,
        help="events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)")
    add("--until", metavar="DATE", type=_filter_date,
        help="events on or before this date (YYYY-MM-DD, YYYY-MM or YYYY)")
    add("--actor", metavar="WHO", help="actor name, country code or sector code")
    add("--recipient", metavar="WHO", help="recipient name, country code or sector code")
    add("--actor-country", action="append", metavar="CODE",
        help="an actor of this country (repeatable: any of them)")
    add("--actor-sector", action="append", metavar="CODE",
        help="an actor of this sector (repeatable; with --actor-country: the same actor)")
    add("--recipient-country", action="append", metavar="CODE",
        help="a recipient of this country (repeatable: any of them)")
    add("--recipient-sector", action="append", metavar="CODE",
        help="a recipient of this sector (repeatable)")
    add("--type", dest="event_type", action="append", metavar="TYPE",
        help="PLOVER event type, e.g. PROTEST (repeatable: any of them)")
    add("--mode", help="PLOVER mode, e.g. strike")
    add("--quad", type=int, choices=(1, 2, 3, 4), action="append",
        help="quad class (repeatable)")
    add("--place", help="place name (or province) of the event")
    add("--country", action="append", metavar="CODE",
        help="country code of the event's place (repeatable)")
    add("--outlet", help="reported by this outlet")
    add("--asserted-only", action="store_true", help="leave out negated and hypothetical events")
    add("--negated", action="store_true", help="only negated events")
    add("--hypothetical", action="store_true", help="only hypothetical events")
    add("--implied", choices=("keep", "drop", "only"), default="keep",
        help="events whose actor the text does not name (unidentified or implied, as 'police' for "
             "'were arrested'): keep them (default), drop them, or show only them")
    add("--decided-by", choices=("lexicon", "model", "both"),
        help="only events found by the lexicon, the learned classifier, or both")
    add("--text", metavar="QUERY", help="full-text search of the evidence sentences (FTS5 syntax)")


def _filters(args) -> EventFilter:
    """The flags -> the `EventFilter` that the HTTP API and the web pages build too."""
    names = {f.name for f in fields(EventFilter)}
    return EventFilter(**{name: getattr(args, name) for name in names
                          if getattr(args, name, None) not in (None, [], False)})


def _ingest(args) -> int:
    from ..database import open_database
    from ..ingest import Columns, Progress, ingest
    columns = Columns(text=args.text_column, published=args.date_column, url=args.url_column,
                      title=args.title_column, outlet=args.outlet_column, author=args.author_column)
    from .code import options_from
    options = options_from(args)
    if args.engine == "dask":
        from ..distributed import ingest_dask
        return ingest_dask(args.paths, args.db, columns=columns, scheduler=args.scheduler,
                           output=args.output, workers=args.workers, limit=args.limit,
                           quiet=args.quiet, options=options)
    with open_database(args.db) as db:
        report = ingest(args.paths, db, options=options, columns=columns, limit=args.limit,
                        progress=None if args.quiet else Progress(),
                        workers=args.workers or None)
    if report.interrupted:
        from . import interrupted_status
        if args.quiet:  # the progress line says it otherwise
            print(f"tacitus: interrupted after {report.stored} new articles; every article "
                  "saved stays saved; run the same command again to continue", file=sys.stderr)
        return interrupted_status()
    if report.failed:
        print(f"tacitus: {report.failed} of {report.seen} items failed; each has its reason in "
              f"the failures table of {args.db} (sqlite3 {args.db} 'SELECT * FROM failures'); "
              "a rerun tries them again", file=sys.stderr)
        return 1
    return 0


def _events(args) -> int:
    from ..database import open_database
    from ..database.export import csv_rows
    with open_database(args.db, readonly=True) as db:
        events = db.events(_filters(args), limit=args.limit)
    if args.format == "jsonl":
        for stored in events:
            record = {**stored.event.to_dict(), "mentions": stored.mentions,
                      "articles": stored.articles, "sources": stored.sources,
                      "outlets": list(stored.outlets)}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        writer.writerows(csv_rows((flat_row(s) for s in events), not args.allow_formulas))
    else:
        _print_table([flat_row(s) for s in events])
    return 0


def _cell(value, width: int) -> str:
    text = "" if value is None else str(value)
    return (text[:width - 1] + "…" if len(text) > width else text).ljust(width)


def _print_table(rows: list[dict]) -> None:
    print("  ".join(_cell(name, width) for name, width in TABLE_COLUMNS))
    for row in rows:
        print("  ".join(_cell(row[name], width) for name, width in TABLE_COLUMNS))
    print(f"({len(rows)} events)", file=sys.stderr)


def _stats(args) -> int:
    from ..database import open_database
    with open_database(args.db, readonly=True) as db:
        counts = db.stats()
    if args.json:
        print(json.dumps(counts, indent=1))
        return 0
    for section, rows in counts.items():
        header = STATS_HEADERS.get(section, ("events",))
        print(f"== {section}\n  " + "  ".join(h.rjust(8) for h in header) + f"  {section}")
        for row in rows:
            print("  " + "  ".join(str(v).rjust(8) for v in row[1:]) + f"  {row[0]}")
    return 0


def _export(args) -> int:
    from ..database import open_database
    with open_database(args.db, readonly=True) as db:
        count = db.export(args.format, args.output, _filters(args), formula_safe=not args.allow_formulas)
    print(f"wrote {count} events to {args.output} ({args.format})", file=sys.stderr)
    return 0
