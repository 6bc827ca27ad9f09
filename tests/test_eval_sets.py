"""The public sets in the shapes their authors publish them (CASE 2021 task 2, IndiaPoliceEvents,
GeoWebNews, PLV, PolNeAR), and the measures of what users get: top event per snippet,
`reported_by`, event location against its null baseline. Fixtures are invented sentences in
exactly the published shapes; the real files are not in the repository."""
from __future__ import annotations

import pytest

from tacitus.evaluation import evaluate
from tacitus.evaluation.align import OffsetMap, moved
from tacitus.evaluation.readers import read
from tacitus.records import Place, Size, Source

from evalfakes import FIX, FakeSystem, event

# --- CASE 2021 task 2 --------------------------------------------------------------------------


def test_case2021_reads_the_published_codes_and_acled_names():
    items = list(read(FIX / "case2021.tsv", "case2021"))
    assert [i.id for i in items] == ["101", "102", "103", "104", "105"]
    assert [(i.events[0].event_type, i.events[0].mode) for i in items[:3]] == [
        ("PROTEST", "demo"), ("ASSAULT", "aerial"), (None, None)]
    assert items[3].events == () and items[3].label == "NATURAL_DISASTER"  # no political event
    assert items[4].events == () and items[4].label == "ORG_CRIME"
    names = list(read(FIX / "case2021_names.tsv", "case2021"))
    assert [i.events[0].event_type for i in names] == ["ASSAULT", "PROTEST"]


def test_case2021_scores_top_event_per_class_and_false_events():
    texts = {i.id: i.text for i in read(FIX / "case2021.tsv", "case2021")}
    fake = FakeSystem(events={
        texts["101"]: [event("PROTEST")],
        texts["102"]: [event("COERCE")],
        texts["104"]: [],
        texts["105"]: [event("COERCE", negated=True), event("COERCE")],
    })
    report = evaluate(FIX / "case2021.tsv", "case2021", system=fake)
    m = report.metrics
    assert report.counts == {"items": 5, "scored": 4, "unmapped": 1}
    assert m["top_accuracy"] == 0.5 and m["top_n"] == 2
    assert m["top_by_label"] == {"AIR_STRIKE": {"accuracy": 0.0, "n": 1},
                                 "PEACE_PROTEST": {"accuracy": 1.0, "n": 1}}
    assert m["top_by_type"]["PROTEST"] == {"accuracy": 1.0, "n": 1}
    assert m["false_event_rate"] == 0.5 and m["no_event_n"] == 2  # the organised crime one
    assert m["baselines"]["null"] == {"false_event_rate": 0.0}
    assert m["baselines"]["majority"]["top_accuracy"] == 0.5
    assert "(majority 0.500)" in report.table()


# --- IndiaPoliceEvents -------------------------------------------------------------------------


def test_india_police_reads_the_authors_layout():
    docs = list(read(FIX / "india_police", "india-police"))
    assert [d.id for d in docs] == ["7", "9"]
    first = docs[0]
    assert str(first.published) == "2002-03-04"  # from metadata.jsonl beside the files
    assert first.labels == ("ARREST", "FORCE", "KILL", "ANY_ACTION")
    assert [s.id for s in first.sentences] == ["7:0", "7:1", "7:2", "7:3"]
    arrest = first.sentences[1]
    assert first.text[arrest.span.start:arrest.span.end].startswith("rajkot: police arrested")
    assert arrest.labels == ("ARREST", "ANY_ACTION")
    only_sentences = list(read(FIX / "india_police" / "sents.jsonl", "india-police"))
    assert only_sentences[0].labels is None and len(only_sentences[0].sentences) == 4
    only_documents = list(read(FIX / "india_police" / "docs.jsonl", "india-police"))
    assert only_documents[1].labels == ("FAIL",) and only_documents[1].sentences == ()


def test_india_police_scores_each_label_per_sentence_and_document():
    [doc, other] = read(FIX / "india_police", "india-police")
    text = doc.text
    arrested, fired = text.index("arrested"), text.index("opened fire")
    fake = FakeSystem(events={text: [
        event("COERCE", text, trigger=(arrested, arrested + 8), mode="arrest",
              actor=[(arrested - 7, arrested - 1)], sector="COP"),
        # the police fired, but the tally of the dead is missing: FORCE, not KILL
        event("ASSAULT", text, trigger=(fired, fired + 6), actor=[(fired - 7, fired - 1)],
              sector="COP"),
    ], other.text: [event("ASSAULT", other.text, trigger=(40, 46), actor=[(33, 36)])]})
    report = evaluate(FIX / "india_police", "india-police", system=fake)
    sentence = report.metrics["sentence"]["per_label"]
    assert sentence["ARREST"]["f1"] == 1.0 and sentence["FORCE"]["f1"] == 1.0
    assert sentence["KILL"]["recall"] == 0.0 and sentence["FAIL"]["recall"] == 0.0
    # the mob's burning (no police actor) answers FORCE only when any actor will do
    assert report.metrics["sentence_any_actor"]["per_label"]["FORCE"]["fp"] == 1
    document = report.metrics["document"]["per_label"]
    assert document["ANY_ACTION"]["f1"] == 1.0 and document["KILL"]["fn"] == 1
    always = report.metrics["baselines"]["always_yes"]
    assert always["sentence.per_label.KILL.f1"] == pytest.approx(2 * (1 / 6) / (1 + 1 / 6))
    assert report.counts["sentences"] == 6


def test_india_police_kill_needs_a_death_toll():
    from tacitus.evaluation.police import predicted
    shot = event("ASSAULT", "x", actor=[(0, 1)], sector="COP", size=Size(dead=2))
    assert predicted([shot], police=True) == {"KILL", "FORCE", "ANY_ACTION"}
    assert predicted([event("ASSAULT", "x", actor=[(0, 1)])], police=True) == set()


# --- GeoWebNews --------------------------------------------------------------------------------


def test_geowebnews_sets_non_locational_toponyms_and_expressions_apart():
    [doc] = read(FIX / "geowebnews.xml", "geoparsing-xml")
    assert doc.id == "fix-gwn-1"
    porto, portuguese, residents, district = doc.toponyms
    assert (porto.lat, porto.lon, porto.kind) == (41.14961, -8.61099, "Literal")
    assert portuguese.kind == "Demonym" and not residents.locational
    assert district.kind == "Literal_Expression" and district.lat is None
    found = [Place("Porto", start=17, end=22), Place("residents", start=66, end=75),
             Place("harbour", start=83, end=90), Place("cheered", start=100, end=107)]
    report = evaluate(FIX / "geowebnews.xml", "geoparsing-xml", system=FakeSystem(
        toponyms={doc.text: found},
        places={"Porto": Place("Porto", lat=41.15, lon=-8.61),
                "Portuguese": Place("Portugal", lat=60.0, lon=-8.0)}))
    recognition = report.metrics["recognition"]["exact"]
    # gold place names: Porto, Portuguese; "residents" and the district are neither hit nor miss
    assert (recognition["tp"], recognition["fp"], recognition["fn"]) == (1, 1, 1)
    assert report.metrics["recognition_by_kind"]["Non_Lit_Expression"]["accuracy"] == 1.0
    assert report.metrics["resolution"]["within_161km"] == 0.5
    assert "country_accuracy" not in report.metrics  # GeoWebNews names no country


# --- PLV ---------------------------------------------------------------------------------------


def test_plv_answers_with_the_event_between_the_marked_parties():
    items = {i.label: i for i in read(FIX / "plv.tsv", "plv")}
    agree, assault, yield_, accuse = (items[k] for k in ("AGREE", "ASSAULT", "YIELD", "ACCUSE"))
    fake = FakeSystem(events={
        # the more confident event does not touch the marked parties: the other one answers
        agree.text: [event("CONSULT", agree.text, confidence=0.9),
                     event("AGREE", agree.text, actor=[(8, 17)])],
        assault.text: [event("ASSAULT", assault.text, actor=[(0, 6)], recipient=[(38, 55)])],
        yield_.text: [event("RETREAT", yield_.text, actor=[(0, 20)])],  # CONCEDE/RETREAT = YIELD
        accuse.text: [],  # no event: "none", always wrong
    })
    report = evaluate(FIX / "plv.tsv", "plv", system=fake)
    m = report.metrics
    assert m["accuracy"] == 0.75
    assert m["confusion"]["ACCUSE"] == {"none": 1} and m["confusion"]["YIELD"] == {"YIELD": 1}
    assert m["macro_f1"] == pytest.approx(0.75)  # three classes right, ACCUSE 0
    # PLV marks the second "the garrison town": a hit on either mark counts
    assert m["recipient_span"]["exact"]["tp"] == 1 and m["recipient_span"]["exact"]["fn"] == 2
    # "ministers", "Rebels" exact; "The Lakeland council" only overlaps "Lakeland council"
    assert m["actor_span"]["exact"]["tp"] == 2
    assert m["actor_span"]["overlap"]["tp"] == 3
    assert m["baselines"]["majority"]["accuracy"] == 0.25


# --- PolNeAR: reported_by --------------------------------------------------------------------


def test_polnear_reads_contents_and_scores_reported_by():
    docs = {d.id: d for d in read(FIX / "polnear", "polnear")}
    assert set(docs) == {"fix_article_a1", "fix_events_a1"}
    news = docs["fix_events_a1"]
    [said] = news.attributions
    assert said.content[0].text == "police arrested ten protesters in the capital"
    officials = Source(name="Officials", text="Officials", start=0, end=9)
    wrong = Source(name="Rebels", text="Rebels", start=62, end=68)
    fake = FakeSystem(events={news.text: [
        event("COERCE", news.text, trigger=(22, 30), reported_by=[officials]),
        event("ASSAULT", news.text, trigger=(69, 77), reported_by=[wrong]),
    ]})
    report = evaluate(FIX / "polnear", "polnear", system=fake)
    reported = report.metrics["reported_by"]
    assert (reported["tp"], reported["fp"], reported["fn"]) == (1, 1, 0)
    assert reported["accuracy"] == 0.5 and reported["events"] == 2
    assert report.metrics["baselines"]["null"]["reported_by.accuracy"] == 0.5


# --- event location ----------------------------------------------------------------------------


def test_event_location_is_scored_against_never_naming_a_place():
    text = "Police arrested six men in Mombasa on Friday."
    report = evaluate(FIX / "event_location.jsonl", "event-location", system=FakeSystem(
        events={text: [event("COERCE", text, trigger=(7, 15),
                             location=Place("Mombasa", country="KEN", start=27, end=34))]}))
    m = report.metrics
    assert m["location_span"]["exact"]["f1"] == 1.0
    assert m["location_accuracy"] == 1.0 and m["event_found"] == 0.5
    null = m["baselines"]["null"]
    assert null["location_accuracy"] == 0.5  # the second verb has no place: "none" is right
    assert null["location_span.overlap.f1"] == 0.0
    assert "country_accuracy" not in m  # the records give no country

    wrong = Place("Friday", start=38, end=44)
    report = evaluate(FIX / "event_location.jsonl", "event-location", system=FakeSystem(
        events={text: [event("COERCE", text, trigger=(7, 15), location=wrong)]}))
    assert report.metrics["location_span"]["overlap"]["precision"] == 0.0
    assert report.metrics["location_accuracy"] == 0.5


# --- offsets of the coded article ------------------------------------------------------------


def test_offsets_move_back_onto_the_gold_text():
    original = "  Headline here\n\nSubscribe now\n\n  Troops   entered the town.\n"
    kept = "Headline here\n\nTroops entered the town."
    offsets = OffsetMap(kept, original)
    at = kept.index("entered")
    assert original[offsets.start(at):offsets.end(at + 7)] == "entered"
    troops = kept.index("Troops")
    assert original[offsets.start(troops):offsets.end(troops + 6)] == "Troops"
    placed = moved(event("ASSAULT", kept, trigger=(at, at + 7)), offsets)
    trigger = placed.evidence[0].trigger
    assert original[trigger.start:trigger.end] == "entered"
    assert OffsetMap(original, original).identity


def test_figures_table_puts_baselines_beside_and_writes_the_command():
    import json

    from tacitus.evaluation.figures import commands, table
    report = json.loads(evaluate(FIX / "event_location.jsonl", "event-location",
                                 system=FakeSystem()).to_json())
    report["path"] = "/somewhere/shared/gold/event_location/labeled_text_dev.jsonl.gz"
    rows = table([report]).splitlines()
    accuracy = next(row for row in rows if "| location_accuracy |" in row)
    assert "| 0.500 | null 0.500 |" in accuracy  # found nothing: exactly the null baseline
    assert commands([report]) == ("- event_location.jsonl: `tacitus eval ../shared/gold/"
                                  "event_location/labeled_text_dev.jsonl.gz --format event-location`")
