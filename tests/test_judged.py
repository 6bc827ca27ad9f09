"""The judged article set: its loader, its scorer, and the frozen files' integrity."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tacitus.evaluation import evaluate
from tacitus.evaluation.judged import FOLDER, read
from tacitus.evaluation.system import TacitusSystem
from tacitus.evaluation.tasks import Tally
from tacitus.evaluation.judged import score
from tacitus.options import Options
from tacitus.records import Actor, Event, Evidence, Span, When

FIX = Path(__file__).parent / "fixtures" / "eval"


@pytest.fixture
def shared(monkeypatch):
    monkeypatch.setenv("TACITUS_SHARED", str(FIX / "shared"))


def test_the_loader_rebuilds_the_coded_text_and_checks_its_hash(shared, tmp_path):
    [article] = read(FIX / "judged")
    assert article.id == "J01" and article.split == "dev" and len(article.events) == 3
    start, end = article.events[0].triggers[1]
    assert article.text[start:end] == "arrested"
    changed = tmp_path / "judged"
    changed.mkdir()
    (changed / "events.jsonl").write_text((FIX / "judged" / "events.jsonl").read_text())
    (changed / "articles.tsv").write_text((FIX / "judged" / "articles.tsv").read_text()[:-5] + "0000\n")
    with pytest.raises(Exception, match="not the text that was coded"):
        list(read(changed))


def test_the_lower_cased_copy_keeps_the_offsets(shared):
    [lower] = read(FIX / "judged", lower_all=True)
    start, end = lower.events[1].triggers[0]
    assert lower.text[start:end] == "condemned" and lower.text == lower.text.lower()


class Canned:
    """A system that answers with prepared events."""

    def __init__(self, events):
        self.events = events

    def code(self, text, published=None):
        return self.events


def _event(event_type, trigger_text, text, country=None, sentence=(0, 200), negated=False):
    from tacitus.records import Modality
    start = text.index(trigger_text)
    evidence = Evidence(sentence="", sentence_index=0, sentence_start=sentence[0], sentence_end=sentence[1],
                        trigger=Span(trigger_text, start, start + len(trigger_text)))
    return Event(event_type=event_type, mode=None, context=(), quad_class=4, intensity=-7.0, cameo=None,
                 actor=(Actor(name="x", text="x", country=country, sector="COP"),), recipient=(),
                 date=When("2026-03-10", "day"), evidence=(evidence,),
                 modality=Modality(negated=negated))


def test_scoring_counts_matches_misses_and_wrong_types(shared):
    [article] = read(FIX / "judged")
    text = article.text
    end = text.index("Mayor")
    system = Canned([_event("COERCE", "arrested", text, sentence=(0, end)),
                     _event("ASSAULT", "riot outside", text, sentence=(0, end))])
    result = score([article], system, Tally())["dev"]
    assert result["predicted"] == 2 and result["precision"] == 0.5
    assert result["core_recall"] == 0.5 and result["gold_core"] == 2
    assert result["all_recall"] == round(1 / 3, 3)
    assert result["actor_sector_accuracy"] == 1.0 and result["date_accuracy"] == 1.0
    assert result["baseline_never_predicting"]["core_recall"] == 0.0


def test_held_out_articles_are_scored_but_never_detailed(shared, tmp_path):
    folder = tmp_path / "judged"
    folder.mkdir()
    (folder / "events.jsonl").write_text((FIX / "judged" / "events.jsonl").read_text())
    (folder / "articles.tsv").write_text((FIX / "judged" / "articles.tsv").read_text().replace("\tdev\t", "\theldout\t"))
    [article] = read(folder)
    result = score([article], Canned([]), Tally())
    assert result["heldout"]["gold_core"] == 2 and result["dev_articles"] == []


def test_the_pipeline_on_the_fixture_article(shared):
    report = evaluate(FIX / "judged", "judged", Options(model=False))
    dev = report.metrics["dev"]
    assert dev["core_recall"] >= 0.5 and dev["precision"] >= 0.5


def test_the_frozen_set_is_whole():
    """45 articles, 15 held out, every event pointing at a listed article with valid codes."""
    with open(FOLDER / "articles.tsv", encoding="utf-8") as handle:
        articles = list(csv.DictReader(handle, delimiter="\t"))
    assert len(articles) == 45 and sum(a["split"] == "heldout" for a in articles) == 15
    ids = {a["id"] for a in articles}
    events = [json.loads(line) for line in (FOLDER / "events.jsonl").read_text().splitlines()]
    assert len(events) == 575 and sum(e["core"] for e in events) == 198
    assert {e["article"] for e in events} <= ids
    assert all(m["quote"][0] <= m["trigger"][0] < m["trigger"][1] <= m["quote"][1]
               for e in events for m in e["mentions"])


# --- the labelled sentence corpus' test split, through the pipeline ----------------------------

def test_labelled_corpus_scores_sentence_types_through_the_pipeline(shared):
    report = evaluate(FIX / "labelled", "labelled", Options(model=False))
    metrics = report.metrics
    assert report.counts["sentences"] == 3
    assert metrics["event_type"]["per_label"]["COERCE"]["recall"] == 1.0
    assert metrics["baseline_always_event"]["precision"] == round(2 / 3, 3)
    assert metrics["baseline_never_event"]["f1"] == 0.0


def test_the_shipped_labels_rebuild_their_text_from_shared():
    from tacitus.learning.corpora import own
    from tacitus.evaluation.news import shared_folder
    try:
        shared_folder()
    except Exception:
        pytest.skip("../shared is not here")
    rows = own()
    assert len(rows) == 3429 and {r.split for r in rows} == {"train", "calibration", "test"}
    assert sum(bool(r.events) for r in rows) > 1000
