"""Stage `truecase`: case restored in all-lower-case and ALL-CAPS text, every offset kept.

Case carries much of what the later stages read: spaCy tags "putin" as a noun and finds no
person in it, the knowledge base's scan matches "Turkey" but not "turkey", the date rules
read "Monday", the gazetteer's toponym rules want a capital. So an article written all in
lower case ("vladimir putin met recep tayyip erdogan in ankara on monday") or all in
capitals is given back its case first, in `Article.truecased`, a copy of the text of the
same length: each character keeps its place, so every offset the stages compute still
indexes `Article.text`, and the evidence quotes the article as written.

It runs first, before the sentence split: "the u.s. embassy" would end a sentence at "u.s.".
Detecting is cheap and per article: the body is uncased when under 1% of its cased letters
are capitals (or lower case). Headlines and subtitles are judged one by one, as an ALL-CAPS
headline tops many normally cased articles (Title Case headlines are the parse stage's).
Normally cased text is left alone and costs one count of its letters.

Restoring is dictionary look-ups, no model (`Truecaser`), each paragraph lower-cased, then:
1. the longest known name of several words: the knowledge base's names (people, states,
   organisations, metonyms) and the gazetteer's places, as written ("Recep Tayyip Erdoğan",
   "New Delhi", "al-Assad"); the words of a person's full name found anywhere in the article
   are restored wherever they stand alone (a headline's "trump" is the body's "Donald Trump");
2. one word: a weekday or month ("may" and "march" only next to a number or after "in",
   "since"...), a name the knowledge base knows, a place of the gazetteer, or a word the case
   table (`knowledge/data/casing.tsv.gz`, built by tools/build_casing.py) says is written with
   capitals more often than without; English function words never, except an acronym where the
   function word cannot stand ("the us" -> "the US", "us troops", "us-led");
3. the first letter of a paragraph and of each sentence (after ".", "?" or "!", not after an
   abbreviation), and "i".
The case table also bars names that are mostly words: a name the knowledge base knows is taken
unless its lower-case form is much the commoner ("police" is not the Polish town); a surname
alone must be capitalised more often than not ("moon", "park" stay words), and a gazetteer
place, among many more names that are also words ("Nice", "Mobile", "Reading"), must come near.
Measured against case-insensitive look-ups without it in docs/accuracy.md ("Casing").
"""
from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from .article import Article
from .knowledge.names import is_acronym, tokens
from .options import Options
from .sentences import paragraphs

NAME = "truecase"
REQUIRES: tuple[str, ...] = ()
ASSIGNS: tuple[str, ...] = ("article.sections", "article.truecased")

TABLE = Path(__file__).parent / "knowledge" / "data" / "casing.tsv.gz"
UNCASED = 0.01          # share of the other case under which text is all lower / ALL CAPS
MIN_LETTERS = 12        # shorter headlines are left as they are
# margins (nats) of the case table: ln P(Capitalised) - ln P(lower case) must pass these
WORD_MARGIN = 0.5       # a word known only to the case table
NAME_MARGIN = -2.0      # a name the knowledge base knows ("Turkey" -0.1, "UN" -1.7; not "police")
PLACE_MARGIN = -1.0     # a gazetteer place ("Nice" -1.4 and "Mobile" -1.6 stay words)
SURNAME_MARGIN = 0.0    # a surname alone ("park" -0.6 and "moon" -0.9 stay words; "Putin" 2.5)
MIN_PLACE_POPULATION = 15_000
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "april", "june", "july", "august", "september", "october",
          "november", "december")
AMBIGUOUS_MONTHS = ("may", "march")   # modal verb and procession too
MONTH_LEADS = frozenset("in since until till by early late mid last next this of before after "
                        "during from through between".split())
# after these an English function word cannot stand, so an acronym spelt the same is a name
ACRONYM_LEADS = frozenset({"the"})
# a full stop after these (or after a single letter, "u.s.") does not end a sentence
ABBREVIATIONS = frozenset("mr mrs ms dr st mt ft jr sr no co gen col lt sgt capt gov sen rep "
                          "rev prof vs inc ltd corp dept est approx fig jan feb mar apr jun jul aug "
                          "sep sept oct nov dec".split())


def run(article: Article, options: Options) -> Article:
    sections = paragraphs(article)
    body = casing("".join(article.text[s.start:s.end] for s in sections if s.kind == "body"))
    todo = [(s, article.text[s.start:s.end]) for s in sections]
    todo = [(s, text) for s, text in todo if (body if s.kind == "body" else casing(text))]
    if not todo:
        article.truecased = None
        return article
    caser, chars = truecaser(tuple(options.actor_files)), list(article.text)
    # the names of several words first, all through the article: a headline's "trump" is
    # the "Donald Trump" of the third paragraph
    seen = caser.names_in([text for _, text in todo])
    for section, text in todo:
        chars[section.start:section.end] = caser.restore(text, seen)
    article.truecased = "".join(chars)
    return article


def casing(text: str) -> str | None:
    """"lower" or "upper" when `text` is written all in one case, else None."""
    upper, lower = sum(map(str.isupper, text)), sum(map(str.islower, text))
    if upper + lower < MIN_LETTERS:
        return None
    if upper <= UNCASED * (upper + lower):
        return "lower"
    if lower <= UNCASED * (upper + lower):
        return "upper"
    return None


@cache
def truecaser(actor_files: tuple[Path, ...] = ()) -> "Truecaser":
    """The truecaser, built once per process (and set of the user's actor files, whose names it
    restores too) on the first uncased article."""
    from .knowledge import knowledge
    from .knowledge.gazetteer import gazetteer
    kb = knowledge(actor_files)
    return Truecaser(read_table(TABLE), kb.written_names(), gazetteer().own_names(MIN_PLACE_POPULATION),
                     kb.role_words())


def read_table(path: Path) -> dict[str, tuple[str, float]]:
    """The case table: word in lower case -> (its usual capitalised form, margin in nats)."""
    table = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#"):
                form, margin = line.rstrip("\n").split("\t")
                table[form.lower()] = (form, float(margin))
    return table


class Truecaser:
    """Restores the case of uncased text from its dictionaries (see the module docstring);
    what it returns has the same length as what it is given."""

    def __init__(self, table: dict[str, tuple[str, float]], names: dict[str, tuple[str, str]],
                 places: list[str], role_words: frozenset[str] = frozenset()) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.table = table
        self.role_words = role_words
        self.function_words = frozenset(STOP_WORDS)
        self.words: dict[str, tuple[str, float]] = {}   # folded word -> (form, bar to clear)
        self.phrases: dict = {}                          # trie of folded words -> forms
        self.people: set[tuple[str, ...]] = set()        # the phrases that are people's names
        for form in places:
            self._add(form, PLACE_MARGIN)
        for form, kind in names.values():
            self._add(form, SURNAME_MARGIN if kind == "surname" else NAME_MARGIN, kind == "person")

    def _add(self, form: str, bar: float, person: bool = False) -> None:
        if form.isascii() and form.isalpha():  # most names: one plain word
            self.words[form.lower()] = (form, bar)
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
            if person:
                self.people.add(node[""])

    def names_in(self, texts: list[str]) -> dict[str, str]:
        """The words of the people's full names in `texts` ("donald trump" -> {"donald":
        "Donald", "trump": "Trump"}), so that the article's "trump" alone is restored too."""
        seen: dict[str, str] = {}
        for text in texts:
            words, i = tokens(lower_case(text)), 0
            while i < len(words):
                end, forms = self._phrase(words, i)
                if forms in self.people:
                    for (word, _, _), form in zip(words[i:end], forms):
                        if word not in self.function_words and form[:1].isupper():
                            seen[word] = form
                i = end if forms else i + 1
        return seen

    def restore(self, text: str, seen: dict[str, str] | None = None) -> str:
        """`text` (a paragraph, a headline) with its case restored, character for character.
        `seen`: words of the article's names (`names_in`), restored wherever they stand."""
        seen = seen or {}
        out = list(lower_case(text))
        words = tokens("".join(out))
        for j in range(len(words)):
            if j == 0 or _sentence_start(text, words, j):
                out[words[j][1]] = _upper(out[words[j][1]])
        i = 0
        while i < len(words):
            end, forms = self._phrase(words, i)
            if forms:
                for (_, start, stop), form in zip(words[i:end], forms):
                    _shape(out, start, stop, form)
                i = end
                continue
            form = seen.get(words[i][0]) or self._word(words, i, text)
            if form:
                _shape(out, words[i][1], words[i][2], form)
            i += 1
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
        if word == "i" or word[:2] == "i'":  # "i", "i'm", "i've"
            return word.capitalize()
        if word in WEEKDAYS or word in MONTHS:
            return word.capitalize()
        if word in AMBIGUOUS_MONTHS:
            return word.capitalize() if _dated(words, i) else None
        known = self.words.get(word)
        if word in self.function_words:
            if known and is_acronym(known[0]) and _acronym_context(words, i, text, self):
                return known[0]
            return None
        form, margin = self.table.get(word, (None, None))
        if known and (margin is None or margin > known[1]):
            return known[0]
        return form if margin is not None and margin > WORD_MARGIN else None


def _sentence_start(text: str, words, j: int) -> bool:
    """A full stop, "?" or "!" and a space before word j, and not after an abbreviation
    ("u.s. embassy", "mr. smith", "no. 10")."""
    gap = text[words[j - 1][2]:words[j][1]]
    end = max(gap.find("."), gap.find("?"), gap.find("!"))
    if end < 0 or not any(c.isspace() for c in gap[end:]):
        return False
    before = words[j - 1][0]
    return gap[end] != "." or (len(before) > 1 and before not in ABBREVIATIONS)


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
