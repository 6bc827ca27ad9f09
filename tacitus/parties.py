"""Stage 5 — parties: the actor and recipient of each mention, coded as of the event date.

The syntax finds the phrases (subject, passive agent, object, prepositional slots named by
the lexicon entry); `tacitus.coding` turns each phrase into `Actor` records with the
knowledge base and the article's own introductions (`Registry`). Several actors stay one list
(PLOVER manual, "Compound and Reciprocal Actors"); a reporting verb's subject is a source,
never the doer of what it reports, because the subject search stops at reporting verbs. It is
the doer only where the saying is itself the act: a criticism or a request made by saying it
("Clinton said Trump was unfit", "Russia said Sudan must return the helicopter"), where the
lexicon or the classifier anchors the event on the verb of speech.
"""
from __future__ import annotations

import datetime as dt

from . import nouns
from .article import Article, Mention
from .coding import Registry, code_phrase, phrase_tokens
from .implied import attack_agents, bare_participle, instrument, party
from .knowledge import knowledge
from .knowledge.arguments import arguments
from .lexicon import triggers
from .options import Options
from .places import dateline
from .records import Actor
from .triggers import objects_of

NAME = "parties"
REQUIRES: tuple[str, ...] = ("article.mentions", "mention.date")
ASSIGNS: tuple[str, ...] = ("mention.actor", "mention.recipient", "article.countries", "article.entities",
                            "article.registry")

ASKED_OF_A_CLAUSE = {"REQUEST", "THREATEN", "ACCUSE", "SUPPORT", "REJECT"}
# who tells of talks, a deal or joint work takes part in them; who tells of an attack did not
SPOKEN_BY_PARTICIPANTS = {"CONSULT", "AGREE", "COOPERATE"}
# "as he works ... in negotiations with the IRS", "spoke at talks in Geneva": who takes part
TAKING_PART = {"in", "at", "during", "into", "through"}
# a promise, refusal or threat to act on someone is directed at them
EMBEDDED_TARGET = {"AGREE", "REJECT", "THREATEN"}


def run(article: Article, options: Options) -> Article:
    kb = knowledge(tuple(options.actor_files))
    registry = Registry(article, kb)
    article.countries = registry.countries()
    reporting = set(triggers().reporting)
    filed_from = dateline(article)
    for mention in sorted(article.mentions, key=lambda m: m.trigger_start):
        sentence = article.sentences[mention.sentence]
        on = _event_day(mention, article)
        trigger = sentence.doc[mention.trigger_token]
        headline = sentence.section in ("headline", "subtitle")
        actor_heads = _not_dateline(_actor_heads(trigger, mention, reporting, kb, headline), filed_from, sentence)
        if trigger.pos_ in ("VERB", "AUX"):
            actor_heads = [d for h in actor_heads for d in _doer_of_weapon(h)]
        mention.actor = _code_all(actor_heads, sentence, registry, on, subject=True)
        if not mention.actor and mention.event_type == "ASSAULT" and trigger.pos_ == "NOUN":
            mention.actor = _side_in_fighting(trigger, sentence, registry, on)
        mention.recipient = []
        slots = [_not_dateline(heads, filed_from, sentence) for heads in _recipient_slots(trigger, mention, kb, headline)]
        for heads in slots:
            coded = _code_all([h for h in heads if h not in actor_heads], sentence, registry, on, subject=False)
            mention.recipient = [r for r in coded if not any(_same(r, a) for a in mention.actor)]
            if mention.recipient:
                break
        if not mention.recipient:
            mention.recipient = _unnamed_victims(trigger, mention, slots, actor_heads, sentence.start)
        died = _died_in(trigger) if mention.event_type == "ASSAULT" and trigger.pos_ in ("NOUN", "PROPN") else []
        if died and all(_a_place(r) for r in mention.recipient):
            # "40 people died in a strike on Douma": who died, more than the town, was attacked -
            # not the attacker ("the suicide bomber died in the attack")
            victims = _code_all(died, sentence, registry, on, subject=False) or [_victim(died[0], sentence.start)]
            if not any(v.sector in ATTACKERS for v in victims):
                mention.recipient = victims
        if mention.entry is not None and mention.entry.partner and not mention.recipient and len(mention.actor) < 2:
            mention.dropped = "no partner"  # "visited a refugee camp" is no CONSULT
    article.entities = registry.entities
    article.registry = registry
    return article


def _doer_of_weapon(head) -> list:
    """"Airstrikes killed dozens", "reports of airstrikes that killed dozens": a weapon or an
    attack is no doer (the events stage gives the act an unidentified one) - unless the phrase
    names its owner: "its warplanes struck", "Russian airstrikes killed"."""
    if not instrument(head):
        return [head]
    named = any(c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and (
        c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")) for c in head.children)
    return [head] if named else []  # the phrase is coded by its owner


ARMED = {"MIL", "REB", "IMG", "UAF", "GOV", "SPY", "COP"}


def _side_in_fighting(noun, sentence, registry, on) -> list:
    """"The Turks and their Arab allies moved into Afrin after seven weeks of clashes": an armed
    party or state that advances, takes or fights (`advancing` in arguments.yaml) in the clause
    an attack noun sets (its preposition hangs from the clause's verb) fought in it. Not a party
    that suffered it ("were killed in clashes", "the city fell after weeks of battles"), spoke
    of it ("denied involvement in the attack") or is unarmed ("a boy born during fighting")."""
    verb = noun
    for _ in range(4):  # "after (more than seven weeks of) clashes"
        if verb.dep_ != "pobj" or verb.head.dep_ != "prep":
            return []
        verb = verb.head.head
        if verb.pos_ in ("VERB", "AUX"):
            break
    if verb.pos_ not in ("VERB", "AUX") or not {verb.lemma_.lower(), verb.lower_} & arguments().advancing \
            or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return []
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return []
    coded = _code_all(_with_conjuncts(subjects[0]), sentence, registry, on, subject=False)
    return [a for a in coded if a.sector in ARMED or (a.in_knowledge_base and a.sector is None and a.country)]


def _not_dateline(heads: list, span: tuple[int, int] | None, sentence) -> list:
    """"LAGOS: Protesters marched", "Mosul, Iraq — Gunmen killed": a dateline is never a party
    (issue 11, item 2); the parser may hang it on the verb beside the real subject, which is
    then taken instead."""
    if span is None or not heads:
        return heads
    inside = [h for h in heads if span[0] <= sentence.start + h.idx < span[1]]
    if not inside:
        return heads
    kept = [h for h in heads if h not in inside]
    for head in inside:  # the subject beside it ("Lagos" and "Protesters" are both subjects)
        kept += [c for c in head.head.children if c.dep_ == head.dep_ and c.i != head.i
                 and not span[0] <= sentence.start + c.idx < span[1] and c not in kept]
    return kept


def _event_day(mention: Mention, article: Article) -> dt.date | None:
    value = mention.date.value
    if value and len(value) == 10:
        return dt.date.fromisoformat(value)
    if value and len(value) == 7:
        return dt.date.fromisoformat(value + "-15")
    return article.published


def _same(a, b) -> bool:
    """One party: the same words (unless of two countries: "they" for "Russia, Iran and
    Turkey"), or the same name and country."""
    return ((a.start, a.end) == (b.start, b.end) and not (a.country and b.country and a.country != b.country)) \
        or (a.name == b.name and a.country == b.country)


def _code_all(heads, sentence, registry, on, subject: bool):
    actors = []
    for head in heads:
        for actor in code_phrase(head, sentence, registry, on, subject=subject):
            if not any(_same(actor, known) for known in actors):
                actors.append(actor)
    return actors


# --- where the phrases are -------------------------------------------------------------------

def _verb_above(token, steps: int = 4):
    """The verb a prepositional phrase hangs from, through the nouns between ("works with a
    tax attorney in negotiations" -> works)."""
    for _ in range(steps):
        if token.pos_ == "VERB":
            return token
        if token.dep_ not in ("prep", "pobj") or token.head.i == token.i:
            return None
        token = token.head
    return None


def _with_conjuncts(token) -> list:
    return [token, *token.conjuncts]


def _actor_heads(trigger, mention: Mention, reporting: set[str], kb, headline: bool = False) -> list:
    if headline and bare_participle(trigger):
        # "Woman accused of attacking people": a headline's participle is passive; its subject
        # is who it was done to, never the doer
        return [p for c in trigger.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if trigger.pos_ in ("NOUN", "PROPN") and mention.object_token is None:
        slots = mention.entry.recipient if mention.entry is not None else ()
        if mention.event_type in SPOKEN_BY_PARTICIPANTS:
            reporting = set()  # "Zelenskyy emphasized ongoing talks with Washington": he is in them
            verb = _verb_above(trigger.head) if trigger.dep_ == "pobj" and trigger.head.lower_ in TAKING_PART else None
            if verb is not None:  # "works with a tax attorney in negotiations with the IRS"
                return nouns.actor_heads(trigger, kb, slots) or _verb_actor_heads(verb, reporting)
        return _noun_actor_heads(trigger, reporting, kb, slots)
    return _verb_actor_heads(trigger, reporting)


def _misparsed_passive(verb) -> bool:
    """"the British journalist taken hostage by Islamic State", "the rebels, armed and supported
    by the US": a participle with a by-agent is passive, even where the parser made its noun the
    subject of a past tense."""
    if verb.dep_ == "conj" and verb.head.dep_ in ("relcl", "acl", "advcl") and verb.head.tag_ == "VBN":
        verb_dep = verb.head.dep_  # "the rebels, armed and supported by the US"
    elif verb.dep_ == "ROOT" and verb.lower_.endswith("en") and verb.lower_ != verb.lemma_.lower():
        verb_dep = "acl"  # "the journalist taken hostage by Islamic State was freed": no past tense
    else:
        verb_dep = verb.dep_
    return verb.lower_.endswith(("en", "ed")) and verb_dep in ("relcl", "acl", "advcl") \
        and any(c.dep_ == "agent" and any(party(p) for p in c.children if p.dep_ == "pobj") for c in verb.children) \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)  # not "marched by torchlight"


def _verb_actor_heads(verb, reporting: set[str], depth: int = 0) -> list:
    if depth > 4:
        return []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or _misparsed_passive(verb)
    for child in verb.children:
        if passive and child.dep_ == "agent":
            return [t for p in child.children if p.dep_ == "pobj" for t in _with_conjuncts(p)]
        if not passive and child.dep_ in ("nsubj", "csubj"):
            if child.tag_ == "WDT" or child.lower_ in ("who", "which", "that"):
                return [verb.head] if verb.dep_ == "relcl" else []
            return _with_conjuncts(_document_owner(_named_subject(verb, child)))
    head = verb.head
    if passive:
        # "... and has been shelled": no agent named; the shared subject is the target. The
        # doer may be named on the attack that was the means ("killed in shelling by X").
        return attack_agents(verb)
    if verb.dep_ == "conj" and head is not verb:
        return _verb_actor_heads(head, reporting, depth + 1)
    if verb.dep_ == "xcomp":
        if head.lemma_ in arguments().object_control:
            objects = [c for c in head.children if c.dep_ in ("dobj", "obj", "dative")] or [
                p for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                for p in c.children if p.dep_ == "pobj"]  # "called on Russia to withdraw"
            if objects:
                return _with_conjuncts(objects[0])
        return _verb_actor_heads(head, reporting, depth + 1)
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"):
        return _verb_actor_heads(head, reporting, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ == "for":
        blamed = _blamed(head.head)
        if blamed:  # "condemned Russia for attacking Ukraine": Russia attacked
            return _with_conjuncts(blamed[0])
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "defied the norms ... by using chemical weapons to murder": the doer of the verb the
        # gerund's preposition hangs from; of a passive one, its subject ("was arrested after
        # attacking a guard")
        governor = head.head
        passive_subjects = [c for c in governor.children if c.dep_ == "nsubjpass"]
        return passive_subjects or _verb_actor_heads(governor, reporting, depth + 1)
    if verb.dep_ == "relcl":
        return [head]
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        owners = [c for c in head.children if c.dep_ == "poss"]
        if owners:
            return _with_conjuncts(owners[0])
        if head.dep_ in ("nsubj", "dobj"):
            return _verb_actor_heads(head.head, reporting, depth + 1)
    return []


def _blamed(governor) -> list:
    """Whom a verb or noun blames, praises or punishes for what the for-phrase tells: its object
    ("condemned Russia for attacking", "praised Qatar for mediating"), or the against/on phrase
    of its object ("began a legal case against Hungary for refusing"), when that names a party."""
    objects = [c for c in governor.children if c.dep_ in ("dobj", "obj")]
    holders = [governor, *objects]
    targets = objects + [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("against", "on")
                         for p in c.children if p.dep_ == "pobj"]
    return [t for t in targets if party(t)]


def _document_owner(subject):
    """"The draft resolution from western powers calls on all sides": whose the document is
    (`documents` in arguments.yaml) - its from/by/of phrase, possessor or named modifier -
    else the document itself, which the coding finds no party in."""
    if subject.lemma_.lower() not in arguments().documents:
        return subject
    for child in subject.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            owners = [p for p in child.children if p.dep_ == "pobj"]
            if owners:
                return owners[0]
    owners = [c for c in subject.children if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN")]
    return owners[0] if owners else subject


def _named_subject(verb, first):
    """"The foreign Secretary, Jeremy Hunt spoke to ...": with the closing comma missing, the
    parser gives the verb two subjects, a title and a name; the name is the doer."""
    if first.ent_type_:
        return first
    named = [c for c in verb.children if c.dep_ == "nsubj" and c.i > first.i and c.ent_type_ in ("PERSON", "ORG")]
    return named[0] if named else first


def _noun_actor_heads(noun, reporting: set[str], kb, recipient_preps: tuple[str, ...] = ()) -> list:
    """The doer of an event noun: inside its phrase (`tacitus.nouns`), else the doer of the verb
    that governs it ("Russia stepped up its attacks", "celebrated with rallies"), unless that
    verb only tells or suffers the event ("described an assault", "fled the fighting")."""
    heads = nouns.actor_heads(noun, kb, recipient_preps)
    if heads:
        return heads
    governor = noun.head
    if noun.dep_ == "pobj" and governor.lower_ in ("with", "through"):
        governor = governor.head  # "responded with air strikes": the subject did the strikes
    elif noun.dep_ not in ("dobj", "obj"):
        return []
    if governor.pos_ == "VERB" and not _observes(governor, reporting):
        return _verb_actor_heads(governor, reporting)
    return []


def _observes(verb, reporting) -> bool:
    """"described a sexual assault", "fled the fighting", "faces arrest": the subject tells,
    suffers or awaits it."""
    lemma = verb.lemma_.lower()
    return lemma in reporting or lemma in arguments().observers or lemma in arguments().facing


def _recipient_slots(trigger, mention: Mention, kb, headline: bool = False) -> list[list]:
    """Candidate recipient phrases, slot by slot in the lexicon entry's order; the first slot
    whose phrases name an actor wins. Then: a passive subject, the doer of an event noun that
    is the object ("condemned the attack", "rejected a proposal from US mediators"), and a
    named object the parser missed."""
    entry = mention.entry
    slots = entry.recipient if entry else ("dobj",)
    owners = [trigger]
    if mention.object_token is not None:
        owners.append(trigger.doc[mention.object_token])
    out = [[h for owner in owners for h in _slot(owner, slot, mention)] for slot in slots]
    if trigger.pos_ in ("NOUN", "PROPN"):
        out.insert(0, nouns.recipient_heads(trigger, kb))  # "his arrest", "the Embassy bombings"
    if mention.event_type in ASKED_OF_A_CLAUSE:
        # "demanded that Turkey withdraw", "Trump's demand that Germany repatriate": who is to act
        clauses = ("ccomp",) if trigger.pos_ in ("VERB", "AUX") else ("acl", "ccomp")
        # (a request asks the active subject only: "urged that the two fighters should not be
        # sent" asks whoever would send them; "said father and son should be reunited" backs them)
        subjects = ("nsubj",) if mention.event_type == "REQUEST" else ("nsubj", "nsubjpass")
        out.append([t for c in trigger.children if c.dep_ in clauses and c.pos_ in ("VERB", "AUX")
                    for s in c.children if s.dep_ in subjects for t in _with_conjuncts(s)])
    if trigger.pos_ in ("VERB", "AUX"):
        # (first where a misparsed participle has an object: "the journalist taken hostage")
        passive = [t for p in _passive_subjects(trigger, headline) for t in _with_conjuncts(p)
                   if not _names_the_event(t, mention)]  # "if missiles are launched": the act, no target
        out.insert(0 if _misparsed_passive(trigger) else len(out), passive)
        if mention.event_type in EMBEDDED_TARGET:
            # "pledged to put its fighters on trial", "threatened to strike Israel"
            out.append([o for x in trigger.children if x.dep_ == "xcomp" for o in objects_of(x)])
        if mention.object_token is not None:
            out.append(_noun_actor_heads(trigger.doc[mention.object_token], set(), kb))
        if "dobj" in slots:
            out.append(_entity_after(trigger))
    return out


def _passive_subjects(verb, headline: bool) -> list:
    """Who a passive verb was done to: its passive subject, that of the verb it is joined to
    ("was imprisoned and tortured"), or a headline participle's subject ("Woman accused of")."""
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not passive and ((headline and bare_participle(verb)) or _misparsed_passive(verb)):
        passive = [c for c in verb.children if c.dep_ == "nsubj"]
    if not passive and verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
            and any(c.dep_ in ("auxpass", "nsubjpass") for c in (*verb.children, *verb.head.children)):
        passive = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return passive


ATTACKERS = {"REB", "UAF", "CRM"}


def _a_place(actor: Actor) -> bool:
    return actor.sector is None and not actor.in_knowledge_base


def _died_in(noun) -> list:
    """"More than 40 people died in a strike on Douma": who died in an attack told as a noun
    (`dying` in arguments.yaml) is its victim."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("in", "during", "from", "after") \
            or prep.head.lemma_.lower() not in arguments().dying:
        return []
    return [t for s in prep.head.children if s.dep_ == "nsubj" for t in _with_conjuncts(s)]


def _unnamed_victims(trigger, mention: Mention, slots, actor_heads, offset: int) -> list:
    """"A Shands at AGH clerk was arrested", "killed two teenagers": whoever is killed, hurt,
    seized or charged is a party even when no knowledge names them - a civilian (CVL) of no known
    country. The dead, injured, arrested and abducted are recipients, never actors."""
    if trigger.lemma_.lower() not in arguments().victim_verbs or mention.event_type not in ("ASSAULT", "COERCE", "SANCTION"):
        return []
    for heads in slots:
        for head in heads:
            if head in actor_heads or head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() in arguments().abstract:
                continue
            return [_victim(head, offset)]
    return []


def _victim(head, offset: int) -> Actor:
    """A civilian party of no known country, named by the phrase of `head`."""
    tokens = phrase_tokens(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = head.doc.text[start:end]
    return Actor(name=text, text=text, sector="CVL", sectors=("CVL",), start=offset + start, end=offset + end)


def _names_the_event(obj, mention: Mention) -> bool:
    """The object a light verb realises ("launched drones") or an event noun of the verb's own
    type ("deployed troops") is the event, not its target; a noun of another type is a target
    ("killed three soldiers", where "soldier" is also a MOBILIZE noun)."""
    if obj.i != mention.object_token:
        return False
    entry = mention.entry
    if entry is None or entry.pos == "NOUN":
        return True
    return any(e.event_type == mention.event_type for e in triggers().nouns.get(obj.lemma_.lower(), ()))


def _entity_after(verb) -> list:
    """A named object the parser missed ("met Ukrainian Foreign Minister Andrii Sybiha", where
    the tagger took "Andrii" for a verb): the entity right after the verb, across titles only."""
    doc = verb.doc
    for ent in doc.ents:
        if ent.start <= verb.i or ent.label_ == "NORP":
            continue
        gap = doc[verb.i + 1:ent.start]
        if ent.label_ in ("PERSON", "ORG", "GPE") and len(gap) <= 4 and all(
                t.pos_ in ("DET", "ADJ", "PROPN") or t.ent_type_ for t in gap):
            last = ent.end - 1
            while last > ent.start and doc[last].dep_ == "case":
                last -= 1  # "Donald Trump’s": the NER may take the possessive ending in
            return [doc[last]]
        break
    return []


def _slot(owner, slot: str, mention: Mention) -> list:
    if slot == "dobj":
        return [o for o in objects_of(owner) if not _names_the_event(o, mention)] if owner.pos_ != "NOUN" else []
    found = []
    for prep in _preps(owner, depth=2):
        if prep.lower_ == slot:
            found.extend(t for p in prep.children if p.dep_ == "pobj" for t in _with_conjuncts(p))
    return found


def _preps(token, depth: int) -> list:
    """Prepositions on the token and, for nested phrases, on its objects ("pause in shipments to Kyiv")."""
    out = []
    for child in token.children:
        if child.dep_ == "prep":
            out.append(child)
            if depth > 1:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(_preps(pobj, depth - 1))
        elif child.dep_ in ("dobj", "obj") and depth > 1:
            out.extend(_preps(child, depth - 1))
    return out
