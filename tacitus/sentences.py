"""Stage 1 — sentences: split each section into sentences and mark the ones worth parsing.

Sentences never cross a paragraph: splitting each block separately avoids the parser's
known fault of running a sentence on past a closing quote followed by a blank line. The cheap
first pass tokenizes every sentence and marks it a candidate when its words can make an
entry of the lexicon fire (`Lexicon.candidate`); only candidates are parsed (Options.prefilter).
"""
from __future__ import annotations

import re

from .article import Article, Section, Sentence
from .language import tokenizer
from .lexicon import triggers
from .options import Options

NAME = "sentences"
REQUIRES: tuple[str, ...] = ()
ASSIGNS: tuple[str, ...] = ("article.sections", "article.sentences", "sentence.candidate")

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", re.S)


def run(article: Article, options: Options) -> Article:
    paragraphs(article)
    lexicon = triggers()
    # the text with its case restored where it had none (truecase stage): "the u.s. embassy"
    # would end a sentence at "u.s."
    blocks = [(s, article.reading[s.start:s.end]) for s in article.sections]
    sentences: list[Sentence] = []
    for (section, _), doc in zip(blocks, tokenizer().pipe(text for _, text in blocks)):
        spans = [doc[:]] if section.kind != "body" else list(doc.sents)
        for span in spans:
            text = span.text
            if not text.strip():
                continue
            start = section.start + span.start_char
            words = {t.lower_ for t in span}
            sentences.append(Sentence(
                index=len(sentences), start=start, end=start + len(text), section=section.kind,
                candidate=not options.prefilter or lexicon.candidate(words)))
    article.sentences = sentences
    return article


def paragraphs(article: Article) -> list[Section]:
    """The article's sections; a text read without any is cut into paragraphs here."""
    if not article.sections:
        article.sections = [Section("body", m.start(), m.end()) for m in _PARAGRAPH.finditer(article.text)]
    return article.sections
