"""Bytes from where an article lives (a file, standard input, a URL), and bytes to text.

Every limit is checked before the bytes are decoded: a file or a response larger than
`Options.max_bytes` is refused without being read whole (URLs: `fetch.py`), and binary
formats are sniffed from their first bytes so a PDF or an image never reaches the HTML parser.
"""
from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import BinaryIO

from ..errors import BinaryInput, InputError
from ..options import Options
from .fetch import fetch, is_url, too_large  # noqa: F401  (fetch and is_url: re-exported)

# magic numbers of the formats people most often hand a text tool by mistake
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image or audio)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)
SNIFF_BYTES = 8192
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype html|html|head|body|meta|article|div|p)[\s>]",
                        re.IGNORECASE | re.DOTALL)
CHARSET_PARAM = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.IGNORECASE)
# single-byte Latin encodings that a detector confuses on short texts; for English news
# Windows-1252 is by far the likeliest of them
LATIN_FAMILY = frozenset({"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "iso8859_9",
                          "cp1254", "cp1257", "mac_roman", "mac_latin2", "cp850", "cp437"})


def read_path(path: Path, options: Options) -> bytes:
    """The bytes of a file, refusing one over `options.max_bytes` before reading it."""
    name = str(path)
    if not path.exists():
        raise InputError(name, "no such file", "Check the path, or pass '-' to read standard input")
    if path.is_dir():
        raise InputError(name, "is a directory", "Pass one article file at a time")
    size = path.stat().st_size
    if size > options.max_bytes:
        raise too_large(name, size, options)
    with path.open("rb") as handle:
        return _read_limited(handle, name, options)


def read_stream(stream: BinaryIO, name: str, options: Options) -> bytes:
    return _read_limited(stream, name, options)


def read_stdin(options: Options) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a test or a notebook replaced stdin with a text stream
        return sys.stdin.read(options.max_bytes + 1).encode("utf-8")
    return _read_limited(stream, "-", options)


def _read_limited(stream: BinaryIO, name: str, options: Options) -> bytes:
    data = stream.read(options.max_bytes + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > options.max_bytes:
        raise too_large(name, len(data), options)
    return data


def sniff_binary(data: bytes, name: str) -> None:
    """Refuse formats that are not text: known signatures, or NUL bytes in plain 8-bit text."""
    head = data[:SNIFF_BYTES]
    for signature, kind in BINARY_SIGNATURES:
        if head.startswith(signature):
            raise BinaryInput(name, f"this is {kind}, not text or HTML",
                              "Convert it to plain text or HTML first")
    if b"\x00" in head and not _utf16_bom(head):
        raise BinaryInput(name, "the input holds NUL bytes, so it is not text or HTML",
                          "Convert it to plain text (UTF-8) or HTML first")


def _utf16_bom(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def looks_like_html(data: bytes, name: str = "", content_type: str | None = None) -> bool:
    """HTML or plain text, by the content type when there is one, else the name, else the bytes."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    if kind == "text/plain":
        return False
    if Path(name.split("?")[0]).suffix.lower() in HTML_EXTENSIONS:
        return True
    return bool(HTML_START.match(data[:SNIFF_BYTES]))


def check_content_type(content_type: str | None, name: str) -> None:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.startswith(("image/", "audio/", "video/", "font/")) or kind in (
            "application/pdf", "application/zip", "application/msword", "application/gzip"):
        raise BinaryInput(name, f"the server sent {kind}, not text or HTML",
                          "Pass the address of an HTML article page")


def decode(data: bytes, content_type: str | None = None, html: bool = False) -> str:
    """Text from bytes: BOM, then UTF-8, then a declared charset, then a detector's guess."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for declared in _declared_charsets(data, content_type, html):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode(_guess_encoding(data), errors="replace")


def _declared_charsets(data: bytes, content_type: str | None, html: bool) -> list[str]:
    found = []
    match = CHARSET_PARAM.search(content_type or "")
    if match:
        found.append(match.group(1))
    if html:
        match = META_CHARSET.search(data[:SNIFF_BYTES])
        if match:
            found.append(match.group(1).decode("ascii", "replace"))
    # a page that says UTF-8 but is not valid UTF-8 is almost always Windows-1252
    return [("cp1252" if name.lower() in ("utf-8", "utf8", "iso-8859-1", "latin-1") else name)
            for name in found]


def _guess_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported on first use: rarely needed
    best = from_bytes(data).best()
    guess = codecs.lookup(best.encoding).name.replace("-", "_") if best else "cp1252"
    if guess in LATIN_FAMILY or guess.startswith("iso8859_1"):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return guess
    return guess
