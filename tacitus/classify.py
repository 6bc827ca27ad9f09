"""Stage 2 — classify: the learned event classifier scores every sentence.

Every sentence gets the probability that it tells an event and that it tells each PLOVER type
(`tacitus.learning.model`, linear over word and character n-grams: thousands of sentences a
second, so it reads every sentence, not only the lexicon's candidates). A sentence the lexicon's
first pass passed over becomes a candidate, so the parse reads it and the proposals stage can
code its event, when the classifier finds it likely to hold an event and a type it would propose
has one of its learned trigger words in the sentence (the proposals stage needs such a word, or,
for a criticism or denial told only as said, a verb of speech).
"""
from __future__ import annotations

import re

from .article import Article
from .learning.model import event_model
from .options import Options

_WORD = re.compile(r"[a-z]+")

NAME = "classify"
REQUIRES: tuple[str, ...] = ("article.sentences",)
ASSIGNS: tuple[str, ...] = ("sentence.scores", "sentence.features", "sentence.candidate")


def run(article: Article, options: Options) -> Article:
    return run_many([article], options)[0]


def run_many(articles: list[Article], options: Options) -> list[Article]:
    model = event_model()
    todo = [(article, sentence) for article in articles for sentence in article.sentences]
    texts = [article.text[s.start:s.end] for article, s in todo]
    rows = [model.vectorizer.row(text) for text in texts]
    scores = model.scores_of(rows)
    event = model.column("event")
    settings = model.settings
    propose = [(model.column(t), settings["propose_threshold"][t], frozenset(words))
               for t, words in settings.get("trigger_forms", {}).items()]
    for (_, sentence), text, features, row in zip(todo, texts, rows, scores):
        sentence.scores, sentence.features = row, features
        if sentence.candidate or row[event] < settings["parse_threshold"]:
            continue
        # worth a parse only when the proposals stage could anchor a likely type on a word
        likely = [words for column, threshold, words in propose if row[column] >= threshold]
        if likely and not set(_WORD.findall(text.lower())).isdisjoint(frozenset().union(*likely)):
            sentence.candidate = True
    return articles
