"""The input layer: a path, an http(s) URL, standard input ("-"), plain text or HTML -> `Article`.

    read(source, options)            where the article lives -> Article
    read_text(text, options)         plain text (a title line at the top is the headline)
    read_html(html, options)         an HTML page (main text and metadata via trafilatura)
    fetch(url, options, transport)   (body bytes, content type), within the time and size limits

The article text is the input less its boilerplate (read-time lines, share buttons, related
links, cookie banners), in blocks separated by one blank line; `Article.sections` marks each
block as headline, subtitle (standfirst, crosshead) or body. Metadata given in `Options`
(published, url, outlet, title) overrides what the input says. Bad input raises the
`InputError` subclasses of `tacitus.errors`, each naming the input.
"""
from __future__ import annotations

from pathlib import Path

from ..article import Article, Section
from ..errors import BinaryInput, EmptyInput, InputTooLarge
from ..options import DEFAULT, Options
from .html import PageMeta, extract
from .language import check_english
from .fetch import fetch, is_url
from .sources import (check_content_type, decode, looks_like_html, read_path, read_stdin,
                      read_stream, sniff_binary)
from .text import structure

__all__ = ["read", "read_text", "read_html", "read_bytes", "fetch"]


def read(source, options: Options = DEFAULT, transport=None) -> Article:
    """Read a path, an http(s) URL, "-" (standard input) or an open binary/text stream.

    `transport` replaces `urllib.request.urlopen` for URLs (see `fetch`); tests pass a fake.
    """
    content_type = None
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        data = read_stream(source, name, options)
    else:
        name = str(source)
        if name == "-":
            data = read_stdin(options)
        elif is_url(name):
            data, content_type = fetch(name, options, transport)
        else:
            data = read_path(Path(name), options)
    return read_bytes(data, options, source=name, content_type=content_type)


def read_bytes(data: bytes, options: Options = DEFAULT, source: str | None = None,
               content_type: str | None = None) -> Article:
    """HTML or plain text by the content type, the file name or the first bytes."""
    name = source or "<input>"
    _check_size(len(data), name, options)
    check_content_type(content_type, name)
    sniff_binary(data, name)
    html = looks_like_html(data, name, content_type)
    text = decode(data, content_type, html=html)
    url = source if source and is_url(source) else None
    if html:
        return _from_html(text, options, source, url)
    return read_text(text, options, source=source)


def read_text(text: str, options: Options = DEFAULT, source: str | None = None) -> Article:
    """An article from plain text; a short first line with no full stop is the headline."""
    name = source or "<text>"
    _check_text(text, name, options)
    text = _encodable(text)
    kept, sections, headline = structure(text)
    return _article(kept, sections, headline, PageMeta(title=headline), options, source)


def read_html(html: str | bytes, options: Options = DEFAULT, source: str | None = None) -> Article:
    """An article from an HTML page: its main text, headline and metadata."""
    name = source or "<html>"
    if isinstance(html, bytes):
        _check_size(len(html), name, options)
        sniff_binary(html, name)
        html = decode(html, html=True)
    url = source if source and is_url(source) else None
    return _from_html(html, options, source, url)


def _from_html(html: str, options: Options, source: str | None, url: str | None) -> Article:
    name = source or "<html>"
    _check_text(html, name, options)
    html = _encodable(html)
    body, headline, meta = extract(html, url=url)
    if not body.strip():
        raise EmptyInput(name, "no article text found in the page",
                         "Pass the page of a single article, or its text")
    meta.url = meta.url or url
    kept, sections, headline = structure(body, headline=headline)
    if not any(section.kind == "body" for section in sections):
        raise EmptyInput(name, "no article paragraphs found in the page, only headings or links",
                         "Pass the page of a single article, or its text")
    return _article(kept, sections, headline, meta, options, source)


def _article(text: str, sections: list[Section], headline: str | None, meta: PageMeta,
             options: Options, source: str | None) -> Article:
    name = source or "<input>"
    if not any(section.kind != "headline" for section in sections) and not headline:
        raise EmptyInput(name, "nothing left to code after removing boilerplate",
                         "Pass the article text itself")
    if options.max_text_chars and len(text) > options.max_text_chars:
        raise InputTooLarge(name, f"the article text is {len(text):,} characters, over the "
                            f"limit of {options.max_text_chars:,} for one article",
                            "Split it into articles, or raise Options.max_text_chars (--max-text-chars)")
    check_english(text, name)
    published, published_time = meta.published, meta.published_time
    if options.published is not None:
        # a time of day read from the page belongs to the page's date, not the one given
        published_time = published_time if published == options.published else None
        published = options.published
    return Article(
        text=text, title=options.title or meta.title or headline, published=published,
        published_time=published_time,
        url=options.url or meta.url or (source if source and is_url(source) else None),
        outlet=options.outlet or meta.outlet, author=meta.author, language="en",
        source=source, sections=sections)


def _check_size(size: int, name: str, options: Options) -> None:
    if size > options.max_bytes:
        raise InputTooLarge(name, f"the input is {size:,} bytes, over the limit of {options.max_bytes:,}",
                            "Split it into single articles, or raise Options.max_bytes")


def _encodable(text: str) -> str:
    """`text` with lone surrogates (valid in JSON's \\ud800, not in UTF-8) as U+FFFD: the
    article's id, the database and every output need text that encodes."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _check_text(text: str, name: str, options: Options) -> None:
    if len(text) > options.max_bytes or len(text.encode("utf-8", "replace")) > options.max_bytes:
        _check_size(len(text.encode("utf-8", "replace")), name, options)
    if "\x00" in text:
        raise BinaryInput(name, "the text holds NUL bytes, so it is not text or HTML",
                          "Convert it to plain text (UTF-8) first")
    if not text.strip():
        raise EmptyInput(name, "the input is empty", "Pass an article's text, HTML page or URL")
