"""Stage 7 — attribution: who says each event happened (`reported_by`).

A chain runs from the nearest source outwards: "according to a Kremlin official cited by NBC
News" gives [the official, NBC News]; "In June alone, Sybiha said, Russia launched..." gives
[Sybiha]. The subject of a verb of saying is a source, never the doer of the event it reports.
`find_attributions` exposes the same analysis for any text (used by the PolNeAR evaluation).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .article import Article
from .coding import Registry, code_phrase, phrase_tokens
from .knowledge import knowledge
from .lexicon import triggers
from .options import Options
from .records import Source, Span

NAME = "attribution"
REQUIRES: tuple[str, ...] = ("mention.actor",)
ASSIGNS: tuple[str, ...] = ("mention.reported_by",)

OUTLET_SECTORS = {"JRN", "MED"}


@dataclass(frozen=True)
class Attribution:
    source: Span | None
    cue: Span
    content: Span | None


def run(article: Article, options: Options) -> Article:
    registry = article.registry or Registry(article, knowledge(tuple(options.actor_files)))
    reporting = set(triggers().reporting)
    for mention in article.mentions:
        sentence = article.sentences[mention.sentence]
        trigger = sentence.doc[mention.trigger_token]
        heads = _source_heads(trigger, reporting)
        chain: list[Source] = []
        for head in heads:
            actors = code_phrase(head, sentence, registry, article.published, subject=False)
            for actor in actors:
                kind = "outlet" if actor.sector in OUTLET_SECTORS else (
                    "person" if head.ent_type_ == "PERSON" or actor.role else "organisation")
                chain.append(Source(name=actor.name, text=actor.text, kind=kind, country=actor.country,
                                    sector=actor.sector, start=actor.start, end=actor.end))
            if not actors and head.pos_ == "PROPN":
                chain.append(_named_source(head, sentence.start))
        mention.reported_by = chain
    return article


def _source_heads(trigger, reporting: set[str]) -> list:
    """Source phrase heads for the clause holding `trigger`, nearest first, then who cited them."""
    heads = []
    token = trigger
    for _ in range(6):
        for child in token.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in reporting:
                heads += _subjects(child)
        if token.head is token:
            break
        if token.dep_ in ("ccomp", "parataxis", "conj", "xcomp", "advcl") and token.head.lemma_.lower() in reporting:
            heads += _subjects(token.head)
            break
        token = token.head
    heads += _according_to(trigger.doc[:])
    chain = []
    for head in heads:
        named = [c for c in head.children if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN")]
        head = named[0] if named else head  # "the regional governor, Oleh Kiper"
        if head not in chain:
            chain.append(head)
            chain += [c for c in _cited_by(head) if c not in chain]
    return chain


def _named_source(head, offset: int) -> Source:
    """A named source the knowledge base does not know (the tagger may even call a person an ORG)."""
    tokens = phrase_tokens(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = head.doc.text[start:end]
    person = head.dep_ == "appos" or head.ent_type_ == "PERSON"
    return Source(name=text, text=text, kind="person" if person else "organisation",
                  start=offset + start, end=offset + end)


def _subjects(verb) -> list:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _according_to(span) -> list:
    out = []
    for token in span:
        if token.lower_ == "according":
            for to in token.children:
                if to.lower_ == "to":
                    out += [p for p in to.children if p.dep_ == "pobj"]
    return out


def _cited_by(head) -> list:
    """"a Kremlin official cited by NBC News" -> NBC News."""
    out = []
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in ("cite", "quote", "interview"):
            for agent in child.children:
                if agent.dep_ == "agent":
                    out += [p for p in agent.children if p.dep_ == "pobj"]
    return out


# Cue words PolNeAR annotates beyond the lexicon's verbs of saying (triggers.yaml `reporting`):
# verbs of stance, thought, intention and public evaluation ("Trump wants", "critics called it",
# "the report found"). Kept here, not in the shared lexicon, because their subjects are sources
# for attribution only: in event coding these verbs have doers of their own.
CUE_VERBS = {
    "accord", "accuse", "acknowledge", "address", "admire", "admit", "advocate", "affirm",
    "agree", "allege", "announce", "answer", "applaud", "argue", "ask", "assert", "assure",
    "attack", "blame", "blast", "boast", "call", "caution", "charge", "chastise", "cite", "claim",
    "comment", "compare", "complain", "concede", "conclude", "condemn", "confirm", "contend",
    "criticize", "criticise", "decide", "declare", "decline", "decry", "defend", "demand",
    "denounce", "deny", "describe", "disagree", "discuss", "dismiss", "dispute", "doubt", "echo",
    "email", "emphasize", "encourage", "endorse", "estimate", "expect", "explain", "express",
    "fear", "feel", "find", "highlight", "hope", "imply", "insist", "intend", "invoke", "joke",
    "know", "lament", "learn", "liken", "maintain", "mention", "mock", "note", "object", "oppose",
    "order", "outline", "plan", "pledge", "point", "portray", "praise", "predict", "prefer",
    "press", "promise", "propose", "publish", "question", "quip", "rail", "realize", "recall",
    "recommend", "refer", "refuse", "reject", "release", "remember", "repeat", "reply", "request",
    "respond", "reveal", "ridicule", "rule", "scoff", "see", "seek", "show", "signal", "slam",
    "speak", "state", "suggest", "support", "talk", "tease", "testify", "tout", "understand",
    "urge", "vote", "vow", "want", "warn", "wonder", "worry", "write",
}
# Nouns that are cues with their owner as the source: "his remarks", "Trump's statement".
CUE_NOUNS = {
    "account", "accusation", "allegation", "announcement", "argument", "assertion", "belief",
    "claim", "comment", "complaint", "criticism", "decision", "demand", "denial", "email",
    "endorsement", "estimate", "interview", "letter", "message", "missive", "opinion", "plan",
    "pledge", "post", "prediction", "promise", "proposal", "remark", "report", "speech",
    "statement", "testimony", "tweet", "view", "vow", "warning", "words",
}
# Speaker labels and sign-offs that attribute without a verb: "PENCE: ...", "Poll: ...",
# "... hell.” ― Sonya Herridge". A name is a run of capitalised words or initials.
_NAME = r"(?:[A-Z]\.|[A-Z][\w'\u2019-]*)(?:[ \t\u00a0]+(?:[A-Z]\.|[A-Z][\w'\u2019-]*)){0,5}"
SPEAKER_LABEL = re.compile(r"^[ \t\u00a0\"\u201c]*((?:[A-Z]\.|[A-Z][\w'\u2019-]*)(?:[ \t\u00a0]+[A-Z][\w'\u2019-]*){0,2})[ \t\u00a0]*(:)", re.M)
NOT_SPEAKERS = {"the", "correction", "clarification", "update", "editor", "editors", "note", "watch",
                "read", "related", "photo", "video", "source", "sources", "partial", "transcript"}
SIGN_OFF = re.compile(r"(?:^|[\u201d\"][ \t\u00a0]*)([\u2015\u2014])[ \t\u00a0]*(" + _NAME + r")(?=[ \t\u00a0]*(?:[.\n\u201c\"]|$))", re.M)
# Passive subjects that name what was said, not who said it ("it was reported").
CONTENT_SUBJECT_DEPS = ("nsubjpass", "csubjpass")


def find_attributions(text: str) -> list[Attribution]:
    """Every attribution in a text: source, cue (the verb of saying) and content spans."""
    from .language import nlp
    return attributions_in(nlp()(text))


def attributions_in(doc) -> list[Attribution]:
    """The attributions of a parsed spaCy `Doc` (offsets are the doc's own)."""
    cues = set(triggers().reporting) | CUE_VERBS
    quoted = _quoted(doc.text)
    out = []
    for token in doc:
        if quoted[token.idx]:
            continue  # a quotation is the content of an attribution, never holds one of its own
        if token.lower_ == "according":
            out += _according_attribution(doc, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in cues:
            out += _verb_attribution(doc, token)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in CUE_NOUNS:
            out += _noun_attribution(doc, token)
    return _outermost(out) + _labelled(doc.text)


def _labelled(text: str) -> list[Attribution]:
    """Attributions marked by layout, not grammar: speaker labels and sign-offs."""
    out = []
    for found in SPEAKER_LABEL.finditer(text):
        if found.group(1).split()[0].lower().rstrip("'\u2019s") in NOT_SPEAKERS:
            continue
        out.append(Attribution(source=_match_span(found, 1), cue=_match_span(found, 2), content=None))
    for found in SIGN_OFF.finditer(text):
        out.append(Attribution(source=_match_span(found, 2), cue=_match_span(found, 1), content=None))
    return out


def _match_span(found, group: int) -> Span:
    return Span(found.group(group), found.start(group), found.end(group))


def _quoted(text: str) -> list[bool]:
    """For each character, whether it lies between quotation marks.

    A quote left open at a paragraph's end runs on, but the next paragraph opens it again,
    so every line starts outside.
    """
    inside, marks = False, []
    at = 0
    while at < len(text):
        char = text[at]
        pair = text[at:at + 2] in ("''", "``")
        if char == "\n":
            inside = False
        elif char == "\u201c" or text[at:at + 2] == "``":
            inside = True
        elif char == "\u201d":
            inside = False
        elif char == '"' or pair:
            inside = not inside
        step = 2 if pair else 1
        marks += [inside or char in "\u201c\u201d\"`"] * step
        at += step
    return marks[:len(text)]


def _outermost(found: list[Attribution]) -> list[Attribution]:
    """PolNeAR gives each word one role: a cue inside another attribution's content is part of
    what that source said ("Merrill says Machado promised ..."), so only the outer one counts."""
    contents = [a.content for a in found if a.content is not None and a.cue.text.lower() != "according to"]
    return [a for a in found if not any(c.start <= a.cue.start and a.cue.end <= c.end for c in contents)]


def _verb_attribution(doc, verb) -> list[Attribution]:
    source = _speaker(verb)
    if source is None:
        return []
    content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "xcomp", "dobj")]
    return [Attribution(source=_span(doc, phrase_tokens(source)), cue=_span(doc, [verb]),
                        content=_span(doc, sorted(content[0].subtree, key=lambda t: t.i))
                        if content else None)]


def _speaker(verb):
    """Who says: the subject, the agent of a passive, or the subject the verb shares with the
    verb it hangs from ("Trump said, adding ...", "she called it odd and said ...")."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            return subjects[0]
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return agents[0]
        if any(c.dep_ in CONTENT_SUBJECT_DEPS for c in verb.children):
            return None
        if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _noun_attribution(doc, noun) -> list[Attribution]:
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if not owners:
        return []
    return [Attribution(source=_span(doc, phrase_tokens(owners[0])), cue=_span(doc, [noun]),
                        content=None)]


def _according_attribution(doc, token) -> list[Attribution]:
    sources = _according_to(doc[token.i:token.i + 3])
    if not sources:
        return []
    sent = token.sent
    return [Attribution(source=_span(doc, phrase_tokens(sources[0])), cue=_span(doc, doc[token.i:token.i + 2]),
                        content=Span(sent.text, sent.start_char, sent.end_char))]


def _span(doc, tokens) -> Span:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Span(doc.text[start:end], start, end)
