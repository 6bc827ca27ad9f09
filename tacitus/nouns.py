"""The parties of an event told as a noun, read from the noun phrase itself.

- the doer: a possessor ("Russia's invasion", "X's visit to Y"), a named or generic modifier
  ("the Trump-Putin call", "police firing", "a government assault"), or a prepositional phrase
  ("by militants", "from Turkey", "a meeting of EU foreign ministers");
- both sides of a reciprocal event are its actors: "clashes between X and Y", "talks between
  the two leaders" (docs/annotation.md: a meeting between two sides has both as the actor);
- the target of an act done to someone is its possessor or its "of" phrase: "his arrest", "the
  arrest of X", "Khashoggi's murder", "the journalist killing" (knowledge/data/arguments.yaml,
  `patient_nouns`);
- a possessive pronoun is the subject of the clause the noun is part of: "Cuba kept up its
  condemnation", "Pehrson was held following his arrest".

`tacitus.parties` adds what lies outside the phrase (the verb that governs the noun).
"""
from __future__ import annotations

from .knowledge.arguments import arguments
from .lexicon import triggers

ACTOR_PREPS = ("by", "from", "among", "of")  # "from" and "of" only where they are no recipient slot
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our", "my", "your"}
PARTY_ENTITIES = ("PERSON", "ORG", "GPE", "NORP")
# quantities an event is counted in: their own "by" phrase names the doer of what they count
COUNTS = {"dozens", "hundreds", "thousands", "scores", "series", "wave", "spate", "string", "number",
          "round", "rounds", "barrage", "volley", "campaign"}


def patient(noun) -> bool:
    """An act done to its possessor: "his arrest", "Khashoggi's murder"."""
    return noun.lemma_.lower() in arguments().patient_nouns


def actor_heads(noun, kb, recipient_preps: tuple[str, ...] = ()) -> list:
    """The heads of the phrases inside a noun's phrase that name its doer."""
    heads = [] if patient(noun) else [_owner(c) for c in noun.children if c.dep_ == "poss"]
    heads += _named_modifiers(noun) + _leaders(noun)
    heads = [h for h in heads if h is None or not _attacked_place(noun, h, kb)]
    if not patient(noun):
        heads += [c for c in noun.children if c.dep_ == "compound" and _generic_agent(c, kb)]
    preps = [p for p in ACTOR_PREPS if p not in recipient_preps and not (p == "of" and patient(noun))]
    holders = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in COUNTS:
        holders.append(noun.head.head)  # "dozens of chemical attacks by the regime"
    heads += [t for holder in holders for c in holder.children if c.dep_ == "prep" and c.lower_ in preps
              and not (holder is not noun and c.lower_ == "of") for t in c.children if t.dep_ == "pobj"]
    heads += [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"
              for t in c.children if t.dep_ == "pobj"]  # both sides of a clash or of talks
    if not heads:
        heads = _agents_after(noun) or _doers_in_relative(noun)
    return [t for h in heads if h is not None for t in (h, *h.conjuncts)]


def _leaders(noun) -> list:
    """"US-led airstrikes", "the Saudi-led coalition": who leads the act does it."""
    return [m for c in noun.children if c.dep_ == "amod" and c.lemma_.lower() == "lead"
            and any(p.lower_ in ("-", "–") for p in c.children)
            for m in c.children if m.dep_ in ("npadvmod", "compound", "nmod", "amod")
            and (m.ent_type_ in PARTY_ENTITIES or m.pos_ == "PROPN")]


def _agents_after(noun) -> list:
    """"The campaign against Isis, led by the SDF and supported by the US": the agents of the
    participles after the noun (`led_by` in knowledge/data/arguments.yaml)."""
    known = arguments().led_by
    verbs = [c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in known]
    verbs += [v for verb in list(verbs) for v in verb.conjuncts if v.lemma_.lower() in known]
    return [p for verb in verbs for a in verb.children if a.dep_ == "agent"
            for p in a.children if p.dep_ == "pobj"]


RELATIVES = {"who", "which", "that", "whom"}
BACKING_ONLY = {"back", "support"}  # "the campaign the US backed": the US did not wage it


def _doers_in_relative(noun) -> list:
    """"the murders these men are alleged to have committed", "the attack Isis carried out":
    the subject of a relative clause whose verb (or the verb it leads to) carries the act out
    (`led_by` in arguments.yaml, less backing)."""
    doing = arguments().led_by - BACKING_ONLY
    for clause in (c for c in noun.children if c.dep_ == "relcl"):
        chain = [clause] + [x for x in clause.subtree if x.dep_ == "xcomp" and x.head.i in (clause.i,)]
        if not any(v.lemma_.lower() in doing for v in chain):
            continue
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVES]
        if subjects:
            return subjects[:1]
    return []


def recipient_heads(noun, kb) -> list:
    """Who an act told as a patient noun is done to ("his arrest", "the journalist killing"),
    or the building an attack noun names as its target ("the U.S. Embassy bombings")."""
    if not patient(noun):
        return [c for c in noun.children if (c.dep_ == "compound" and _facility(c))
                or (c.dep_ in ("poss", "compound", "amod", "nmod") and _attacked_place(noun, c, kb))]
    heads = [_owner(c) for c in noun.children if c.dep_ == "poss"]
    heads += [c for c in noun.children if c.dep_ == "compound" and (_generic_agent(c, kb) or c.pos_ == "PROPN")]
    heads += [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
              for t in c.children if t.dep_ == "pobj"]
    return [t for h in heads if h is not None for t in (h, *h.conjuncts)]


def _attacked_place(noun, token, kb) -> bool:
    """"the Houla massacre", "Kharkiv's shelling": a town named with an attack is where it was
    done, and what it was done to - never its doer (docs/annotation.md; issue 11, item 5). A
    state or a capital standing for its government ("Russia's strikes", "Moscow's offensive")
    is a doer."""
    if not any(e.event_type == "ASSAULT" for e in triggers().nouns.get(noun.lemma_.lower(), ())):
        return False
    if token.pos_ != "PROPN" and token.ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    from .knowledge.gazetteer import gazetteer
    place = gazetteer().resolve(token.text) if gazetteer().known(token.text) else None
    if place is None or (token.ent_type_ not in ("GPE", "LOC", "FAC") and (place.name or "").lower() != token.lower_):
        return False
    entry = kb.lookup(token.text)
    return entry is None or entry.kind not in ("state", "metonym", "organisation", "adjective", "person", "pre")


def _facility(token) -> bool:
    return token.lemma_.lower() in arguments().facilities


def _named_modifiers(noun) -> list:
    named = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")
             and (c.ent_type_ in PARTY_ENTITIES or c.pos_ == "PROPN") and not _facility(c)
             and not _venue(noun, c)]
    if patient(noun):
        return []
    for name in list(named):  # "the Trump-Putin call": Trump hangs off Putin
        named += [c for c in name.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                  and any(p.lower_ in ("-", "–") for p in name.children)]
    return named


def _venue(noun, modifier) -> bool:
    """"the Kabul assault", "the Warsaw summit": a place named before an event noun
    (`place_nouns`, `venue_nouns` in arguments.yaml) is where it happened, not who did it; before
    a meeting only a city or a region ("the Iran deal" is a deal with Iran)."""
    if modifier.dep_ != "compound" or modifier.ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    lemma, known = noun.lemma_.lower(), arguments()
    if lemma in known.place_nouns:
        return True
    if lemma not in known.venue_nouns:
        return False
    doc = modifier.doc
    if any(0 <= i < len(doc) and doc[i].text in ("-", "–", "—") for i in (modifier.i - 1, modifier.i + 1)):
        return False  # "the Baghdad–Washington talks", "the Trump-Kim summit": the two sides
    from .knowledge import knowledge
    entry = knowledge().lookup(modifier.text)
    return entry is None or entry.kind not in ("state", "adjective", "organisation")


def _generic_agent(token, kb) -> bool:
    """"police firing", "army offensive", "student protests": a noun that names a kind of party
    (not a weapon: "drone strikes" are strikes by drones, whose owner the phrase does not name)."""
    if token.pos_ != "NOUN" or token.lemma_.lower() in arguments().instruments:
        return False
    return (kb.agent(token.lower_) or kb.agent(token.lemma_.lower())) is not None


def _owner(possessor):
    """A possessor, or for a possessive pronoun the subject of the clause around it ("Cuba kept up
    its condemnation" -> Cuba); None when no clause names one."""
    if possessor.lower_ not in POSSESSIVE_PRONOUNS:
        return possessor
    noun, token = possessor.head, possessor.head
    for _ in range(5):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            continue
        for subject in token.children:
            if subject.dep_ in ("nsubj", "nsubjpass") and subject.i != noun.i and not (
                    subject.i <= possessor.i <= max(t.i for t in subject.subtree)):
                return subject if subject.lower_ not in POSSESSIVE_PRONOUNS else None
    return None
