"""Plain text -> the article text and its sections (headline, subtitle, body).

The kept text is the input with boilerplate lines removed, blocks trimmed and separated by
one blank line; every `Section` offset indexes that kept text, so later stages can quote
evidence from it exactly.
"""
from __future__ import annotations

import re

from ..article import Section

_I = re.IGNORECASE
# whole lines (after trimming) that are page furniture, never reporting
BOILERPLATE: tuple[re.Pattern, ...] = tuple(re.compile(pattern, _I) for pattern in (
    r"(estimated )?(reading|read) time:?\s*\d+\s*(min(ute)?s?\.?)( read)?",
    r".{0,80}\b\d+\s*min(ute)?s?\.?\s+read",
    r"(related|read more|see also|also read|read also|more|watch|listen)\s*:.*",
    r"(share|tweet|email|print|copy link|save)( this( article| story| page| post)?)?( on \w+)?[:.!]?",
    r"((share|tweet|email|print|copy link|save)\s*[|·•]\s*)+(share|tweet|email|print|copy link|save)",
    r"advertisement|advertising|sponsored( content)?|story continues below( advertisement)?"
    r"|scroll to continue( with content)?|skip (to|past) (main )?(content|advert(isement)?)",
    r"sign up (for|to|now|here)\b.{0,160}|subscribe( now| today| here)?[.!]?|subscribe (to|for) .{0,160}",
    r"(this (web)?site|we|our (web)?site) uses? cookies\b.{0,300}",
    r".{0,200}\bcookies\b.{0,200}\b(consent|privacy|your experience|browsing|preferences|cookie policy)\b.{0,200}",
    r"(accept|reject|manage|allow)( all)?( cookies| cookie (settings|preferences))[.!]?",
    r"(©|copyright\b).{0,160}|all rights reserved\.?",
    r"follow us( on .{0,60})?|follow .{1,40} on (twitter|x|facebook|instagram|linkedin|threads|bluesky)\.?",
))
# headings that open a block of links to other stories: the link lines under them go too
RELATED_HEADINGS: tuple[re.Pattern, ...] = tuple(re.compile(pattern, _I) for pattern in (
    r"(you (may|might) (also )?(like|enjoy)|recommended( for you| stories| reading)?|read next"
    r"|what to read next|more (stories|from .{1,40}|on this( story)?|in .{1,40})|most (read|popular|viewed)"
    r"|trending( now| stories)?|top stories|related( (articles?|stories|coverage|content|links|news|topics|reading))?"
    r"|read more|editor'?s picks|latest news)\s*[:.…]?",
))
SENTENCE_END = ".:;,…"  # a line ending so is a sentence (or a broken one), not a heading
CLOSERS = "\"'”’»)]*"
MAX_HEADING_WORDS = 40
MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 250
LINE_MODE_MIN_CHARS = 120  # a text without blank lines whose lines run this long is one paragraph a line


def is_boilerplate(line: str) -> bool:
    return any(pattern.fullmatch(line) for pattern in BOILERPLATE)


def is_related_heading(line: str) -> bool:
    return any(pattern.fullmatch(line) for pattern in RELATED_HEADINGS)


def is_heading(line: str, max_words: int = MAX_HEADING_WORDS) -> bool:
    """A short line with no final full stop: a headline, standfirst or crosshead."""
    stripped = line.strip().rstrip(CLOSERS).rstrip()
    if not stripped or "\n" in line.strip():
        return False
    return len(stripped.split()) <= max_words and stripped[-1] not in SENTENCE_END


# Bounds on what reaches spaCy (docs/robustness.md). Its tokenizer splits a string without
# spaces by peeling punctuation off its ends, one piece at a time: a run of 20,000
# apostrophes took 62 s, and "'s" repeated 2,000 times 1.4 s. Runs and words are cut here,
# and a block is split at a space where it runs on without a sentence end, so that no
# sentence passes MAX_SENTENCE characters (a 4.9 MB line without a full stop took 3.1 GB).
MAX_RUN = 20  # one character repeated (digits excepted: 1000000000000 is a number)
MAX_PUNCTUATION = 10  # marks and symbols in a row: '"'"'"', **!!**
MAX_WORD = 100  # characters without a space
MAX_SENTENCE = 5000  # characters without a sentence end
_RUN = re.compile(rf"(\D)\1{{{MAX_RUN},}}")
_PUNCTUATION = re.compile(rf"[^\w\s]{{{MAX_PUNCTUATION + 1},}}")
_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def normalise(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = _RUN.sub(lambda m: m.group(1) * MAX_RUN, text)
    text = _PUNCTUATION.sub(lambda m: m.group()[:MAX_PUNCTUATION], text)
    return _WORD.sub(lambda m: m.group()[:MAX_WORD], text)


def split_long(block: str) -> list[str]:
    """`block`, split at a space wherever it runs more than MAX_SENTENCE characters without a
    sentence end: sentences never cross a block, so none is longer. Blocks of ordinary
    sentences, however long, come back whole."""
    pieces = []
    while (cut := _overlong_cut(block)) is not None:
        pieces.append(block[:cut].strip())
        block = block[cut:].strip()
    return [piece for piece in pieces + [block] if piece]


def _overlong_cut(block: str) -> int | None:
    if len(block) <= MAX_SENTENCE:
        return None
    previous = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(block)] + [len(block)]:
        if end - previous > MAX_SENTENCE:
            space = block.rfind(" ", previous + 1, previous + MAX_SENTENCE)
            return space + 1 if space > previous else previous + MAX_SENTENCE
        previous = end
    return None


def drop_boilerplate(text: str) -> str:
    """Remove boilerplate lines; a related-stories heading takes its link lines with it."""
    kept: list[str] = []
    in_related = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            kept.append("")  # blank lines still separate blocks
            continue
        if in_related and is_heading(stripped, MAX_TITLE_WORDS):
            continue  # a link to another story
        in_related = False
        if is_related_heading(stripped):
            in_related = True
        elif not is_boilerplate(stripped):
            kept.append(line)
    return "\n".join(kept)


def blocks(text: str) -> list[str]:
    """Paragraph blocks: separated by blank lines, or one a line in texts that have none."""
    lines = [line.strip() for line in text.split("\n")]
    content = [line for line in lines if line]
    if not content:
        return []
    inner = lines[lines.index(content[0]):len(lines) - lines[::-1].index(content[-1])]
    if "" not in inner and max(len(line) for line in content) >= LINE_MODE_MIN_CHARS:
        return [piece for line in content for piece in split_long(line)]
    found, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            found.append("\n".join(current))
            current = []
    if current:
        found.append("\n".join(current))
    return [piece for block in found for piece in split_long(block)]


def is_title(block: str) -> bool:
    return len(block) <= MAX_TITLE_CHARS and is_heading(block, MAX_TITLE_WORDS)


def assemble(parts: list[str], headline: bool) -> tuple[str, list[Section]]:
    """Join blocks with blank lines; the first is the headline when `headline` is true."""
    text_parts: list[str] = []
    sections: list[Section] = []
    offset = 0
    for number, block in enumerate(parts):
        if number:
            offset += 2  # the "\n\n" between blocks
        if number == 0 and headline:
            kind = "headline"
        else:
            kind = "subtitle" if is_heading(block) else "body"
        sections.append(Section(kind=kind, start=offset, end=offset + len(block)))
        text_parts.append(block)
        offset += len(block)
    return "\n\n".join(text_parts), sections


def structure(text: str, headline: str | None = None) -> tuple[str, list[Section], str | None]:
    """The kept text, its sections and its headline (given, or a title line at the top)."""
    parts = blocks(drop_boilerplate(normalise(text)))
    if headline:
        headline = " ".join(normalise(headline).split())[:MAX_TITLE_CHARS * 4]
        if not parts or " ".join(parts[0].split()).lower() != headline.lower():
            parts.insert(0, headline)
        return (*assemble(parts, True), headline)
    if parts and is_title(parts[0]) and not (len(parts) == 1 and len(parts[0].split()) > 20):
        text, sections = assemble(parts, True)
        return text, sections, parts[0]
    return (*assemble(parts, False), None)
