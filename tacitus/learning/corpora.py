"""Training and test data for the event classifier, each row an `Example`.

- **own** — the project's hand-labelled news sentences (`labels/sentences.jsonl`, coded per
  docs/annotation.md): each line points into a raw news text of ../shared by source, key and
  character offsets into the article text as Tacitus reads it; the split (train / calibration
  / test) was drawn by article before coding, so no article has sentences in two splits.
- **plv** — PLV (../shared/training/plv), news sentences with one PLOVER type each (15 types:
  its YIELD is Tacitus' CONCEDE or RETREAT, so a YIELD row says nothing about those two heads).
- **synthetic** — NGEC's language-model-written stories (../shared/training/ngec_synthetic):
  the headline and first sentence of each, with the type and mode of the template that made it
  (unchecked pseudo-labels, so they weigh a tenth of a hand-labelled sentence).

No text from ../shared is stored in the repository: it is read here when training or testing.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import EvalError
from ..lexicon import ontology

LABELS = Path(__file__).parent / "labels"
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# synthetic mode names -> the ontology's (misspellings as published; None: no PLOVER mode)
SYNTHETIC_MODES = {"PRIMATIVE": "primitive", "SIEZE": "seize", "ASSASSINATE": "targeted",
                   "EXECUTE": "targeted", "MASSACRE": None, "CLEANSING": None, "BAN": "restrict",
                   "RETURN": "release"}


@dataclass(frozen=True)
class Event:
    event_type: str
    mode: str | None = None
    modality: str = "asserted"
    trigger: tuple[int, int] | None = None  # offsets in the sentence
    actor: tuple[int, int] | None = None
    recipient: tuple[int, int] | None = None
    actor_implied: str | None = None


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    events: tuple[Event, ...]
    source: str  # own | plv | synthetic
    split: str  # train | calibration | test
    unknown: frozenset[str] = frozenset()  # heads this example says nothing about
    weight: float = 1.0
    article: str = ""  # source:key of the article, for own sentences

    @property
    def types(self) -> set[str]:
        return {e.event_type for e in self.events}


def shared_training() -> Path:
    from ..evaluation.news import shared_folder
    return shared_folder() / "training"


# --- the project's own labelled sentences -----------------------------------------------------

def own(path: Path | None = None) -> list[Example]:
    """The hand-labelled sentences, their text rebuilt from ../shared and checked by hash."""
    path = path or LABELS / "sentences.jsonl"
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = _sentence_text(row, f"{path}:{number}")
        events = tuple(Event(e["type"], e.get("mode"), e.get("modality", "asserted"),
                             _pair(e.get("trigger")), _pair(e.get("actor")), _pair(e.get("recipient")),
                             e.get("actor_implied")) for e in row["events"])
        out.append(Example(row["id"], text, events, "own", row["split"],
                           article=f"{row['source']}:{row['key']}"))
    return out


def _pair(value) -> tuple[int, int] | None:
    return tuple(value) if value else None


def _sentence_text(row: dict, where: str) -> str:
    text = article_text(row["source"], row["key"], bool(row.get("lower")))[row["start"]:row["end"]]
    if hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] != row["sha1"]:
        raise EvalError(f"{where}: the text of {row['id']} in ../shared is not the text that was "
                        "labelled (its hash differs); the news texts or the reader changed")
    return text


@lru_cache(maxsize=512)
def article_text(source: str, key: str, lower: bool) -> str:
    """An article's text as Tacitus reads it (`reading.read_text`), lower-cased when the label
    set codes it so; offsets in the label files index this text."""
    from ..evaluation.news import get, lower_case
    from ..options import Options
    from ..reading import read_text
    item = get(source, key)
    raw = lower_case(item.text) if lower else item.text
    return read_text(raw, Options(published=item.published)).text


# --- third-party training data ----------------------------------------------------------------

def plv(split: str) -> list[Example]:
    path = shared_training() / "plv" / f"{split}.tsv"
    if not path.exists():
        raise EvalError(f"{path}: PLV not found (../shared/training/plv)")
    out = []
    with open(path, encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), 1):
            label = row["gold_root"]
            if label == "YIELD":
                events, unknown = (), frozenset({"CONCEDE", "RETREAT", "event"})
            else:
                events, unknown = (Event(label),), frozenset()
            out.append(Example(f"plv-{split}:{number}", row["sentence"], events, "plv",
                               "train" if split == "train" else "test", unknown))
    return out


def synthetic(weight: float = 0.1) -> list[Example]:
    path = shared_training() / "ngec_synthetic" / "gpt_synthetic_events_2023-10-19_19.csv.gz"
    if not path.exists():
        raise EvalError(f"{path}: the NGEC synthetic stories are not found")
    modes = {t: set(spec.modes) for t, spec in ontology().types.items()}
    csv.field_size_limit(1 << 30)
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), 1):
            label = row["label"]
            mode = SYNTHETIC_MODES.get(row["mode"], row["mode"].lower() or None)
            event = Event(label, mode if mode in modes.get(label, ()) else None)
            headline = row["prompt"].split("\n")[0].strip()
            first = re.split(r"(?<=[.!?])\s+", row["text"].strip())[0]
            for part, text in (("h", headline), ("s", first)):
                if len(text.split()) >= 4:
                    out.append(Example(f"synthetic:{number}{part}", text, (event,), "synthetic",
                                       "train", weight=weight))
    return out


def examples(sources: tuple[str, ...] = ("own", "plv", "synthetic")) -> Iterator[Example]:
    if "own" in sources:
        yield from own()
    if "plv" in sources:
        yield from plv("train")
        yield from plv("test")
    if "synthetic" in sources:
        yield from synthetic()
