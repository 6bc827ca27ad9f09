"""Name normalisation and the index that finds known names in text.

A name and a stretch of text are compared as sequences of folded tokens: case-folded, without
diacritics, with curly apostrophes straightened, hyphens and full stops treated as spaces and a
possessive "'s" dropped. So "Erdoğan's", "ERDOGAN" and "Erdogan" are the same key, as are
"U.S." and "U S", and "al-Sharaa" and "al Sharaa".

A name never runs across the end of a sentence ("... met Kim. Jong said").

Two guards keep common words from being read as names: an all-capital short form ("US", "WHO",
"IS") matches only text written in capitals, and in `scan` a name written with a capital letter
matches only text that starts with one ("Turkey", not "turkey").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|[&+]")
_ACRONYM_MAX_LETTERS = 6
_DROPPED_FIRST = "the"
# A full stop after one of these (or after a single letter, "U.S.") does not end a sentence.
_ABBREVIATIONS = frozenset("st mt ft dr mr mrs ms jr sr no co".split())


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Case-fold a token, strip its diacritics and straighten its apostrophes."""
    token = token.replace("\u2019", "'")
    if not token.isascii():
        token = "".join(c for c in unicodedata.normalize("NFKD", token)
                        if not unicodedata.combining(c))
    token = token.casefold()
    if token.endswith("'s") and len(token) > 2:
        token = token[:-2]
    return token


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded tokens of `text` with their character offsets; a possessive "'s" is left outside."""
    out = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        start, end = match.span()
        if len(raw) > 2 and raw[-2] in "'\u2019" and raw[-1] in "sS":
            end -= 2
        out.append((fold(raw), start, end))
    return out


def key(name: str) -> str:
    """The lookup key of a name: folded tokens joined by spaces, a leading "the" dropped."""
    parts = [t for t, _, _ in tokens(name)]
    if len(parts) > 1 and parts[0] == _DROPPED_FIRST:
        parts = parts[1:]
    return " ".join(parts)


def sentence_break(text: str, toks: list[tuple[str, int, int]], j: int) -> bool:
    """Whether a sentence ends between tokens j-1 and j: no name runs across "Kim. Jong"."""
    gap = text[toks[j - 1][2]:toks[j][1]]
    if any(c in gap for c in "!?;"):
        return True
    dot = gap.find(".")
    if dot < 0 or not gap[dot + 1:dot + 2].isspace():
        return False
    before = toks[j - 1][0]
    return len(before) > 1 and before not in _ABBREVIATIONS


def is_acronym(form: str) -> bool:
    """A short capitalised form ("US", "U.N.", "WHO", "LeT", "AfD") that must match exactly."""
    letters = [c for c in form if c.isalpha()]
    if not 0 < len(letters) <= _ACRONYM_MAX_LETTERS:
        return False
    inner_capital = " " not in form.strip() and any(c.isupper() for c in form[1:])
    return not any(c.islower() for c in form) or inner_capital


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


@dataclass
class Slot:
    """What one key stands for, and how strictly the text must be written to match it."""

    value: object
    priority: int
    cased: set[str] | None   # when every form is an acronym: those forms, to be matched exactly
    capital: bool            # every form starts with a capital letter (scan needs one too)
    scan: bool               # found by `scan`, not only by exact lookup

    def accepts(self, written: str, scanning: bool) -> bool:
        if self.cased is not None and _letters(written) not in self.cased:
            return False
        if scanning and self.capital and not (written[:1].isupper() or written[:1].isdigit()):
            return False
        return True


class NameIndex:
    """Exact lookup by key (a dict) and longest-match scanning (a token trie over the same keys)."""

    _END = ""

    def __init__(self) -> None:
        self.slots: dict[str, Slot] = {}
        self.forms: dict[str, str] = {}  # key -> the name as written, for restoring case (truecase)
        self._trie: dict = {}

    def add(self, form: str, value: object, priority: int, scan: bool = True,
            exact: bool = False) -> None:
        """Register `form` for `value`; a higher priority wins a key another value holds.
        `exact`: the text must have the form's letters in the same case ("Xi", not "XI")."""
        k = key(form)
        if not k:
            return
        cased = {_letters(form)} if exact or is_acronym(form) else None
        capital = form[:1].isupper() or form[:1].isdigit()
        slot = self.slots.get(k)
        if slot is None or priority > slot.priority:
            self.slots[k] = Slot(value, priority, cased, capital, scan)
            self.forms[k] = form.strip()
        elif slot.value is value or slot.value == value:
            slot.cased = None if cased is None or slot.cased is None else slot.cased | cased
            slot.capital = slot.capital and capital
            slot.scan = slot.scan or scan

    def build(self) -> None:
        """Build the scanning trie once every name is added."""
        trie: dict = {}
        for k, slot in self.slots.items():
            if not slot.scan:
                continue
            node = trie
            for part in k.split(" "):
                node = node.setdefault(part, {})
            node[self._END] = k
        self._trie = trie

    def get(self, text: str) -> Slot | None:
        slot = self.slots.get(key(text))
        if slot is None or not slot.accepts(text.strip(), scanning=False):
            return None
        return slot

    def longest(self, text: str, toks: list[tuple[str, int, int]], i: int) -> list[tuple[int, Slot]]:
        """Every accepted match starting at token `i`, as (index of the last token, slot)."""
        node, found = self._trie, []
        for j in range(i, len(toks)):
            if j > i and sentence_break(text, toks, j):
                break
            node = node.get(toks[j][0])
            if node is None:
                break
            k = node.get(self._END)
            if k is not None:
                slot = self.slots[k]
                if slot.accepts(text[toks[i][1]:toks[j][2]], scanning=True):
                    found.append((j, slot))
        return found
