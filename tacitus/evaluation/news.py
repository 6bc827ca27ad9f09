"""The raw news texts inside ../shared: one definition of each article's text.

The hand-coded judged set (`tacitus.evaluation.judged`), the hand-labelled training sentences
(`tacitus.learning`) and the scale benchmark all point into these texts by `(source, key)` and
character offsets, so the text of an article must be built the same way every time. Nothing
here is copied into the repository: the texts are read from ../shared when needed.

Sources (`SOURCES`), each a real news collection:
- guardian: 249 Guardian articles, 2019 (corpora/guardian_sample.csv.gz), key = the csv index;
- polnear-dev / polnear-train: PolNeAR's US-election news, 2016 (gold/polnear/*/text), key = file stem;
- timebank / aquaint: TimeML news wire, 1989-2000 (gold/timebank/TBAQ-cleaned), key = DOCID;
- lgl: local US news, 2009 (gold/geoparsing/lgl.xml), key = docid;
- geovirus: WikiNews on epidemics (gold/geoparsing/GeoVirus.xml), key = article number (1-based);
- wikievents: WikiEvents dev documents (gold/wikievents/dev.jsonl), key = doc_id, sentences
  joined by a space (the file's `text` glues them together without one).
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import EvalError


@dataclass(frozen=True)
class NewsText:
    source: str
    key: str
    text: str
    published: dt.date | None = None
    title: str | None = None

    @property
    def id(self) -> str:
        return f"{self.source}:{self.key}"


def shared_folder() -> Path:
    """The folder named by $TACITUS_SHARED, else ../shared beside the repository (or beside
    the working directory)."""
    if os.environ.get("TACITUS_SHARED"):
        return Path(os.environ["TACITUS_SHARED"])
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        candidate = base.parent / "shared"
        if candidate.is_dir():
            return candidate
    raise EvalError("../shared not found beside the repository: the raw news texts live there")


def _guardian(shared: Path) -> Iterator[NewsText]:
    csv.field_size_limit(1 << 30)
    with gzip.open(shared / "corpora" / "guardian_sample.csv.gz", "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield NewsText("guardian", row[""], row["text"], _date(row.get("date")))


def _polnear(shared: Path, split: str) -> Iterator[NewsText]:
    meta = {}
    with open(shared / "gold" / "polnear" / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            meta[row["filename"]] = row
    for path in sorted((shared / "gold" / "polnear" / split / "text").glob("*.txt")):
        row = meta.get(path.stem, {})
        yield NewsText(f"polnear-{split}", path.stem, path.read_text(encoding="utf-8"),
                       _date(row.get("publication_date")), row.get("title"))


def _timeml(shared: Path, corpus: str) -> Iterator[NewsText]:
    folder = shared / "gold" / "timebank" / "TBAQ-cleaned" / ("TimeBank" if corpus == "timebank" else "AQUAINT")
    for path in sorted(folder.glob("*.tml")):
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        body = root.find("TEXT")
        text = "".join(body.itertext()).strip() if body is not None else ""
        dct = root.find("DCT/TIMEX3")
        yield NewsText(corpus, path.name[:-len(".tml")], text,
                       _date(dct.get("value") if dct is not None else None))


def _lgl(shared: Path) -> Iterator[NewsText]:
    root = ET.parse(shared / "gold" / "geoparsing" / "lgl.xml").getroot()
    for article in root.iter("article"):
        yield NewsText("lgl", article.get("docid", ""), article.findtext("text") or "",
                       _date((article.findtext("dltime") or "")[:10]), article.findtext("title"))


def _geovirus(shared: Path) -> Iterator[NewsText]:
    root = ET.parse(shared / "gold" / "geoparsing" / "GeoVirus.xml").getroot()
    for number, article in enumerate(root.iter("article"), 1):
        yield NewsText("geovirus", str(number), article.findtext("text") or "")


def _wikievents(shared: Path) -> Iterator[NewsText]:
    with open(shared / "gold" / "wikievents" / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            text = " ".join(sentence[1] for sentence in doc["sentences"])
            yield NewsText("wikievents", doc["doc_id"], text)


_READERS = {
    "guardian": _guardian,
    "polnear-dev": lambda shared: _polnear(shared, "dev"),
    "polnear-train": lambda shared: _polnear(shared, "train"),
    "timebank": lambda shared: _timeml(shared, "timebank"),
    "aquaint": lambda shared: _timeml(shared, "aquaint"),
    "lgl": _lgl,
    "geovirus": _geovirus,
    "wikievents": _wikievents,
}
SOURCES = tuple(_READERS)


def texts(source: str, shared: Path | None = None) -> Iterator[NewsText]:
    """Every article of one source, in a fixed order."""
    if source not in _READERS:
        raise EvalError(f"unknown news source {source!r}; choose one of: {', '.join(SOURCES)}")
    yield from _READERS[source](shared or shared_folder())


@lru_cache(maxsize=None)
def _index(source: str, shared: Path) -> dict[str, NewsText]:
    return {item.key: item for item in texts(source, shared)}


def get(source: str, key: str, shared: Path | None = None) -> NewsText:
    """One article by source and key (the source is read once per process)."""
    try:
        return _index(source, shared or shared_folder())[key]
    except KeyError:
        raise EvalError(f"no article {key!r} in news source {source!r}") from None


def lower_case(text: str) -> str:
    """The text lower-cased character by character, keeping every offset: a character whose
    lower case is longer ("İ" -> "i̇") stays as it is."""
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def upper_case(text: str) -> str:
    """The text upper-cased character by character, keeping every offset: a character whose
    upper case is longer ("ß" -> "SS") stays as it is."""
    return "".join(c if len(up := c.upper()) != 1 else up for c in text)


CASES = {"lower": lower_case, "upper": upper_case}


def _date(value: str | None) -> dt.date | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", (value or "").strip())
    if match:
        try:
            return dt.date.fromisoformat(match.group())
        except ValueError:
            return None
    return None
