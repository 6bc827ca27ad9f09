"""The judged article set: 45 real news articles coded by hand, and its scorer.

The coded events (`events.jsonl`) point into each article's text by character offsets; the text
itself is read from ../shared (`tacitus.evaluation.news`) and checked against the hash the
coders saw (`articles.tsv`). README.md says how the set was made.

Scoring (`score`), on what users get — the asserted events of `tacitus.code` on the whole
article:
- a predicted event **matches** a coded event when one of its evidence sentences holds one of
  the coded event's trigger words and its type is the coded type or one of the coded event's
  accepted alternatives;
- **precision**: predicted asserted events that match a coded asserted (or future) event; one
  that matches only a negated or hypothetical event asserts what did not happen: wrong;
- **core recall** / **all recall**: coded core / asserted events that some predicted event
  matches;
- on matched events, actor and recipient country and sector accuracy (where the coder gave one),
  date accuracy (the predicted date at least as precise as the coded one and equal to it as
  far as the coded one goes) and location country accuracy.

The dev and held-out articles are scored apart; per-article detail is given for dev only, so
nobody developing Tacitus reads its errors on the held-out part.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import EvalError
from ..tally import each

FOLDER = Path(__file__).parent


@dataclass(frozen=True)
class Party:
    span: tuple[int, int] | None
    country: str | None
    sector: str | None
    implied: bool = False


@dataclass(frozen=True)
class JudgedEvent:
    id: str
    core: bool
    event_type: str
    mode: str | None
    alt_types: tuple[str, ...]
    modality: str
    triggers: tuple[tuple[int, int], ...]
    actor: tuple[Party, ...]
    recipient: tuple[Party, ...]
    date: str | None
    location_country: str | None

    @property
    def asserted(self) -> bool:
        return self.modality in ("asserted", "future")

    def accepts(self, event_type: str) -> bool:
        return event_type == self.event_type or event_type in self.alt_types


@dataclass(frozen=True)
class JudgedArticle:
    id: str
    source: str
    key: str
    split: str
    published: dt.date | None
    text: str
    events: tuple[JudgedEvent, ...]


def read(path: Path | None = None, lower_all: bool = False) -> Iterator[JudgedArticle]:
    """The judged articles, with their text rebuilt from ../shared; `lower_all` gives the
    lower-cased copy (every article lower-cased, offsets unchanged)."""
    from ..news import get, lower_case
    from ...options import Options
    from ...reading import read_text
    folder = Path(path) if path else FOLDER
    if folder.is_file():
        folder = folder.parent
    events: dict[str, list[JudgedEvent]] = {}
    for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            events.setdefault(row["article"], []).append(_event(row))
    with open(folder / "articles.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            item = get(row["source"], row["key"])
            published = dt.date.fromisoformat(row["published"]) if row["published"] else None
            raw = lower_case(item.text) if row["lower"] == "1" else item.text
            text = read_text(raw, Options(published=published)).text
            if hashlib.sha1(text.encode("utf-8")).hexdigest()[:16] != row["sha1"]:
                raise EvalError(f"{folder}/articles.tsv: the text of {row['id']} ({row['source']}:"
                                f"{row['key']}) is not the text that was coded; ../shared or the reader changed")
            yield JudgedArticle(row["id"], row["source"], row["key"], row["split"], published,
                                lower_case(text) if lower_all else text, tuple(events.get(row["id"], ())))


def _event(row: dict) -> JudgedEvent:
    def parties(items):
        return tuple(Party(tuple(p["span"]) if p["span"] else None, p["country"], p["sector"],
                           p.get("implied", False)) for p in items)
    location = row.get("location") or {}
    return JudgedEvent(
        id=row["event"], core=row["core"], event_type=row["type"], mode=row["mode"],
        alt_types=tuple(row["alt_types"]), modality=row["modality"],
        triggers=tuple(tuple(m["trigger"]) for m in row["mentions"]),
        actor=parties(row["actor"]), recipient=parties(row["recipient"]),
        date=(row.get("date") or {}).get("value"), location_country=location.get("country"))


# --- scoring ---------------------------------------------------------------------------------

def matches(event, gold: JudgedEvent) -> int:
    """0: no match; 2: the predicted trigger is a coded trigger; 1: same sentence only."""
    if not gold.accepts(event.event_type):
        return 0
    best = 0
    for evidence in event.evidence:
        for start, end in gold.triggers:
            if evidence.trigger.start < end and start < evidence.trigger.end:
                return 2
            if evidence.sentence_start <= start < evidence.sentence_end:
                best = 1
    return best


class Tallies:
    def __init__(self):
        self.n = Counter()
        self.by_type = Counter()
        self.codes = {name: [] for name in ("actor_country", "recipient_country", "actor_sector",
                                             "recipient_sector", "date", "location_country")}

    def add_article(self, article: JudgedArticle, predicted: list) -> dict:
        golds = [g for g in article.events if g.asserted]
        wrong, right = [], 0
        found: dict[str, tuple[int, object]] = {}
        for event in predicted:
            hits = [(matches(event, g), g) for g in article.events]
            hits = [(s, g) for s, g in hits if s]
            good = [(s, g) for s, g in hits if g.asserted]
            if good:
                right += 1
                for score, gold in good:
                    if gold.id not in found or score > found[gold.id][0]:
                        found[gold.id] = (score, event)
            else:
                wrong.append(event)
        self.n["predicted"] += len(predicted)
        self.n["right"] += right
        self.n["duplicates"] += right - len({id(e) for _, e in found.values()})
        missed = []
        for gold in golds:
            self.n["gold"] += 1
            self.n["core"] += gold.core
            hit = found.get(gold.id)
            if gold.core:
                self.by_type[(gold.event_type, "core")] += 1
                self.by_type[(gold.event_type, "found")] += bool(hit)
            if hit is None:
                missed.append(gold)
                continue
            self.n["found"] += 1
            self.n["core_found"] += gold.core
            self._codes(gold, hit[1])
        return {"article": article.id, "predicted": len(predicted), "right": right,
                "wrong": [f"{e.event_type} '{e.evidence[0].trigger.text}'" for e in wrong],
                "missed": [f"{g.id} {g.event_type}{' (core)' if g.core else ''}" for g in missed]}

    def _codes(self, gold: JudgedEvent, event) -> None:
        for role in ("actor", "recipient"):
            predicted = getattr(event, role)
            countries = {p.country for p in getattr(gold, role) if p.country}
            sectors = {p.sector for p in getattr(gold, role) if p.sector}
            if countries:
                self.codes[f"{role}_country"].append(
                    (sorted(countries)[0], bool(countries & {a.country for a in predicted})))
            if sectors:
                self.codes[f"{role}_sector"].append(
                    (sorted(sectors)[0], bool(sectors & {a.sector for a in predicted})))
        if gold.date:
            value = event.date.value or ""
            self.codes["date"].append((gold.date, value.startswith(gold.date)))
        if gold.location_country:
            place = event.location.country if event.location else None
            self.codes["location_country"].append((gold.location_country, place == gold.location_country))

    def metrics(self) -> dict:
        n = self.n
        precision = n["right"] / n["predicted"] if n["predicted"] else 0.0
        core_recall = n["core_found"] / n["core"] if n["core"] else 0.0
        out = {"articles": n["articles"], "predicted": n["predicted"], "gold_asserted": n["gold"],
               "gold_core": n["core"], "precision": round(precision, 3),
               "core_recall": round(core_recall, 3),
               "all_recall": round(n["found"] / n["gold"], 3) if n["gold"] else 0.0,
               "core_f1": round(2 * precision * core_recall / (precision + core_recall), 3)
               if precision + core_recall else 0.0,
               "duplicates": n["duplicates"],
               "baseline_never_predicting": {"precision": None, "core_recall": 0.0}}
        for name, pairs in self.codes.items():
            if pairs:
                majority = Counter(gold for gold, _ in pairs).most_common(1)[0]
                out[f"{name}_accuracy"] = round(sum(ok for _, ok in pairs) / len(pairs), 3)
                out[f"{name}_n"] = len(pairs)
                out[f"{name}_majority_baseline"] = round(majority[1] / len(pairs), 3)
        out["core_recall_by_type"] = {t: f"{self.by_type[(t, 'found')]}/{self.by_type[(t, 'core')]}"
                                      for t in sorted({t for t, _ in self.by_type})}
        return out


def score(articles, system, tally) -> dict:
    """The judged set's metrics, dev and held-out apart (see the module docstring)."""
    parts = {"dev": Tallies(), "heldout": Tallies(), "all": Tallies()}
    detail = []
    for article, events in each(articles, tally, system.code, "published"):
        predicted = [e for e in events if e.asserted]
        for name in (article.split, "all"):
            parts[name].n["articles"] += 1
            line = parts[name].add_article(article, predicted)
        if article.split == "dev":
            detail.append(line)
    result = {name: tallies.metrics() for name, tallies in parts.items()}
    result["dev_articles"] = detail
    return result
