"""`Article`: the one container every pipeline stage reads and extends.

An article owns its text. Sentences, mentions and events are character-offset views into
`Article.text`, so evidence is always exact (the spaCy `Doc`/`Span` idea). The reading stage
fills the metadata and text; later stages add what their module docstring says they assign.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from .records import Actor, Count, Event, Modality, Place, Source, When


@dataclass
class Section:
    """A block of the article: headline, subtitle (standfirst, crosshead) or body paragraph."""

    kind: str  # headline | subtitle | body
    start: int
    end: int


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    section: str = "body"
    candidate: bool = False  # a cheap first pass found a possible event trigger here
    doc: Any = None  # the spaCy Doc of this sentence (offsets relative to `start`), once parsed
    scores: Any = None  # the event classifier's probabilities, one per head (classify stage)
    features: Any = None  # the classifier's feature row of the sentence, kept for its mode heads

    def text_of(self, article: "Article") -> str:
        return article.text[self.start:self.end]


@dataclass
class Mention:
    """An event mention under construction: stages fill it in, the last one freezes it.

    Token indices are into `Sentence.doc`; character offsets are article-absolute.
    """

    sentence: int
    trigger_start: int
    trigger_end: int
    trigger_token: int
    event_type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    entry: Any = None  # the lexicon entry (tacitus.lexicon.Trigger) that matched
    object_token: int | None = None  # the event noun a light verb realises ("launched drones")
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    modality: Modality = field(default_factory=Modality)
    date: When = field(default_factory=When)
    location: Place | None = None
    counts: list[Count] = field(default_factory=list)
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    reported_by: list[Source] = field(default_factory=list)
    confidence: float = 0.5
    dropped: str | None = None  # why a later stage discarded it (kept for debugging)
    background: bool = False  # told in the past perfect (dates stage): left undated, not the lede's day
    decided_by: str = "lexicon"  # lexicon | model | both (proposals stage)
    model_mode: str | None = None  # the classifier's mode, used when no lexicon mode is found
    probability: float | None = None  # the classifier's probability of this event type here
    asked_by: int | None = None  # the request or threat verb (token) whose clause this is (modality stage)


@dataclass
class Article:
    text: str
    id: str = ""
    title: str | None = None
    published: dt.date | None = None
    published_time: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    source: str | None = None  # where it was read from: a path, a URL, "-"
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # names of the stages that have run
    # article-level facts stages share, each documented by the stage that sets it
    countries: list[str] = field(default_factory=list)  # countries named, most frequent first
    entities: list[Actor] = field(default_factory=list)  # actors introduced in the article, in order
    registry: Any = None  # the parties stage's tacitus.coding.Registry, reused by attribution
    # the text with its case restored where it was all lower case or ALL CAPS (truecase stage):
    # the same length, so every offset holds; None when nothing needed restoring
    truecased: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    @property
    def reading(self) -> str:
        """The text as the stages read it: `truecased` where case was restored, else `text`.
        Evidence always quotes `text`."""
        return self.truecased if self.truecased is not None else self.text

    def section_at(self, offset: int) -> str:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.kind
        return "body"


def content_id(text: str) -> str:
    """A stable article id from its text, so the same article always gets the same id."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
