"""Implied and unidentified doers: the actor of an asserted event whose doer the text does not name.

PLOVER codes no event without an actor, and the manual names the cost ("Some residual issues",
required entities: "4 people were arrested/killed in a suicide bombing" has no named actor).
Tacitus relaxes that rule for the events a user most wants, and marks each such actor
`implied`, so users can keep or drop them (`tacitus events --implied`):

- an attack whose doer is not named gets UAF (unidentified armed forces: shootings) or UNK
  (generic unidentified actors, the manual's "two civilians were killed by a bomb"), with no
  country (manual, "Sector Codes");
- an arrest, charge, curfew, ban or conviction with no named agent gets the authority the text
  implies (police, government, court: knowledge/data/arguments.yaml), whose country the events
  stage takes from the event's place or the story's country, as for any generic agent;
- an accusation, a coercive act, a mobilisation, a sanction, a threat or a protest told by a
  verb in the passive with no agent ("he had been falsely accused", "security has been
  enhanced") gets UNK (`unnamed_passive` in arguments.yaml); other types need a named doer;
- either way, an authority (government, police, court, military) that tells such an act of
  authority is its doer ("local authorities said security has been enhanced"), still implied.

Only a clause that names no doer qualifies: a passive without an agent ("were arrested", "a
curfew has been imposed"), or one whose agent or subject is an instrument ("killed by a bomb",
"an explosion killed"), and an event noun whose doer the parties stage did not find ("the
bombing"). A negated, hypothetical or future event gets no implied doer: nothing invents a doer
for an event that did not happen.
"""
from __future__ import annotations

from .article import Article, Mention
from .knowledge.arguments import arguments
from .lexicon import triggers
from .records import Actor


def implied_actor(article: Article, mention: Mention) -> Actor | None:
    """The implied or unidentified actor of an actorless mention, or None when it gets none."""
    if not mention.modality.asserted or mention.modality.future:
        return None
    known = arguments()
    sentence = article.sentences[mention.sentence]
    if sentence.doc is None:
        return None
    trigger = sentence.doc[mention.trigger_token]
    if trigger.lemma_.lower() in known.named_doer_only:
        return None  # "the plant has been demolished": building work as often as an attack
    headline = sentence.section in ("headline", "subtitle")
    passive = trigger.pos_ in ("VERB", "AUX") and _passive(trigger)
    sector = known.implied_sector(mention.event_type, mention.mode, passive)
    if sector is None or not names_no_doer(trigger, mention, headline):
        return None
    if mention.event_type == "PROTEST" and not passive and not _demonstration_held(trigger):
        return None
    speaker = _authority_speaking(mention, sector)
    if speaker is not None:
        return speaker
    return Actor(name=known.names[sector], text="", sector=sector, sectors=(sector,), implied=True)


def _demonstration_held(noun) -> bool:
    """"thousands joined rallies", "protests ended in bloodshed": a demonstration told as a noun
    that took place - not one's own protest ("resigned in protest"), a crowd addressed ("told a
    rally in Bursa"), or what something becomes ("each funeral becomes a demonstration")."""
    if noun.pos_ != "NOUN" or noun.dep_ in ("attr", "oprd"):
        return False
    if noun.dep_ == "pobj" and noun.head.lower_ == "in":
        return False
    return not (noun.dep_ in ("dobj", "pobj") and _governor(noun).lemma_.lower() in ("tell", "address", "speak"))


def _governor(noun):
    return noun.head.head if noun.dep_ == "pobj" else noun.head


AUTHORITIES = {"GOV", "COP", "JUD", "MIL", "SPY"}
# acts of authority (type, mode): those `authority` in arguments.yaml gives an implied doer, and
# an investigation opened; and any mobilisation ("security has been enhanced")
AUTHORITY_ACTS = {("COERCE", "arrest"), ("COERCE", "deport"), ("COERCE", "curfew"), ("COERCE", "martial-law"),
                  ("COERCE", "restrict"), ("COERCE", "censor"), ("COERCE", "seize"), ("SANCTION", "convict"),
                  ("ACCUSE", "investigate")}


def _authority_speaking(mention: Mention, sector: str) -> Actor | None:
    """"France's counter-terrorism prosecutor said an investigation has been opened", "local
    authorities said security has been enhanced": an authority telling an act of authority done
    with no doer named did it (`AUTHORITY_ACTS`; not an attack, a threat or an accusation:
    "police said two men were killed", "the ministry said diplomats had been threatened")."""
    if (mention.event_type, mention.mode) not in AUTHORITY_ACTS and mention.event_type != "MOBILIZE":
        return None  # not a threat, an accusation or a blockade told by the police
    if not mention.reported_by:
        return None
    source = mention.reported_by[0]
    if source.sector not in AUTHORITIES or not (sector == "UNK" or sector == source.sector):
        return None
    return Actor(name=source.name, text="", country=source.country, sector=source.sector,
                 sectors=(source.sector,), implied=True)


def names_no_doer(trigger, mention: Mention, headline: bool = False) -> bool:
    """Whether the clause or noun phrase of a trigger tells an event and leaves its doer unnamed."""
    known = arguments()
    if trigger.pos_ in ("NOUN", "PROPN") and mention.object_token is None:
        # "the bombing", "a curfew": the parties stage found no doer around it; not a noun that
        # only names what someone is charged with or called ("charged with assault",
        # "accused him of sexual assault", "described as a kidnapping"), nor one said to be a
        # prospect ("renewed fighting is a possibility")
        if trigger.dep_ in ("pobj", "pcomp") and trigger.head.lower_ in known.backdrop:
            return False  # "born during fighting in Syria": the setting, not an event told
        return not _complement_noun(trigger) and not (trigger.dep_ == "nsubj" and any(
            c.dep_ in ("attr", "acomp") and c.lemma_.lower() in known.prospects for c in trigger.head.children))
    if any(p.lower_ == "in" and o.lemma_.lower() in known.care for p in trigger.children
           for o in p.children if o.dep_ == "pobj"):
        return False  # "were detained in hospital": cared for, not arrested
    if any(c.tag_ == "MD" for c in trigger.children if c.dep_ in ("aux", "auxpass")):
        return False  # "can only be detained if ...": a possibility, whatever modality found
    if any(c.dep_ == "advmod" and c.lower_ in arguments().habitual for c in trigger.children):
        return False  # "has been shelled almost daily": a pattern, not one event
    if _passive(trigger) or (headline and bare_participle(trigger)):  # "Woman accused of ..."
        if any(c.dep_ == "nsubjpass" and c.lower_ in known.generic_subjects for c in trigger.children):
            return False  # "you get shot": a general remark, not an event
        agents = [p for c in trigger.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        agents = agents or attack_agents(trigger)
        return not agents or instrument(agents[0])
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "csubj")]
    return bool(subjects) and instrument(subjects[0])


def attack_agents(verb) -> list:
    """The doer a passive names on the attack it says was the means, not on the verb itself:
    "civilians have been killed in airstrikes and shelling by forces loyal to Assad" (the parse
    hangs "by forces" on "shelling"). The `by` phrase must hang from an attack word (a noun or
    gerund the lexicon codes as ASSAULT) inside the verb's "in", "during" or "from" phrase, and
    name no weapon ("by a bomb")."""
    attacks = triggers().nouns
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "from"):
            continue
        for token in prep.subtree:
            if token.lower_ != "by" or token.dep_ not in ("prep", "agent"):
                continue
            head = token.head
            if not any(e.event_type == "ASSAULT" for e in attacks.get(head.lemma_.lower(), ())):
                continue
            doers = [p for p in token.children if p.dep_ == "pobj"]
            if doers and party(doers[0]) and not instrument(doers[0]):
                return [d for p in doers for d in (p, *p.conjuncts)]
    return []


def party(token) -> bool:
    """A noun that can name a doer: a person, organisation, people or state, or a generic agent
    the knowledge base knows ("forces", "commandos"); not a place ("an attack by the border")."""
    from .knowledge import knowledge
    return token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or knowledge().agent(token.text) is not None


def _complement_noun(noun) -> bool:
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("of", "with", "including", "as", "for", "about"):
        return False
    return noun.head.head.lemma_.lower() not in arguments().bursts


def _passive(verb, depth: int = 0) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.dep_ == "conj" and depth < 3 and not any(c.dep_ in ("nsubj", "csubj") for c in verb.children):
        return _passive(verb.head, depth + 1)  # "was imprisoned and tortured"
    # a headline's bare participle: "Five arrested in Istanbul", "7 militants killed in blasts"
    return bare_participle(verb) and verb.dep_ == "ROOT" and not any(c.dep_ == "nsubj" for c in verb.children)


def bare_participle(verb) -> bool:
    """A past participle with no auxiliary: passive in a headline ("Woman accused of ...")."""
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def instrument(token) -> bool:
    """A weapon, an explosion or an event, not a doer: "a bomb", "the blast", "the bombing"."""
    lemma = token.lemma_.lower()
    compound = " ".join(t.lemma_.lower() for t in token.children if t.dep_ == "compound")
    known = arguments().instruments
    return (lemma in known or f"{compound} {lemma}".strip() in known
            or any(e.event_type == "ASSAULT" for e in triggers().nouns.get(lemma, ())))
