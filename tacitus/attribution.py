"""Stage 7 — attribution: who says each event happened (`reported_by`), from the one analysis
of attribution in Tacitus.

`analyse` finds every attribution in a parsed sentence: its cue (a verb of saying or of
stance, a cue noun, "according to", a speaker label), its source and its content. The stage
runs it on each parsed sentence and gives each event mention the sources of the attributions
that report it, nearest first: a verb of saying or "according to" whose content holds the
trigger, then who cited each source. "according to a Kremlin official cited by NBC News" gives
[the official, NBC News]; "In June alone, Sybiha said, Russia launched..." gives [Sybiha]. The
subject of a verb of saying is a source, never the doer of the event it reports.
`find_attributions` runs the same analysis over a whole text (what `tacitus eval --format
polnear` scores beside `reported_by`). The cue words are data: verbs of saying are
`reporting` in lexicon/triggers.yaml, the others lexicon/attribution.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from .article import Article
from .coding import Registry, appositive, code_phrase, phrase_tokens
from .knowledge import knowledge
from .lexicon import attribution_cues
from .options import Options
from .records import Source, Span

NAME = "attribution"
REQUIRES: tuple[str, ...] = ("mention.actor",)
ASSIGNS: tuple[str, ...] = ("mention.reported_by",)

OUTLET_SECTORS = {"JRN", "MED"}


@dataclass(frozen=True)
class Attribution:
    """Who (source) says (cue) what (content); offsets index the analysed text.
    `reporting`: the cue is a verb of saying or "according to", so its source reports the
    events told in its content (a verb of stance, "the army wants to attack", does not)."""

    source: Span | None
    cue: Span
    content: Span | None
    reporting: bool = False


@dataclass(frozen=True)
class Found:
    """An attribution as the analysis found it, with the head token of its source phrase
    (None for layout cues), which the stage codes as an actor."""

    attribution: Attribution
    head: Any = None


def run(article: Article, options: Options) -> Article:
    registry = article.registry or Registry(article, knowledge(tuple(options.actor_files)))
    analysed: dict[int, list[Found]] = {}
    for mention in article.mentions:
        sentence = article.sentences[mention.sentence]
        if mention.sentence not in analysed:
            analysed[mention.sentence] = analyse(sentence.doc)
        trigger = sentence.doc[mention.trigger_token]
        chain: list[Source] = []
        for head in source_heads(trigger, analysed[mention.sentence]):
            actors = code_phrase(head, sentence, registry, article.published, subject=False)
            for actor in actors:
                kind = "outlet" if actor.sector in OUTLET_SECTORS else (
                    "person" if head.ent_type_ == "PERSON" or actor.role else "organisation")
                chain.append(_titled(Source(name=actor.name, text=actor.text, kind=kind, country=actor.country,
                                            sector=actor.sector, start=actor.start, end=actor.end),
                                     head, sentence, registry, article.published))
            if not actors and head.pos_ == "PROPN":
                chain.append(_titled(_named_source(head, sentence.start), head, sentence, registry, article.published))
        mention.reported_by = chain
    return article


def source_heads(trigger, found: list[Found]) -> list:
    """Heads of the sources that report the event at `trigger`, nearest (smallest content)
    first, each followed by who cited it."""
    at = trigger.idx
    reporting = sorted((f for f in found if f.attribution.reporting and f.head is not None
                        and f.attribution.content is not None
                        and f.attribution.content.start <= at < f.attribution.content.end),
                       key=lambda f: f.attribution.content.end - f.attribution.content.start)
    chain = []
    for f in reporting:
        head = appositive(f.head) or f.head  # "the regional governor, Oleh Kiper"
        if head not in chain:
            chain.append(head)
            chain += [c for c in _cited_by(head) if c not in chain]
    return chain


def _titled(source: Source, head, sentence, registry, published) -> Source:
    """An unknown name in apposition to a title takes the title's country and sector ("France's
    counter-terrorism prosecutor, Remy Heitz" is FRA JUD)."""
    if head.dep_ != "appos" or source.country or source.sector:
        return source
    titles = code_phrase(head.head, sentence, registry, published, subject=False)
    if not titles:
        return source
    return replace(source, country=titles[0].country, sector=titles[0].sector)


def _named_source(head, offset: int) -> Source:
    """A named source the knowledge base does not know (the tagger may even call a person an ORG)."""
    tokens = phrase_tokens(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = head.doc.text[start:end]
    person = head.dep_ == "appos" or head.ent_type_ == "PERSON"
    return Source(name=text, text=text, kind="person" if person else "organisation",
                  start=offset + start, end=offset + end)


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
    citing = attribution_cues().citing
    out = []
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in citing:
            for agent in child.children:
                if agent.dep_ == "agent":
                    out += [p for p in agent.children if p.dep_ == "pobj"]
    return out


# Speaker labels and sign-offs that attribute without a verb: "PENCE: ...", "Poll: ...",
# "... hell.” ― Sonya Herridge". A name is a run of capitalised words or initials.
_NAME = r"(?:[A-Z]\.|[A-Z][\w'\u2019-]*)(?:[ \t\u00a0]+(?:[A-Z]\.|[A-Z][\w'\u2019-]*)){0,5}"
SPEAKER_LABEL = re.compile(r"^[ \t\u00a0\"\u201c]*((?:[A-Z]\.|[A-Z][\w'\u2019-]*)(?:[ \t\u00a0]+[A-Z][\w'\u2019-]*){0,2})[ \t\u00a0]*(:)", re.M)
SIGN_OFF = re.compile(r"(?:^|[\u201d\"][ \t\u00a0]*)([\u2015\u2014])[ \t\u00a0]*(" + _NAME + r")(?=[ \t\u00a0]*(?:[.\n\u201c\"]|$))", re.M)
# Passive subjects that name what was said, not who said it ("it was reported").
CONTENT_SUBJECT_DEPS = ("nsubjpass", "csubjpass")


def find_attributions(text: str) -> list[Attribution]:
    """Every attribution in a text, as PolNeAR annotates them: source, cue and content spans,
    each word in at most one attribution (the outermost)."""
    from .language import nlp
    return attributions_in(nlp()(text))


def attributions_in(doc) -> list[Attribution]:
    """The attributions of a parsed spaCy `Doc` (offsets are the doc's own), outermost only."""
    return _outermost([f.attribution for f in analyse(doc)]) + _labelled(doc.text)


def analyse(doc) -> list[Found]:
    """Every attribution marked by grammar in a parsed `Doc`, nested ones included (the
    stage needs the whole chain: "officials said the governor claimed ...")."""
    cues = attribution_cues()
    verbs = cues.reporting | cues.verbs
    quoted = _quoted(doc.text)
    out = []
    for token in doc:
        if quoted[token.idx]:
            continue  # a quotation is the content of an attribution, never holds one of its own
        if token.lower_ == "according":
            out += _according_attribution(doc, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in verbs:
            out += _verb_attribution(doc, token, token.lemma_.lower() in cues.reporting)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in cues.nouns:
            out += _noun_attribution(doc, token)
    return out


def _labelled(text: str) -> list[Attribution]:
    """Attributions marked by layout, not grammar: speaker labels and sign-offs."""
    out = []
    for found in SPEAKER_LABEL.finditer(text):
        if found.group(1).split()[0].lower().rstrip("'\u2019s") in attribution_cues().not_speakers:
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
    # a content that holds its own cue (the sentence of "according to", the clause a
    # parenthetical "X said" interrupts) is no quotation that could hold another attribution
    contents = [a.content for a in found if a.content is not None
                and not a.content.start <= a.cue.start < a.content.end]
    return [a for a in found if not any(c.start <= a.cue.start and a.cue.end <= c.end for c in contents)]


def _verb_attribution(doc, verb, reporting: bool) -> list[Found]:
    source = _speaker(verb)
    if source is None:
        return []
    attribution = Attribution(source=_span(doc, phrase_tokens(source)), cue=_span(doc, [verb]),
                              content=_content(doc, verb), reporting=reporting)
    return [Found(attribution, head=source)]


def _content(doc, verb) -> Span | None:
    """What is said: the clause or object the verb governs; for a parenthetical verb of saying
    ("In June alone, Sybiha said, Russia launched ...") the clause it hangs from."""
    governed = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "xcomp", "dobj")]
    if governed:
        return _span(doc, sorted(governed[0].subtree, key=lambda t: t.i))
    if verb.dep_ in ("parataxis", "ccomp") and verb.head is not verb:
        return _span(doc, sorted(verb.head.subtree, key=lambda t: t.i))
    return None


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


def _noun_attribution(doc, noun) -> list[Found]:
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if not owners:
        return []
    return [Found(Attribution(source=_span(doc, phrase_tokens(owners[0])), cue=_span(doc, [noun]),
                              content=None), head=owners[0])]


def _according_attribution(doc, token) -> list[Found]:
    sources = _according_to(doc[token.i:token.i + 3])
    if not sources:
        return []
    sent = token.sent
    attribution = Attribution(source=_span(doc, phrase_tokens(sources[0])),
                              cue=_span(doc, doc[token.i:token.i + 2]),
                              content=Span(sent.text, sent.start_char, sent.end_char), reporting=True)
    return [Found(attribution, head=sources[0])]


def _span(doc, tokens) -> Span:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Span(doc.text[start:end], start, end)
