"""The truecase stage: all-lower-case and ALL-CAPS text coded as its cased original is."""
import pytest

import tacitus
from tacitus import truecase
from tacitus.article import Article, Section
from tacitus.evaluation import recased
from tacitus.evaluation.gold import SentenceEvents
from tacitus.evaluation.news import lower_case, upper_case
from tacitus.errors import EvalError
from tacitus.options import DEFAULT, Options

LEXICON_ONLY = Options(model=False)


def restored(text: str) -> str:
    article = truecase.run(Article(text), DEFAULT)
    return article.reading


def coded(text: str) -> list[tuple]:
    return [(e.event_type, e.evidence[0].trigger.start,
             tuple((a.country, a.sector) for a in e.actor),
             tuple(a.country for a in e.recipient), e.date.value)
            for e in tacitus.code_text(text, published="2024-05-08", options=LEXICON_ONLY)]


@pytest.mark.parametrize("text", [
    "Vladimir Putin met Recep Tayyip Erdogan in Ankara on Monday.",
    "Police arrested 12 protesters in New Delhi on Friday, officials said.",
    "US troops attacked Islamic State fighters near Mosul on Tuesday.",
])
def test_lower_case_and_all_caps_code_as_the_cased_text_does(text):
    cased = coded(text)
    assert cased and all(actor[0][0] for _, _, actor, _, _ in cased)
    assert coded(lower_case(text)) == cased
    assert coded(upper_case(text)) == cased


def test_the_issue_example_gets_its_countries_and_its_monday():
    [event] = tacitus.code_text("vladimir putin met recep tayyip erdogan in ankara on monday.",
                                published="2024-05-08", options=LEXICON_ONLY)
    assert [a.country for a in event.actor] == ["RUS"] and [a.country for a in event.recipient] == ["TUR"]
    assert event.date.value == "2024-05-06"
    assert event.evidence[0].sentence.startswith("vladimir putin")  # evidence quotes the text as written
    assert event.evidence[0].trigger.text == "met"


def test_every_offset_is_kept():
    text = "the u.s. embassy in kyiv said on 5 may that ß and i’m stay where they are."
    article = truecase.run(Article(text), DEFAULT)
    assert len(article.truecased) == len(text) and article.text == text
    assert article.truecased.lower() == text.lower()
    assert article.truecased.startswith("The U.S. embassy in Kyiv said on 5 May")
    assert "I’m" in article.truecased


def test_normally_cased_text_is_left_alone():
    article = truecase.run(Article("Police in Lagos said on Monday that the talks had failed."), DEFAULT)
    assert article.truecased is None and article.reading is article.text


def test_an_all_caps_headline_is_restored_in_a_cased_article():
    text = "PUTIN MEETS ERDOGAN IN ANKARA\n\nThe two leaders met on Monday, officials said."
    article = Article(text, sections=[Section("headline", 0, 29), Section("body", 31, len(text))])
    article = truecase.run(article, DEFAULT)
    assert article.reading.startswith("Putin meets Erdogan in Ankara\n\nThe two leaders")


@pytest.mark.parametrize("text, expected", [
    ("he told us that the us would help.", "He told us that the US would help."),
    ("us troops and us-led forces left.", "US troops and US-led forces left."),
    ("they may leave in may or by 3 march.", "They may leave in May or by 3 March."),
    ("it was a nice day for a march.", "It was a nice day for a march."),
    ("police said the un and nato met.", "Police said the UN and NATO met."),
])
def test_function_words_and_common_words_stay_words(text, expected):
    assert restored(text) == expected


def test_a_full_name_restores_its_surname_through_the_article():
    text = "trump said little.\n\nlater donald trump met moon jae-in. the moon was up."
    assert restored(text) == "Trump said little.\n\nLater Donald Trump met Moon Jae-in. The Moon was up."
    assert restored("the theme-park was closed. the moon was up.") == "The theme-park was closed. The moon was up."


def test_casing_is_judged_on_letters():
    assert truecase.casing("vladimir putin met recep tayyip erdogan") == "lower"
    assert truecase.casing("VLADIMIR PUTIN MET RECEP TAYYIP ERDOGAN") == "upper"
    assert truecase.casing("Vladimir Putin met Recep Tayyip Erdogan") is None
    assert truecase.casing("UN VOTE") is None  # too short to tell


def test_eval_case_copies_keep_offsets_and_refuse_other_cases():
    item = SentenceEvents(id="s1", text="Straße in İzmir")
    assert recased(item, "upper").text == "STRAßE IN İZMIR"
    assert recased(item, "lower").text == "straße in İzmir"
    assert len(recased(item, "lower").text) == len(item.text)
    with pytest.raises(EvalError, match="unknown case"):
        recased(item, "title")
