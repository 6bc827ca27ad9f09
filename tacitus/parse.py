"""Stage 2 — parse: run the full spaCy pipeline on the sentences that may hold an event.

Headlines and subtitles in Title Case confuse the tagger ("Calls" becomes a proper noun), so
they are parsed in sentence case — lower case but for names the knowledge base knows — which
keeps every character offset.
"""
from __future__ import annotations

from .article import Article
from .language import nlp
from .options import Options

NAME = "parse"
REQUIRES: tuple[str, ...] = ("article.sentences", "sentence.candidate")
ASSIGNS: tuple[str, ...] = ("sentence.doc",)


def run(article: Article, options: Options) -> Article:
    return run_many([article], options)[0]


def run_many(articles: list[Article], options: Options) -> list[Article]:
    """The candidate sentences of several articles in one spaCy call: batches of a few
    articles' sentences parse about 14% faster than one article's (docs/performance.md).
    Every sentence is its own Doc, so what else is in the batch changes nothing."""
    todo = [(a, s) for a in articles for s in a.sentences if s.candidate]
    texts = [_as_parsed(a, s) for a, s in todo]
    for (_, sentence), doc in zip(todo, nlp().pipe(texts, batch_size=256)):
        sentence.doc = doc
    return articles


def _as_parsed(article: Article, sentence) -> str:
    text = article.reading[sentence.start:sentence.end]
    if sentence.section == "body" or not _title_case(text):
        return text
    from .knowledge import knowledge
    keep = [(a, b) for a, b, _ in knowledge().scan(text)]
    out = []
    for i, ch in enumerate(text):
        inside = any(a <= i < b for a, b in keep)
        out.append(ch if inside or i == 0 or len(ch.lower()) != 1 else ch.lower())
    return "".join(out)


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) > 0.6
