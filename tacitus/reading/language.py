"""A cheap English check: the script of the letters, then the share of English function words.

Tacitus' lexicons and parser are English only; coding a German or Russian article would give
confident nonsense, so it is refused up front. Function words are the most frequent tokens of
any language, so a few dozen of them tell the languages apart without a model.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..errors import EmptyInput, NotEnglish

ENGLISH = frozenset("""
the of and to a in is was that for on with as by at from said it its his her their they he she
has have had were are be been will would not an or but this which who after over about into
than also more could should may can our we us them there when what where while up out no one
two three new says told against during before under between because some all other any been
""".split())
# distinctive function words of the languages most often mistaken for an English article;
# words that are also common in English ("die", "was", "an", "also") are left out
OTHERS: dict[str, frozenset[str]] = {
    language: frozenset(words.split()) for language, words in {
        "German": "der und das nicht ist ein eine einer mit sich auf für dem den von wird auch nach bei aus zum zur sind wurde",
        "French": "le la les des et est une du que dans pour pas sur qui au aux avec ont été sont leur cette",
        "Spanish": "el los las del y que en una por con para es se su al lo como más fue han sus",
        "Italian": "il della di che è per una con non sono del gli alla anche nel dei ha",
        "Portuguese": "os das do da em uma para com não são ao pelo pela foi mais seu sua",
        "Dutch": "de het een en van zijn niet met voor op dat aan ook werd door naar bij",
    }.items()
}
MIN_TOKENS = 12  # below this a text is too short to judge by word counts (a lone headline)
MIN_ENGLISH_SHARE = 0.08
MIN_LATIN_SHARE = 0.7
TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def check_english(text: str, source: str | None) -> None:
    """Raise NotEnglish unless `text` reads as English; EmptyInput when it has no words."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        raise EmptyInput(source, "no words left after extraction",
                         "Pass the article text or the article page, not an index or a media page")
    foreign_script = [char for char in letters if char > "\u024f"]  # past Latin Extended-B
    if len(foreign_script) / len(letters) > 1 - MIN_LATIN_SHARE:
        raise NotEnglish(source, f"the text is written mostly in {_script(foreign_script)} script",
                         "Tacitus codes English news only; pass an English version")
    tokens = [token.lower() for token in TOKEN.findall(text)]
    english = sum(token in ENGLISH for token in tokens)
    language, foreign = max(((name, sum(token in words for token in tokens))
                             for name, words in OTHERS.items()), key=lambda pair: pair[1])
    too_few_english = len(tokens) >= MIN_TOKENS and english / len(tokens) < MIN_ENGLISH_SHARE
    if too_few_english or (foreign >= 3 and foreign > 2 * english):
        looks = f"looks like {language}" if foreign >= 3 else "does not look like English"
        raise NotEnglish(source, f"the text {looks} ({english} of {len(tokens)} words are common English words)",
                         "Tacitus codes English news only; pass an English version")


def _script(chars: list[str]) -> str:
    names = Counter(unicodedata.name(char, "UNKNOWN").split()[0] for char in chars)
    name = names.most_common(1)[0][0]
    return {"CJK": "Chinese/Japanese (CJK)", "HANGUL": "Korean (Hangul)"}.get(name, name.title())
