"""Stage 7 — attribution: who says each event happened (`reported_by`).

A chain runs from the nearest source outwards: "according to a Kremlin official cited by NBC
News" gives [the official, NBC News]; "In June alone, Sybiha said, Russia launched..." gives
[Sybiha]. The subject of a verb of saying is a source, never the doer of the event it reports.
`find_attributions` exposes the same analysis for any text (used by the PolNeAR evaluation).
"""
from __future__ import annotations

from dataclasses import dataclass

from .article import Article
from .coding import Registry, code_phrase, phrase_tokens
from .knowledge import knowledge
from .lexicon import triggers
from .options import Options
from .records import Source, Span

NAME = "attribution"
REQUIRES = ("parties",)
ASSIGNS = "Mention.reported_by"

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


def find_attributions(text: str) -> list[Attribution]:
    """Every attribution in a text: source, cue (the verb of saying) and content spans."""
    from .language import nlp
    reporting = set(triggers().reporting) | {"accord"}
    doc = nlp()(text)
    out = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in reporting:
            continue
        content = [c for c in token.children if c.dep_ in ("ccomp", "parataxis")]
        if not content and token.lemma_ != "say":
            continue
        subjects = _subjects(token)
        out.append(Attribution(
            source=_span(doc, phrase_tokens(subjects[0])) if subjects else None,
            cue=Span(token.text, token.idx, token.idx + len(token.text)),
            content=_span(doc, sorted(content[0].subtree, key=lambda t: t.i)) if content else None))
    for token in doc:
        if token.lower_ == "according":
            sources = _according_to(doc[token.i:token.i + 3])
            if sources:
                sent = token.sent
                out.append(Attribution(source=_span(doc, phrase_tokens(sources[0])),
                                       cue=Span(doc[token.i:token.i + 2].text, token.idx,
                                                token.idx + len(doc[token.i:token.i + 2].text)),
                                       content=Span(sent.text, sent.start_char, sent.end_char)))
    return out


def _span(doc, tokens) -> Span:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Span(doc.text[start:end], start, end)
