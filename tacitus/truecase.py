"""Stage `truecase`: case restored in all-lower-case and ALL-CAPS text, every offset kept.

Case carries much of what the later stages read: spaCy tags "putin" as a noun and finds no
person in it, the knowledge base's scan matches "Turkey" but not "turkey", the date rules
read "Monday", the gazetteer's toponym rules want a capital. So an article written all in
lower case ("vladimir putin met recep tayyip erdogan in ankara on monday") or all in
capitals is given back its case first, in `Article.truecased`, a copy of the text of the
same length: each character keeps its place, so every offset the stages compute still
indexes `Article.text`, and the evidence quotes the article as written.

Detecting it is cheap and per article: the body is uncased when under 1% of its cased
letters are capitals (or lower case). Headlines and subtitles are judged one by one, as an
ALL-CAPS headline tops many normally cased articles (Title Case headlines are the parse
stage's). Normally cased text is left alone and costs one pass over its letters.

Restoring is dictionary look-ups, no model (`Truecaser`), in order:
1. the longest known name of several words: the knowledge base's names (people, states,
   organisations, metonyms) and the gazetteer's places, as written ("Recep Tayyip Erdoğan",
   "New Delhi", "al-Assad");
2. one word: a weekday or month ("may" and "march" only next to a number or after "in",
   "since"...), a name the knowledge base knows, a place of the gazetteer, or a word the
   case table (`knowledge/data/casing.tsv.gz`, tools/build_casing.py) says is written with
   capitals more often than without; English function words never, except an acronym that
   only a name can be where it stands ("the us" -> "the US", "us troops");
3. the first letter of the sentence, and "i".
A name is taken from the knowledge base unless its lower-case form is much the commoner
word ("police" is not the Polish town); the gazetteer, with many more names that are also
words ("Nice", "Mobile", "Reading"), must clear a higher bar.
"""
from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from .article import Article
from .knowledge.names import fold, is_acronym, tokens
from .options import Options

NAME = "truecase"
REQUIRES: tuple[str, ...] = ("article.sentences",)
ASSIGNS: tuple[str, ...] = ("article.truecased",)

TABLE = Path(__file__).parent / "knowledge" / "data" / "casing.tsv.gz"
UNCASED = 0.01          # share of the other case under which text is all lower / ALL CAPS
MIN_LETTERS = 12        # shorter headlines are left as they are
# margins (nats) of the case table: ln P(Capitalised) - ln P(lower case) must pass these
WORD_MARGIN = 0.5       # a word known only to the case table
NAME_MARGIN = -2.0      # a name the knowledge base knows ("Turkey" -0.1, "UN" -1.7; not "police")
PLACE_MARGIN = -1.0     # a gazetteer place ("Nice" -1.4 and "Mobile" -1.6 stay words)
MIN_PLACE_POPULATION = 15_000
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "april", "june", "july", "august", "september", "october",
          "november", "december")
AMBIGUOUS_MONTHS = ("may", "march")   # modal verb and procession too
MONTH_LEADS = frozenset("in since until till by early late mid last next this of before after "
                        "during from through between".split())
# after these an English function word cannot stand, so an acronym spelt the same is a name
ACRONYM_LEADS = frozenset({"the"})
_LETTER = re.compile(r"[^\W\d_]")


def run(article: Article, options: Options) -> Article:
    body = [s for s in article.sentences if s.section == "body"]
    body_case = casing("".join(article.text[s.start:s.end] for s in body)) if body else None
    chars: list[str] | None = None
    for sentence in article.sentences:
        text = article.text[sentence.start:sentence.end]
        case = body_case if sentence.section == "body" else casing(text)
        if case is None:
            continue
        chars = chars if chars is not None else list(article.text)
        chars[sentence.start:sentence.end] = truecaser().restore(text)
    article.truecased = "".join(chars) if chars is not None else None
    return article


def casing(text: str) -> str | None:
    """"lower" or "upper" when `text` is written all in one case, else None."""
    upper = sum(1 for c in text if c.isupper())
    lower = sum(1 for c in text if c.islower())
    if upper + lower < MIN_LETTERS:
        return None
    if upper <= UNCASED * (upper + lower):
        return "lower"
    if lower <= UNCASED * (upper + lower):
        return "upper"
    return None


@cache
def truecaser() -> "Truecaser":
    """The truecaser, built once per process on the first uncased article."""
    from .knowledge import knowledge
    from .knowledge.gazetteer import gazetteer
    kb = knowledge()
    return Truecaser(read_table(TABLE), kb.written_names(), gazetteer().own_names(MIN_PLACE_POPULATION),
                     kb.role_words())


def read_table(path: Path) -> dict[str, tuple[str, float]]:
    """The case table: folded word -> (its usual capitalised form, margin in nats)."""
    table = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            form, margin = line.rstrip("\n").split("\t")
            table[form.casefold() if form.isascii() else fold(form)] = (form, float(margin))
    return table


class Truecaser:
    """Restores the case of one sentence of uncased text from three dictionaries (see the
    module docstring); the result has the same length as the input."""

    def __init__(self, table: dict[str, tuple[str, float]], names: dict[str, str],
                 places: list[str], role_words: frozenset[str] = frozenset()) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.table = table
        self.role_words = role_words
        self.function_words = frozenset(STOP_WORDS)
        self.words: dict[str, tuple[str, float]] = {}   # folded word -> (form, bar to clear)
        self.phrases: dict = {}                          # trie of folded words -> forms
        for form in places:
            self._add(form, PLACE_MARGIN)
        for form in names.values():
            self._add(form, NAME_MARGIN)

    def _add(self, form: str, bar: float) -> None:
        if form.isascii() and form.isalpha():  # most names: one plain word
            self.words[form.casefold()] = (form, bar)
            return
        parts = [(word, form[start:end]) for word, start, end in tokens(form)]
        if len(parts) > 1 and parts[0][0] == "the":
            parts = parts[1:]
        if len(parts) == 1:
            self.words[parts[0][0]] = (parts[0][1], bar)
        elif len(parts) > 1 and not all(w in self.function_words for w, _ in parts):
            node = self.phrases
            for word, _ in parts:
                node = node.setdefault(word, {})
            node[""] = tuple(written for _, written in parts)

    def restore(self, text: str) -> str:
        """`text` with its case restored, character for character."""
        out = list(lower_case(text))
        words = tokens("".join(out))
        i = 0
        while i < len(words):
            end, forms = self._phrase(words, i)
            if forms:
                for (_, start, stop), form in zip(words[i:end], forms):
                    _shape(out, start, stop, form)
                i = end
                continue
            form = self._word(words, i, text)
            if form:
                _shape(out, words[i][1], words[i][2], form)
            i += 1
        first = _LETTER.search(text)
        if first:
            out[first.start()] = _upper(out[first.start()])
        return "".join(out)

    def _phrase(self, words, i: int) -> tuple[int, tuple[str, ...] | None]:
        node, found = self.phrases, (i, None)
        for j in range(i, len(words)):
            node = node.get(words[j][0])
            if node is None:
                break
            if "" in node and j > i:
                found = (j + 1, node[""])
        return found

    def _word(self, words, i: int, text: str) -> str | None:
        word = words[i][0]
        if word == "i":
            return "I"
        if word in WEEKDAYS or word in MONTHS or (word in AMBIGUOUS_MONTHS and _dated(words, i)):
            return word.capitalize()
        known = self.words.get(word)
        if word in self.function_words:
            if known and is_acronym(known[0]) and _acronym_context(words, i, text, self):
                return known[0]
            return None
        form, margin = self.table.get(word, (None, None))
        if known and (margin is None or margin > known[1]):
            return known[0]
        return form if margin is not None and margin > WORD_MARGIN else None


def _dated(words, i: int) -> bool:
    """"in may", "may 5", "5 march": the month, not the verb or the procession."""
    before = words[i - 1][0] if i > 0 else ""
    after = words[i + 1][0] if i + 1 < len(words) else ""
    return before in MONTH_LEADS or before.isdigit() or after[:1].isdigit()


def _acronym_context(words, i: int, text: str, caser: Truecaser) -> bool:
    """"the us", "us troops", "us-led": where the function word "us" cannot stand."""
    before = words[i - 1][0] if i > 0 else ""
    after = words[i + 1][0] if i + 1 < len(words) else ""
    return (before in ACRONYM_LEADS or after in caser.role_words
            or text[words[i][2]:words[i][2] + 1] == "-")


def lower_case(text: str) -> str:
    """Lower case character by character: a character whose lower case is longer stays."""
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _upper(c: str) -> str:
    up = c.upper()
    return up if len(up) == 1 else c


def _shape(out: list[str], start: int, end: int, form: str) -> None:
    """Give out[start:end] the case of `form`: letter by letter when the lengths agree
    ("McCain", "al-Assad"), else all capitals for an acronym, else a capital first letter."""
    if end - start == len(form):
        for k, c in enumerate(form):
            if c.isupper():
                out[start + k] = _upper(out[start + k])
    elif form.isupper():
        for k in range(start, end):
            out[k] = _upper(out[k])
    else:
        out[start] = _upper(out[start])
