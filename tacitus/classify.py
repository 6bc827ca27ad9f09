"""Stage 2 — classify: the learned event classifier scores every sentence.

Every sentence gets the probability that it tells an event and that it tells each PLOVER type
(`tacitus.learning.model`, linear over word and character n-grams: thousands of sentences a
second, so it reads every sentence, not only the lexicon's candidates). A sentence the lexicon's
first pass passed over but the classifier finds likely to hold an event becomes a candidate, so
the parse reads it and the proposals stage can code its event.
"""
from __future__ import annotations

from .article import Article
from .learning.model import event_model
from .options import Options

NAME = "classify"
REQUIRES: tuple[str, ...] = ("article.sentences",)
ASSIGNS: tuple[str, ...] = ("sentence.scores", "sentence.candidate")


def run(article: Article, options: Options) -> Article:
    return run_many([article], options)[0]


def run_many(articles: list[Article], options: Options) -> list[Article]:
    model = event_model()
    todo = [(article, sentence) for article in articles for sentence in article.sentences]
    scores = model.scores([article.text[s.start:s.end] for article, s in todo])
    event = model.column("event")
    threshold = model.settings["parse_threshold"]
    for (_, sentence), row in zip(todo, scores):
        sentence.scores = row
        if row[event] >= threshold:
            sentence.candidate = True
    return articles
