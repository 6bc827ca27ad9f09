"""HTML -> main text and page metadata, with trafilatura.

trafilatura finds the article body and drops navigation, related links and footers; its
metadata gives title, site name, author and URL. The publication date is taken from the
page's own structured data first (JSON-LD `datePublished`, `article:published_time`),
because those carry the time of day and, unlike a search of the visible text, cannot pick
up a date the article merely mentions.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from lxml import html as lxml_html

DATE_META_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @property='og:article:published_time' or @itemprop='datePublished'"
    " or @name='pubdate' or @name='publish-date' or @name='dc.date.issued'"
    " or @name='DC.date.issued']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //time[@pubdate]/@datetime"
)
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
                      r"\s*(Z|[+-]\d{2}:?\d{2})?)?")
# trafilatura keeps these elements; anything else in its output tree is skipped
BLOCK_TAGS = ("head", "p", "quote", "list")


@dataclass
class PageMeta:
    title: str | None = None
    published: dt.date | None = None
    published_time: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None


def extract(html: str, url: str | None = None) -> tuple[str, str | None, PageMeta]:
    """The page's main text (blocks separated by blank lines), its headline and its metadata."""
    import trafilatura  # imported on first use: it takes a while to load
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return "", None, PageMeta()
    published = structured_date(tree)
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if document is None:  # too little text for trafilatura's filters: take what there is
        return _baseline(html), _page_title(html), PageMeta(title=_page_title(html),
                                                            published=published[0],
                                                            published_time=published[1])
    blocks, headline = _blocks(document)
    meta = PageMeta(title=_clean(document.title) or headline, url=document.url,
                    outlet=_clean(document.sitename), author=_clean(document.author))
    meta.published, meta.published_time = published
    if meta.published is None and document.date:
        meta.published, _ = parse_datetime(document.date)
    return "\n\n".join(blocks), headline or meta.title, meta


def _blocks(document) -> tuple[list[str], str | None]:
    """Text blocks of trafilatura's output tree; an opening h1 is the headline."""
    body = document.body
    if body is None or not len(body):
        return [line for line in (document.text or "").split("\n") if line.strip()], None
    blocks: list[str] = []
    headline = None
    for element in body:
        if element.tag not in BLOCK_TAGS:
            continue
        if element.tag == "list":
            blocks.extend(_clean(" ".join(item.itertext())) or "" for item in element.iter("item"))
            continue
        text = _clean(" ".join(element.itertext()))
        if not text:
            continue
        if element.tag == "head" and element.get("rend") == "h1" and not blocks and headline is None:
            headline = text
        else:
            blocks.append(text)
    return [block for block in blocks if block], headline


def _baseline(html: str) -> str:
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return ""
    for element in tree.xpath("//nav|//header|//footer|//aside|//form|//menu|//script|//style"):
        element.drop_tree()
    _, text, _ = trafilatura.baseline(tree)
    return "\n\n".join(line for line in (text or "").split("\n") if line.strip())


def _page_title(html: str) -> str | None:
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for xpath in ("//h1", "//title"):
        found = tree.xpath(xpath)
        if found:
            return _clean(found[0].text_content())
    return None


def structured_date(tree) -> tuple[dt.date | None, str | None]:
    """Publication date and time from JSON-LD, then from <meta> and <time> markup."""
    for value in [*_json_ld_dates(tree), *tree.xpath(DATE_META_XPATH)]:
        date, time = parse_datetime(str(value))
        if date:
            return date, time
    return None, None


def _json_ld_dates(tree) -> list[str]:
    found: list[str] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content() or "null", strict=False)
        except json.JSONDecodeError:
            continue  # a broken block is common and harmless: the other sources remain
        _walk_json_ld(data, found)
    return found


def _walk_json_ld(data, found: list[str]) -> None:
    if isinstance(data, list):
        for item in data:
            _walk_json_ld(item, found)
    elif isinstance(data, dict):
        if isinstance(data.get("datePublished"), str):
            found.append(data["datePublished"])
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            _walk_json_ld(data.get(key), found)


def parse_datetime(value: str) -> tuple[dt.date | None, str | None]:
    """A date and an "HH:MM[:SS][+TZ]" time from an ISO 8601 string (date as written)."""
    match = ISO_DATE.search(value or "")
    if not match:
        return None, None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None, None
    if hour is None or not (int(hour) < 24 and int(minute) < 60):
        return date, None
    time = f"{hour}:{minute}" + (f":{second}" if second and second != "00" else "")
    if zone:
        zone = "+00:00" if zone == "Z" else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
        time += zone
    return date, time


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.strip() else None
