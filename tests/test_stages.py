"""Unit tests for the core stages on hand-built sentences."""
from tacitus import sentences, parse, triggers, modality, sizes
from tacitus.article import Article
from tacitus.lexicon import ontology, triggers as lexicon
from tacitus.options import DEFAULT
from tacitus.errors import PipelineError

import pytest


def mentions_of(text):
    article = Article(text)
    for stage in (sentences, parse, triggers, modality, sizes):
        article = stage.run(article, DEFAULT)
    return article, article.mentions


def only(text, event_type):
    article, found = mentions_of(text)
    hits = [m for m in found if m.event_type == event_type]
    assert hits, f"no {event_type} in {[(m.event_type, m.mode) for m in found]}"
    return hits[0]


def test_stage_order_is_checked():
    from tacitus.pipeline import STAGES, check
    check(STAGES)
    with pytest.raises(PipelineError):
        check(tuple(reversed(STAGES)))


def test_a_stage_list_missing_what_a_stage_needs_is_refused_by_name():
    from tacitus.options import Options
    from tacitus.pipeline import check, stages_for
    with pytest.raises(PipelineError, match=r"stage 'proposals' needs sentence\.scores \(assigned by no stage"):
        check(stages_for(Options(stages=("sentences", "parse", "triggers", "proposals", "dates", "parties",
                                           "modality", "attribution", "sizes", "places", "events"))))
    with pytest.raises(PipelineError, match="unknown stage"):
        stages_for(Options(stages=("sentences", "telepathy")))


def test_no_model_leaves_out_the_learned_stages():
    from tacitus.options import Options
    from tacitus.pipeline import DEFAULT_STAGES, MODEL_STAGES, stages_for
    names = [s.NAME for s in stages_for(Options(model=False))]
    assert names == [n for n in DEFAULT_STAGES if n not in MODEL_STAGES]
    assert {"classify", "proposals"} <= {s.NAME for s in stages_for(Options())}


def test_every_stage_declares_what_it_needs_and_makes():
    from tacitus.pipeline import REGISTRY
    for name, stage in REGISTRY.items():
        assert stage.NAME == name and callable(stage.run)
        assert all("." in need for need in stage.REQUIRES), name
        assert stage.ASSIGNS and all("." in made for made in stage.ASSIGNS), name


def test_ontology_follows_the_manual():
    types = ontology().types
    assert len(types) == 16
    assert types["ASSAULT"].quad == 4 and types["AGREE"].quad == 1 and types["AID"].quad == 2
    assert types["CONSULT"].intensity_of("phone") == 1.5
    assert types["SANCTION"].cameo_of("discontinue") == "162"


def test_every_lexicon_entry_names_a_known_type_and_mode():
    lex = lexicon()
    assert len(lex.verbs) > 150 and len(lex.nouns) > 50


def test_sentences_stay_inside_paragraphs_and_prefilter_marks_candidates():
    text = "“We will not give up,” she said.\n\nThe weather was mild. Rebels attacked the town."
    article = sentences.run(Article(text), DEFAULT)
    spans = [article.text[s.start:s.end] for s in article.sentences]
    assert spans == ["“We will not give up,” she said.", "The weather was mild.", "Rebels attacked the town."]
    assert [s.candidate for s in article.sentences] == [True, False, True]


def test_verb_trigger_with_object_refined_mode():
    m = only("The minister proposed an immediate ceasefire between the two armies.", "REQUEST")
    assert m.mode == "yield" and "military" in m.context


def test_light_verb_realises_its_noun():
    m = only("Russia launched over 5,000 drones at Ukrainian cities.", "ASSAULT")
    assert m.mode == "drone"
    assert [(c.value, c.qualifier) for c in m.counts] == [(5000.0, "over")]


def test_standalone_noun_event():
    m = only("Monday's attack on the port killed three people and injured 14.", "ASSAULT")
    assert m.dead == 3 and m.injured == 14


def test_negated_yield_becomes_a_refusal():
    m = only("Officials said the army would not abandon its positions.", "REJECT")
    assert m.mode == "yield" and m.modality.asserted


def test_conditional_and_modal_clauses_are_not_asserted():
    for text in ("If the rebels attacked the city, the army would respond.",
                 "Officials said the rebels may attack the city.",
                 "The president urged the rebels to attack nobody."):
        _, found = mentions_of(text)
        assert found and all(not m.modality.asserted for m in found if m.event_type == "ASSAULT" or m.event_type == "ACCUSE"), text


def test_embedded_clause_under_request_is_hypothetical():
    m = only("The envoy urged both sides to withdraw their troops.", "RETREAT")
    assert m.modality.hypothetical


def test_plain_negation():
    m = only("The police did not arrest the protesters.", "COERCE")
    assert m.modality.negated


def test_arrest_counts():
    m = only("Police detained 25 people on Friday.", "COERCE")
    assert m.arrested == 25


def test_prefilter_needs_the_words_an_entry_fires_with():
    lex = lexicon()
    assert lex.candidate({"rebels", "attacked", "the", "town"})  # a typed verb fires alone
    assert not lex.candidate({"the", "food", "was", "cold"})  # an aid noun needs a verb to realise it
    assert lex.candidate({"they", "delivered", "food"})
    assert not lex.candidate({"she", "called", "it", "a", "mistake"})  # "call" needs "for"/"on" or a leader
    assert lex.candidate({"she", "called", "for", "calm"})


def test_prevented_events_and_non_answers_are_not_events():
    import tacitus
    assert not [e for e in tacitus.code_text("Officials refused to comment on the report.") if e.event_type == "REJECT"]
    foiled = tacitus.code_text("Police foiled an attack on the embassy.", published="2019-01-05")
    assert all(not e.asserted for e in foiled if e.event_type == "ASSAULT")


def test_on_is_a_preposition_not_yaml_true():
    # YAML 1.1 reads a bare `on` as true; the lexicon loader must give the word back
    assert any("on" in entry.recipient for entries in lexicon().verbs.values() for entry in entries)


def test_call_on_x_to_act():
    import tacitus
    events = tacitus.code_text("The United States called on Russia to withdraw its troops.", published="2019-02-13")
    request = next(e for e in events if e.event_type == "REQUEST")
    assert [a.country for a in request.recipient] == ["RUS"] and request.location is None
    # the withdrawal asked for is the request's mode (CAMEO 106, demand withdrawal), no event of its own
    assert (request.mode, request.cameo) == ("yield", "106")
    assert not any(e.event_type == "RETREAT" for e in events)


def _stage(name, run, run_many=None, requires=(), assigns=()):
    from types import SimpleNamespace
    stage = SimpleNamespace(NAME=name, REQUIRES=requires, ASSIGNS=assigns, run=run)
    if run_many is not None:
        stage.run_many = run_many
    return stage


def test_run_many_isolates_an_article_whose_stage_raises():
    from tacitus.pipeline import run_many

    def one(article, options):
        if "broken" in article.text:
            raise ValueError(f"cannot read {article.text!r}")
        article.title = "seen"
        return article

    def together(articles, options):  # the batch form fails as a whole, as spaCy would
        return [one(a, options) for a in articles]

    stages = (_stage("first", one, together, assigns=("article.title",)),
              _stage("second", one, requires=("article.title",)))
    good, bad, other = Article(text="fine"), Article(text="broken"), Article(text="also fine")
    out = run_many([good, bad, other], DEFAULT, stages=stages)
    assert out[0] is good and out[2] is other and good.title == other.title == "seen"
    assert isinstance(out[1], ValueError)
    assert good.done == ["first", "second"]


def test_run_many_raises_what_is_no_articles_fault():
    from tacitus.pipeline import run_many

    def missing(article, options):
        raise ImportError("no model")

    with pytest.raises(ImportError):
        run_many([Article(text="a"), Article(text="b")], DEFAULT, stages=(_stage("x", missing),))
