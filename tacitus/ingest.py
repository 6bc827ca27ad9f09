"""Ingest: news sources -> articles -> coded events in the event database.

    >>> from tacitus.database import open_database
    >>> from tacitus.ingest import ingest
    >>> report = ingest(["news.jsonl.gz", "crawl.warc.gz"], open_database("tacitus.db"))

Sources are files, directories, JSONL / CSV tables (plain or .gz), WARC archives of news
pages and RSS / Atom feeds (a file or a URL). Each becomes a stream of `Item`s; each item
is read into an `Article`, skipped if the database already holds it (same text or same
URL) *before* the costly coding, coded by `code_one`, and saved in its own transaction. An
item that cannot be read, coded or saved goes to the `failures` table and the batch goes
on; Ctrl-C stops between articles, and a rerun continues where it stopped.

`code_one` is a pure top-level function of (article, options, coder) so that a process pool
can run it; only the parent process writes to SQLite.
"""
from __future__ import annotations

import csv
import datetime as dt
import email.utils
import gzip
import io
import json
import sqlite3
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .article import Article
from .calendars import plausible
from .errors import (BinaryInput, DatabaseError, EmptyInput, InputError, InputTooLarge, PipelineError,
                     TacitusError, TimeBudgetExceeded)
from .feeds import feed_items, strip_tags, url_items  # noqa: F401  (strip_tags: re-exported)
from .items import Item, Unreadable, bounded_lines, read_limited
from .options import DEFAULT, Options

Coder = Callable[[Article, Options], Article]

# column names recognised without configuration, first match wins
COLUMN_NAMES = {
    "text": ("text", "body", "content", "article", "maintext"),
    "published": ("date", "published", "publish_date", "date_publish", "pubdate"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "outlet": ("source", "outlet", "publisher", "source_domain"),
    "author": ("author", "authors", "byline"),
}
TABLE_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                  ".tsv": "tsv", ".warc": "warc", ".arc": "warc", ".rss": "feed",
                  ".atom": "feed", ".xml": "feed", ".html": "html", ".htm": "html",
                  ".txt": "text", ".text": "text", ".md": "text"}


@dataclass(frozen=True)
class Columns:
    """Column names set by flags (--text-column etc.); None means: recognise it."""

    text: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None

    def pick(self, row: dict) -> dict:
        """The metadata of one table row, by the set name or the first common name."""
        lowered = {str(k).strip().lower(): k for k in row}
        picked = {}
        for name, common in COLUMN_NAMES.items():
            for column in ((getattr(self, name),) if getattr(self, name) else common):
                key = column if column in row else lowered.get(column.lower())
                if key is not None and row[key] not in (None, ""):
                    value = row[key]
                    picked[name] = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
                    break
        return picked


@dataclass
class IngestReport:
    seen: int = 0
    stored: int = 0
    skipped: int = 0  # already in the database
    failed: int = 0
    mentions: int = 0  # coded events saved
    new_events: int = 0  # of which started a new event (the rest merged into one)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        return (self.stored + self.skipped + self.failed) / self.seconds if self.seconds else 0.0


# -- sources -> items -----------------------------------------------------------------------

def iter_items(sources: Iterable[str | Path], columns: Columns = Columns(),
               options: Options = DEFAULT) -> Iterator[Item | Unreadable]:
    """Every article in `sources`, in a stable order (directories sorted), so reruns align.
    Whatever goes wrong inside a file (a broken archive, junk between WARC records, a
    decompression bomb) ends that file with an `Unreadable`; the next source is read."""
    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            yield from url_items(text, options)
            continue
        path = Path(source)
        try:
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            elif path.exists():
                files = [path]
            else:
                yield Unreadable(text, "FileNotFoundError", "no such file or directory")
                continue
        except OSError as error:
            yield Unreadable(text, type(error).__name__, str(error))
            continue
        for file in files:
            if path.is_dir() and not _supported(file):
                yield Unreadable(str(file), "UnsupportedType",
                                 "not a text, HTML, JSONL, CSV, WARC or feed file; skipped")
                continue
            try:
                yield from _file_items(file, columns, options)
            except Exception as error:  # noqa: BLE001  a reader's surprise ends this file only
                yield Unreadable(str(file), type(error).__name__, str(error) or repr(error))


def _supported(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    return not suffixes or suffixes[-1] in TABLE_SUFFIXES


def kind_of(path: Path, head: bytes) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    kind = TABLE_SUFFIXES.get(suffixes[-1]) if suffixes else None
    if kind:
        return kind
    if head.startswith(b"WARC/"):
        return "warc"
    if head.lstrip().startswith((b"<?xml", b"<rss", b"<feed")):
        return "feed"
    if head.lstrip()[:1] == b"<":
        return "html"
    return "text"


def _open_text(path: Path) -> io.TextIOBase:
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    return opener(path, "rt", encoding="utf-8", errors="replace", newline="")


def _file_items(path: Path, columns: Columns, options: Options = DEFAULT) -> Iterator[Item | Unreadable]:
    with (gzip.open if path.suffix.lower() == ".gz" else open)(path, "rb") as handle:
        head = handle.read(512)
    kind = kind_of(path, head)
    if kind == "jsonl":
        yield from _jsonl_items(path, columns, options)
    elif kind in ("csv", "tsv"):
        yield from _csv_items(path, columns, "\t" if kind == "tsv" else ",", options)
    elif kind == "warc":
        yield from _warc_items(path, options)
    else:
        with _open_text(path) as handle:  # decompressed to at most the limit, never whole
            content = read_limited(handle, str(path), options.max_bytes)
        if kind == "feed":
            yield from feed_items(content, str(path))
        else:
            yield Item(str(path), **({"html": content} if kind == "html" else {"text": content}))


def _row_item(source: str, row: dict, columns: Columns) -> Item | Unreadable:
    meta = columns.pick(row)
    if "text" not in meta:
        return Unreadable(source, "MissingText",
                          f"no text column among {sorted(map(str, row))[:12]}; name it with --text-column")
    return Item(source, **meta)


ARRAY_FACTOR = 20  # a JSON array is read whole: it may hold this many articles' worth of bytes


def _jsonl_items(path: Path, columns: Columns, options: Options = DEFAULT) -> Iterator[Item | Unreadable]:
    with _open_text(path) as handle:
        if handle.read(64).lstrip().startswith("["):  # a JSON array, not JSON Lines
            handle.seek(0)
            rows = json.loads(read_limited(handle, str(path), options.max_bytes * ARRAY_FACTOR,
                                           "JSON array (convert it to JSON Lines)"))
            for number, row in enumerate(rows, 1):
                yield (_row_item(f"{path}:{number}", row, columns) if isinstance(row, dict)
                       else Unreadable(f"{path}:{number}", "NotAnObject", "each entry must be an object"))
            return
        handle.seek(0)
        for line in bounded_lines(handle, options.max_bytes):
            source = f"{path}:{line.number}"
            if line.too_long:
                yield _too_long(source, options)
                continue
            if not line.text.strip():
                continue
            try:
                row = json.loads(line.text)
            except (json.JSONDecodeError, RecursionError) as error:
                yield Unreadable(source, type(error).__name__, str(error))
                continue
            if not isinstance(row, dict):
                yield Unreadable(source, "NotAnObject", "a JSON Lines row must be an object")
                continue
            yield _row_item(source, row, columns)


def _too_long(source: str, options: Options) -> Unreadable:
    return Unreadable(source, "InputTooLarge",
                      f"the line is over {options.max_bytes:,} bytes; skipped to its end "
                      "(raise --max-bytes to read it)")


def _csv_items(path: Path, columns: Columns, delimiter: str,
               options: Options = DEFAULT) -> Iterator[Item | Unreadable]:
    # a quoted field may span lines: the field limit bounds it, the line limit each line
    csv.field_size_limit(options.max_bytes + 1)
    with _open_text(path) as handle:
        skipped: list[int] = []

        def lines():
            for line in bounded_lines(handle, options.max_bytes):
                if line.too_long:
                    skipped.append(line.number)
                yield line.text or "\n"  # a blank line: the reader passes over it

        number = 0
        try:
            for number, row in enumerate(csv.DictReader(lines(), delimiter=delimiter), 1):
                while skipped:
                    yield _too_long(f"{path}:line{skipped.pop(0)}", options)
                yield _row_item(f"{path}:row{number}", row, columns)
        except csv.Error as error:  # a field over the limit: the rest of the file is unsure
            yield Unreadable(f"{path}:row{number + 1}", "InputTooLarge" if "larger than field limit"
                             in str(error) else "CSVError", f"{error}; the rest of the file was not read")
        while skipped:
            yield _too_long(f"{path}:line{skipped.pop(0)}", options)


def _warc_items(path: Path, options: Options = DEFAULT) -> Iterator[Item | Unreadable]:
    """HTML responses of a WARC archive (CC-News style); the crawl date stands in for a
    publication date the page itself does not give. A record's body is read to at most
    `max_bytes`; junk between records ends the file with an `Unreadable`."""
    from warcio.archiveiterator import ArchiveIterator
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            source = f"{path}#{record.rec_headers.get_header('WARC-Record-ID') or url}"
            status = record.http_headers.get_statuscode() if record.http_headers else None
            mime = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            if status != "200" or "html" not in mime.lower():
                continue
            body = record.content_stream().read(options.max_bytes + 1)
            if len(body) > options.max_bytes:
                yield Unreadable(source, "InputTooLarge",
                                 f"the record's page is over {options.max_bytes:,} bytes; skipped")
                continue
            crawl_date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            yield Item(source, html=body.decode("utf-8", errors="replace"), url=url,
                       published=crawl_date)


# -- items -> articles ----------------------------------------------------------------------

def parse_date(value: str | None) -> dt.date | None:
    """ISO dates and datetimes, and the RFC 822 dates of RSS; None when neither, and for a
    placeholder outside the plausible range (0001-01-01, 9999-12-31: `calendars.plausible`)."""
    if not value:
        return None
    value = value.strip()
    try:
        return plausible(dt.date.fromisoformat(value[:10]))
    except ValueError:
        pass
    try:
        return plausible(email.utils.parsedate_to_datetime(value).date())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _encodable(item: Item) -> Item:
    """The item with lone surrogates (JSON allows "\\ud800") replaced in every field, so that
    its title or author cannot make the save fail."""
    fields = {name: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
              for name, value in vars(item).items() if isinstance(value, str)}
    return replace(item, **fields)


def _html_to_text(item: Item) -> Item:
    import trafilatura
    doc = trafilatura.bare_extraction(item.html, url=item.url, with_metadata=True)
    if doc is None or not (doc.text or "").strip():
        raise EmptyInput(item.source, "no article text found in the page",
                         "check that it is a news article, not an index page")
    # the page's own date beats a crawl date; the feed's or table's metadata beats the page's
    return replace(item, html=None, text=doc.text, title=item.title or doc.title,
                   published=doc.date or item.published, outlet=item.outlet or doc.sitename,
                   author=item.author or doc.author)


def read_item(item: Item, options: Options = DEFAULT) -> Article:
    """Turn an item into an `Article`; metadata given in `options` overrides the item's."""
    item = _encodable(item)
    if item.text is None and item.html is None:
        if not item.url:
            raise EmptyInput(item.source, "the entry has neither text nor a link")
        if not item.url.strip().lower().startswith(("http://", "https://")):
            # a feed or sitemap names web pages: a path here must never read a local file
            raise InputError(item.source, f"the link {item.url[:200]!r} is not an http(s) URL",
                             "Feed links and sitemap entries are fetched from the web, never "
                             "read from disk")
        from .reading import read
        article = read(item.url.strip(), options)
        article.source = item.source
        return article
    if item.html is not None:
        item = _html_to_text(item)
    opts = options.with_(published=options.published or parse_date(item.published),
                         title=options.title or item.title, url=options.url or item.url,
                         outlet=options.outlet or item.outlet)
    try:
        from .reading import read_text
    except ModuleNotFoundError as error:
        if error.name != "tacitus.reading":
            raise
        article = _plain_article(item, opts)  # the reading stage is not built yet
    else:
        article = read_text(item.text, opts)
    article.source = item.source
    article.author = article.author or item.author
    return article


def _plain_article(item: Item, options: Options) -> Article:
    text = (item.text or "").strip()
    if "\x00" in text:
        raise BinaryInput(item.source, "the text holds binary data")
    if len(text.encode("utf-8")) > options.max_bytes:
        raise InputTooLarge(item.source, f"over {options.max_bytes} bytes")
    if not text:
        raise EmptyInput(item.source, "the article is empty")
    return Article(text=text, title=options.title, published=options.published,
                   url=options.url, outlet=options.outlet, author=item.author)


# -- coding ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Coded:
    """What `code_one` returns: the article with its events, or why coding failed."""

    article: Article
    error: str | None = None
    reason: str | None = None


CHUNK = 8  # articles coded together by default: their sentences parsed in one spaCy call


def code_one(article: Article, options: Options = DEFAULT, coder: Coder | None = None) -> Coded:
    """Code one article. Pure and top-level, so a process pool can call it. A missing or
    unfinished coder (ImportError, NotImplementedError) stops the batch: it is not the
    article's fault."""
    return code_chunk([article], options, coder)[0]


def code_chunk(articles: list[Article], options: Options = DEFAULT,
               coder: Coder | None = None) -> list[Coded]:
    """Code several articles, each into its own `Coded`: the article with its events, or the
    error it failed with (one bad article never takes the others down). The default pipeline
    parses their sentences together (`pipeline.run_many`), which is faster; a custom
    `coder(article, options) -> article` takes them one by one.

    The chunk runs within `options.time_budget` seconds an article; past it, each article
    is coded again alone within its own budget, and one that still runs out fails alone
    with `TimeBudgetExceeded` as its reason."""
    from .budget import time_budget
    if coder is None and options.time_budget:
        warm_once(options)  # loading the model is no article's time
    try:
        with time_budget(options.time_budget * len(articles)):
            results = _code(articles, options, coder)
    except TimeBudgetExceeded as error:
        results = [error] if len(articles) == 1 else [
            _code_alone(article, options, coder) for article in articles]
    return [Coded(_bare(article), type(result).__name__, str(result) or repr(result))
            if isinstance(result, BaseException) else Coded(_bare(result))
            for article, result in zip(articles, results)]


_WARMED: set = set()


def warm_once(options: Options = DEFAULT) -> None:
    """`batch.warm` once per process and pipeline: what a forked worker inherits counts."""
    key = (options.model, options.stages, options.actor_files)
    if key not in _WARMED:
        _WARMED.add(key)
        from .batch import warm
        warm(options)


def _code(articles: list[Article], options: Options, coder: Coder | None) -> list:
    from .pipeline import attempt, run_many
    # stages fill the article in place: each attempt starts from a clean copy
    fresh = [replace(a, sentences=[], mentions=[], events=[], done=[], entities=[], countries=[],
                     registry=None, truecased=None) for a in articles]
    if coder is None:
        return run_many(fresh, options)
    return [attempt(coder, article, options) for article in fresh]


def _code_alone(article: Article, options: Options, coder: Coder | None):
    from .budget import time_budget
    try:
        with time_budget(options.time_budget):
            return _code([article], options, coder)[0]
    except TimeBudgetExceeded as error:
        return error


def _bare(article: Article) -> Article:
    # parse trees stay behind: the database needs the text, the metadata and the events;
    # the registry holds the knowledge base: 50 MB a pickle, too much to send back from a worker
    return replace(article, sentences=[], mentions=[], entities=[], registry=None)


# -- the batch ------------------------------------------------------------------------------

class Progress:
    """A one-line progress report on stderr: articles/s and events found. Redrawn in place
    on a terminal; a line every `every` seconds (and at the end) otherwise."""

    def __init__(self, stream=None, every: float = 0.2):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.every = every if self.tty else max(every, 10.0)
        self.last = 0.0

    def line(self, report: IngestReport) -> str:
        return (f"{report.seen} articles ({report.stored} new, {report.skipped} already stored,"
                f" {report.failed} failed)  {report.rate:.1f} articles/s  "
                f"{report.mentions} events found ({report.new_events} new)")

    def update(self, report: IngestReport) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._write(report, final=False)

    def close(self, report: IngestReport) -> None:
        self._write(report, final=True)
        if report.interrupted:
            self.stream.write("interrupted: every article above is saved; run the same command"
                              " again to continue\n")
        self.stream.flush()

    def _write(self, report: IngestReport, final: bool) -> None:
        if self.tty:
            self.stream.write("\r\033[K" + self.line(report) + ("\n" if final else ""))
        else:
            self.stream.write(self.line(report) + "\n")
        self.stream.flush()


def ingest(sources: Iterable[str | Path], db, options: Options = DEFAULT,
           coder: Coder | None = None, columns: Columns = Columns(),
           progress: Progress | None = None, limit: int | None = None,
           workers: int | None = 1) -> IngestReport:
    """Read, code and store every article of `sources` in `db` (a `Database`).

    `coder(article, options) -> article` defaults to `tacitus.code`. With `workers` > 1 the
    coding runs in that many processes (see `tacitus.batch`); reading and saving stay here.
    Returns the counts; on Ctrl-C returns them with `interrupted` set, everything saved so
    far kept."""
    from .batch import code_stream
    report, started = IngestReport(), time.monotonic()
    try:
        jobs = _jobs(iter_items(sources, columns, options), db, options, report, limit)
        for item, coded in code_stream(jobs, options, coder, workers):
            _store(item, coded, db, report)
            report.seconds = time.monotonic() - started
            if progress:
                progress.update(report)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM in the command line (cli.Terminated)
        report.interrupted = True
    except (ImportError, NotImplementedError) as error:
        raise PipelineError(f"the coder cannot run yet ({type(error).__name__}: {error}); "
                            "nothing more was coded, and what was saved stays saved") from error
    finally:
        report.seconds = time.monotonic() - started
        if progress:
            progress.close(report)
    return report


# Saving one article: whatever it raises is that article's failure row, and the batch goes
# on; only a database that cannot be written at all (disk full, locked, read-only) stops
# the batch, with a DatabaseError, since every later save would fail the same way.
SAVE_ERRORS = (Exception,)
UNWRITABLE = ("locked", "disk", "full", "readonly", "read-only", "unable to open", "i/o")


def _unwritable(error: BaseException) -> bool:
    return (isinstance(error, sqlite3.OperationalError)
            and any(word in str(error).lower() for word in UNWRITABLE))


def _jobs(items: Iterable[Item | Unreadable], db, options: Options, report: IngestReport,
          limit: int | None) -> Iterator[tuple[Item, Article]]:
    """The items that need coding, read into articles; the rest counted and recorded here."""
    for item in items:
        if limit is not None and report.seen >= limit:
            return
        report.seen += 1
        try:
            article = _prepare(item, db, options, report)
        except (ImportError, NotImplementedError, TacitusError):
            raise
        except Exception as error:  # noqa: BLE001  e.g. a link no URL parser accepts
            _fail(db, report, getattr(item, "source", "?"), "read", type(error).__name__,
                  str(error) or repr(error))
            continue
        if article is not None:
            yield item, article


def _prepare(item: Item | Unreadable, db, options: Options, report: IngestReport) -> Article | None:
    if isinstance(item, Unreadable):
        _fail(db, report, item.source, "read", item.error, item.reason)
        return None
    if item.url and item.text is None and item.html is None and db.find_article(url=item.url):
        report.skipped += 1  # known link: not even fetched again
        return None
    try:
        article = read_item(item, options)
    except (ImportError, NotImplementedError):
        raise
    except Exception as error:  # InputError mostly; a parser's surprise must not stop the batch
        _fail(db, report, item.source, "read", type(error).__name__, str(error) or repr(error))
        return None
    if db.find_article(article.text, article.url):
        report.skipped += 1  # skipped by hash before coding: this is what makes reruns cheap
        return None
    return article


def _store(item: Item, coded: Coded, db, report: IngestReport) -> None:
    if coded.error:
        _fail(db, report, item.source, "code", coded.error, coded.reason)
        return
    try:
        saved = db.save_article(coded.article)
    except Exception as error:  # noqa: BLE001  the transaction rolled back
        if _unwritable(error):
            raise DatabaseError(f"{getattr(db, 'path', None) or 'the event database'}: cannot save "
                                f"{item.source} ({error}); check the disk and the file's "
                                "permissions. Everything saved before it stays saved") from error
        _fail(db, report, item.source, "save", type(error).__name__, str(error) or repr(error))
        return
    if saved.skipped:
        report.skipped += 1  # the same text twice among the articles in flight
        return
    report.stored += 1
    report.mentions += len(saved.event_ids)
    report.new_events += saved.new_events


def _fail(db, report: IngestReport, source: str, stage: str, error: str, reason: str) -> None:
    report.failed += 1
    try:
        db.record_failure(source, stage, error, reason or error)
    except sqlite3.Error as problem:
        raise DatabaseError(f"{getattr(db, 'path', None) or 'the event database'}: cannot record "
                            f"the failure of {source} ({problem}); check the disk and the "
                            "file's permissions. Everything saved so far stays saved") from problem
