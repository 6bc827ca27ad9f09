"""find_attributions on hand-written sentences: PolNeAR's kinds of attribution."""
import pytest

from tacitus.attribution import find_attributions


def sources(text):
    return [a.source.text for a in find_attributions(text) if a.source is not None]


def cues(text):
    return [a.cue.text for a in find_attributions(text)]


@pytest.mark.parametrize("text, source", [
    ("The governor said the bridge would reopen in May.", "governor"),
    ("\u201cWe will not back down,\u201d he said.", "he"),
    ("\u201cThe vote is over,\u201d said Senator Maria Lopez.", "Senator Maria Lopez"),
    ("Critics called the plan a giveaway to donors.", "Critics"),
    ("The mayor wants a new stadium downtown.", "mayor"),
    ("The report found that wages had fallen.", "report"),
    ("The bill was endorsed by the teachers union.", "teachers union"),
])
def test_subject_of_a_cue_verb_is_the_source(text, source):
    assert source in " ".join(sources(text))


def test_participle_shares_the_subject_of_its_verb():
    found = find_attributions("Ms. Park said the talks had failed, adding that she would try again.")
    assert {a.cue.text for a in found} >= {"said", "adding"}
    assert {a.source.text for a in found} == {"Ms. Park"}


def test_according_to():
    found = find_attributions("Turnout rose sharply, according to the election board.")
    assert [(a.source.text, a.cue.text) for a in found] == [("election board", "according to")]


def test_owner_of_a_cue_noun_is_the_source():
    assert sources("His remarks about the strike drew a rebuke from the union.") == ["His"]


def test_nothing_inside_a_quotation():
    text = "\u201cI think we know what voters want,\u201d Ms. Diaz said."
    assert sources(text) == ["Ms. Diaz"]


def test_reported_speech_inside_content_is_not_a_second_attribution():
    text = "The aide says the senator told donors he would run again."
    assert sources(text) == ["aide"]


def test_speaker_label_and_sign_off():
    text = "HOST: Will you run again?\n\u201cNo more wars.\u201d \u2015 Ana Ruiz\n"
    found = {(a.source.text, a.cue.text) for a in find_attributions(text)}
    assert ("HOST", ":") in found
    assert ("Ana Ruiz", "\u2015") in found


def test_correction_label_is_not_a_speaker():
    assert sources("Correction: An earlier version misspelled a name.\n") == []


def test_passive_with_content_subject_has_no_source():
    assert sources("It was reported that the plant had closed.") == []


def test_offsets_point_into_the_text():
    text = "Officials said on Monday that the border had reopened."
    for attribution in find_attributions(text):
        for span in (attribution.source, attribution.cue):
            assert text[span.start:span.end] == span.text


# --- the one analysis: PolNeAR's attributions and the stage's reported_by --------------------

def reported_by(text):
    import tacitus
    return {e.event_type: [s.text for s in e.reported_by]
            for e in tacitus.code_text(text, published="2024-07-01")}


def test_verbs_of_saying_report_events_and_verbs_of_stance_do_not():
    from tacitus.attribution import analyse
    from tacitus.language import nlp
    found = analyse(nlp()("Officials said the army wants to take the town."))
    by_cue = {f.attribution.cue.text: f.attribution.reporting for f in found}
    assert by_cue == {"said": True, "wants": False}


def test_reported_by_chain_runs_from_the_nearest_source_outwards():
    assert reported_by("Officials said the governor claimed troops attacked the village.") == {
        "ASSAULT": ["governor", "Officials"]}


def test_parenthetical_and_shared_subject_sources():
    assert reported_by("In June alone, Sybiha said, Russia launched 5,000 drones against Ukraine.")[
        "ASSAULT"] == ["Sybiha"]
    found = reported_by("Trump said the talks had failed, adding that Iran had rejected the offer.")
    assert found["REJECT"] == ["Trump"]


def test_a_verb_of_stance_gives_no_reporter():
    assert reported_by("The army wants to attack the town.") == {"ASSAULT": []}


def test_cue_lists_keep_one_list_of_verbs_of_saying(tmp_path):
    from tacitus.errors import KnowledgeError
    from tacitus.lexicon import load_attribution_cues
    path = tmp_path / "attribution.yaml"
    path.write_text("verbs: [say, want]\nnouns: []\nciting: []\nnot_speakers: []\n")
    with pytest.raises(KnowledgeError, match="say"):
        load_attribution_cues(path)


def test_an_unknown_name_in_apposition_to_a_title_takes_the_titles_country_and_sector():
    import tacitus
    events = tacitus.code_text("France's counter-terrorism prosecutor, Remy Heitz, said an investigation "
                               "has been opened.", published="2018-12-12")
    sources = [s for e in events for s in e.reported_by]
    assert [(s.text, s.country, s.sector) for s in sources] == [("Remy Heitz", "FRA", "JUD")]
