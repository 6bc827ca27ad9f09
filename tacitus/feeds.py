"""RSS 2.0 / Atom feeds and XML sitemaps -> `Item`s for `tacitus.ingest`.

A feed entry carries the article's text, or only a link to its page; a sitemap entry is
always a link. Links are web addresses: one that is not http(s) (a path, "-", file://) is
kept as it is written and refused when the item is read, so a feed can never make Tacitus
read a local file (`ingest.read_item`).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Iterator

from .errors import TacitusError
from .items import Item, Unreadable
from .options import Options


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) in names:
            return child
    return None


def _child_text(element: ET.Element, *names: str) -> str | None:
    for name in names:  # in order of preference
        child = _child(element, name)
        if child is not None and (child.text or "").strip():
            return child.text.strip()
    return None


def is_feed(text: str) -> bool:
    head = text.lstrip()[:2048]
    return head.startswith(("<?xml", "<rss", "<feed", "<urlset", "<sitemapindex"))


def feed_items(xml: str, source: str) -> Iterator[Item]:
    """The entries of an RSS 2.0 or Atom feed, or the pages of a sitemap; the body is the
    entry's full content when the feed carries it, else its page is fetched from the link
    when the item is read."""
    root = ET.fromstring(xml.lstrip())
    if _local(root.tag) in ("urlset", "sitemapindex"):
        yield from _sitemap_items(root, source)
        return
    outlet = None
    channel = _child(root, "channel")
    if channel is not None:
        outlet = _child_text(channel, "title")
    elif _local(root.tag) == "feed":
        outlet = _child_text(root, "title")
    entries = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    for number, entry in enumerate(entries, 1):
        link = _child_text(entry, "link")
        if link is None:
            node = _child(entry, "link")
            link = node.get("href") if node is not None else None
        body = _child_text(entry, "encoded", "content")
        summary = _child_text(entry, "description", "summary")
        # no body: fetch the page from the link when reading; no link either: the summary
        body = body or (None if link else summary)
        yield Item(f"{source}#item{number}", text=strip_tags(body) if body else None, url=link,
                   title=_child_text(entry, "title"),
                   published=_child_text(entry, "pubdate", "published", "updated", "date"),
                   outlet=outlet, author=_child_text(entry, "creator", "author"))


def _sitemap_items(root: ET.Element, source: str) -> Iterator[Item]:
    """A sitemap's <url><loc> pages (with <lastmod> as a stand-in date); the sitemaps an index
    lists are items too, read as sitemaps only when passed as sources themselves."""
    for number, entry in enumerate((e for e in root if _local(e.tag) in ("url", "sitemap")), 1):
        link = _child_text(entry, "loc")
        if link:
            yield Item(f"{source}#url{number}", url=link, published=_child_text(entry, "lastmod"))


def url_items(url: str, options: Options) -> Iterator[Item | Unreadable]:
    """A URL is a feed or sitemap when it answers with XML; otherwise one article page."""
    from .reading.fetch import fetch
    try:
        body = fetch(url, options)[0].decode("utf-8", errors="replace")
    except TacitusError as error:
        yield Unreadable(url, type(error).__name__, str(error))
        return
    if is_feed(body):
        try:
            yield from feed_items(body, url)
        except Exception as error:  # noqa: BLE001  a broken feed ends this source only
            yield Unreadable(url, type(error).__name__, str(error))
    else:
        yield Item(url, html=body, url=url)


class _TextOnly(HTMLParser):
    BLOCKS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def strip_tags(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's body is the article, not a page to
    extract from), paragraphs kept apart."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
