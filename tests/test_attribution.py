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
