"""The spaCy layer's speed-ups give what spaCy itself gives, token for token."""
from pathlib import Path

import pytest

from tacitus.language import nlp

GOLDEN = Path(__file__).parent / "golden"
# words the attribute ruler's rarer rules test: contractions, "gon na", "there is", spaces
EXTRA = ("They ain't gonna stop, y'all said. Let's go -- c'mon!  There is nothin' left; "
         "there were two.\n\nWe gotta leave at 5 p.m. on Monday.")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(GOLDEN.glob("*.txt"))] + [EXTRA]


def test_quick_match_finds_what_the_matcher_finds(texts):
    pipeline = nlp()
    ruler = pipeline.get_pipe("attribute_ruler")
    quick = ruler.match
    matcher = type(ruler).match.__get__(ruler)  # the ruler's own method, under the quick one
    assert quick is not matcher
    docs = list(pipeline.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    for doc in docs:
        assert quick(doc) == matcher(doc)
    assert sum(len(quick(doc)) for doc in docs) > sum(len(doc) for doc in docs)


def test_remembered_lemmas_are_spacy_lemmas(texts):
    """Tacitus' lemmatizer (remembered, sets for spaCy's word lists) against spaCy's own,
    loaded afresh, on the same tagged tokens."""
    from tacitus.language import load_pipeline

    pipeline = nlp()
    stock = load_pipeline().get_pipe("lemmatizer")
    assert isinstance(next(iter(stock.lookups.get_table("lemma_index").values())), list)
    for _ in range(2):  # the second time from memory
        for doc, bare in zip(pipeline.pipe(texts), pipeline.pipe(texts, disable=["lemmatizer"])):
            for token, unlemmatized in zip(doc, bare):
                expected = (unlemmatized.lemma_ if unlemmatized.lemma  # set by the attribute ruler
                            else stock.rule_lemmatize(unlemmatized)[0])
                assert token.lemma_ == expected, token.text


def test_the_pipeline_without_its_string_table_annotates_as_spacy_does(texts):
    """Tacitus loads the model without vocab/strings.json; every annotation it reads is the
    same as the stock pipeline's, string for string, and the word vectors are the same."""
    from thinc.api import NumpyOps

    from tacitus.language import load_pipeline

    pipeline, stock = nlp(), load_pipeline()
    assert len(pipeline.vocab.strings) < len(stock.vocab.strings) / 10  # the table was left out
    ops = NumpyOps(use_blis=False)  # the same matrix products as nlp(), so only strings differ
    for _, component in stock.pipeline:
        for node in component.model.walk() if hasattr(getattr(component, "model", None), "walk") else ():
            node.ops = ops

    def annotations(doc):
        return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.norm_, t.ent_type_, t.ent_iob_,
                 t.is_stop, t.like_num, t.shape_) for t in doc]

    for doc, expected in zip(pipeline.pipe(texts), stock.pipe(texts)):
        assert annotations(doc) == annotations(expected)
        assert [e.label_ for e in doc.ents] == [e.label_ for e in expected.ents]
    assert (pipeline("Syria").vector == stock("Syria").vector).all()


def test_matrix_products_go_to_numpy_blas():
    """thinc's default (blis) ran three times slower here; every layer keeps numpy's BLAS."""
    pipeline = nlp()
    for name in ("tok2vec", "ner", "parser"):
        nodes = list(pipeline.get_pipe(name).model.walk())
        assert nodes and all(getattr(node.ops, "use_blis", True) is False for node in nodes), name
