"""Stage 3 — triggers: find event mentions with the trigger lexicon (lexicon/triggers.yaml).

Three shapes of trigger:
- a verb with its own type ("Russia attacked Kharkiv"); its object noun may refine the mode
  ("proposed a ceasefire" -> REQUEST, mode yield);
- a light verb that realises an event noun ("launched 120 drones", "imposed sanctions",
  "held talks"): the noun gives type and mode, the verb gives the parties;
- a standalone event noun ("the Trump-Putin call", "Monday's attack on the port").
"""
from __future__ import annotations

from .article import Article, Mention
from .lexicon import Trigger, triggers
from .options import Options

NAME = "triggers"
REQUIRES: tuple[str, ...] = ("sentence.doc",)
ASSIGNS: tuple[str, ...] = ("article.mentions",)

OBJECT_DEPS = {"dobj", "obj", "attr", "nsubjpass"}


def run(article: Article, options: Options) -> Article:
    lexicon = triggers()
    mentions: list[Mention] = []
    for sentence in article.sentences:
        if sentence.doc is None:
            continue
        used: set[int] = set()
        for token in sentence.doc:
            if _modifier(token) or _state_of_mind(token, lexicon):
                continue  # "US-backed rebels", "forces loyal to": a standing relation, not an event
            if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB")):
                found = _verb_mentions(token, lexicon, used) or _obliging_mention(token, lexicon) \
                    or _disparaging_mention(token, lexicon)
                for mention in found:
                    mention.sentence = sentence.index
                    mentions.append(_place(mention, sentence, token))
        for token in sentence.doc:
            if token.pos_ in ("NOUN", "PROPN") and token.i not in used:
                mention = _noun_mention(token, lexicon)
                if mention:
                    mention.sentence = sentence.index
                    mentions.append(_place(mention, sentence, token))
    article.mentions = mentions
    return article


def _modifier(token) -> bool:
    return token.dep_ in ("amod", "compound") or (token.dep_ == "acl" and token.tag_ == "VBN")


def _state_of_mind(token, lexicon) -> bool:
    """"Moscow feels threatened by Iran", "the Kurds felt betrayed": a participle after a verb of
    seeming (`stative` in triggers.yaml) tells how someone feels, not that anyone acted."""
    if token.tag_ != "VBN" or any(c.dep_ == "aux" and c.lower_ in ("to", "have", "has", "had") for c in token.children):
        return False  # "Russia seems to have attacked the convoy": an act, only hedged
    if token.dep_ in ("acomp", "oprd", "xcomp") and token.head.lower_ in lexicon.stative:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in lexicon.stative for c in token.children)


def _place(mention: Mention, sentence, token) -> Mention:
    mention.trigger_start = sentence.start + token.idx
    mention.trigger_end = mention.trigger_start + len(token.text)
    mention.trigger_token = token.i
    return mention


def objects_of(verb) -> list:
    """The verb's direct objects, with their conjuncts ("drones and missiles"); for a relative
    clause with a subject of its own and no object, or a relative pronoun for one, the noun it
    hangs from ("a post he has occupied", "the massacres that the regime committed")."""
    out = []
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS and child.dep_ != "nsubjpass":
            if child.lower_ in ("that", "which", "whom") and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                child = verb.head  # "the massacres that the regime committed": the massacres
            out.append(child)
            out.extend(t for t in child.conjuncts)
    if not out and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") and not any(
            c.dep_ == "prep" and not any(p.dep_ == "pobj" for p in c.children) for c in verb.children) and any(
            c.dep_ == "nsubj" and c.lower_ not in ("who", "that", "which") for c in verb.children):
        out.append(verb.head)
    return out


def _says_nothing(verb, lexicon) -> bool:
    """"refused to comment", "declined an interview", "refused to put their names to it": no
    refusal of anything political (`unsaid` in triggers.yaml); but "refused to respond to a
    demand" refuses the demand."""
    if verb.lemma_.lower() not in ("refuse", "decline"):
        return False
    unsaid = lexicon.unsaid
    for clause in (c for c in verb.children if c.dep_ == "xcomp"):
        if clause.lemma_.lower() not in unsaid.verbs and not any(
                o.dep_ in ("dobj", "obj") and _unsaid_noun(o, unsaid) for o in clause.children):
            continue
        asked = [p for prep in clause.children if prep.dep_ == "prep" for p in prep.children
                 if p.dep_ == "pobj" and any(e.event_type == "REQUEST" for e in lexicon.nouns.get(_lemma(p), ()))]
        return not asked
    return any(c.dep_ in ("dobj", "obj") and _unsaid_noun(c, unsaid) for c in verb.children)


def _unsaid_noun(noun, unsaid) -> bool:
    """"an interview", "their names" - a name only one's own ("refused to recognise the name of
    the republic" refuses the name)."""
    lemma = noun.lemma_.lower()
    return lemma in unsaid.nouns or (lemma in unsaid.own and any(c.dep_ == "poss" for c in noun.children))


def _asks_a_question(verb) -> bool:
    """"'How many shares will be left?' he asked", "asked Putin whether the talks would resume":
    a question, not a request - a clause asked that is a question, and nothing asked for
    ("asked Washington to help", "asked for aid")."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if not clauses or any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in verb.children):
        return False
    return any(any(t.lower_ in ("whether", "if") and t.dep_ == "mark" for t in c.children)
               or any(t.text == "?" for t in c.subtree) for c in clauses)


def _fits(obj, allowed: frozenset[str]) -> bool:
    """An object fits an entry's list by lemma or form ("reservists"), by a noun modifying it
    ("mediation efforts", "arms shipments"), or as a named person when the list says "@person"."""
    if _lemma(obj) in allowed or obj.lower_ in allowed:
        return True
    if any(c.dep_ == "compound" and _lemma(c) in allowed for c in obj.children):
        return True
    return "@person" in allowed and obj.ent_type_ == "PERSON"


# heads of "700 kg of medicine", "hundreds of prisoners", "a barrage of missiles": the noun
# after "of" is what the verb acts on
QUANTITY_HEADS = {"hundred", "thousand", "dozen", "million", "billion", "ton", "tonne", "kg", "kilogram",
                  "kilo", "pound", "barrel", "litre", "liter", "gallon", "number", "wave", "barrage",
                  "series", "string", "spate", "volley", "salvo", "batch", "round", "lot", "group", "worth",
                  "amount", "consignment", "load", "truckload", "planeload", "couple", "handful", "score",
                  "total", "part", "portion", "some", "all", "most", "many", "team", "mission", "delegation",
                  "contingent", "day", "week", "month", "dozens", "hundreds", "thousands", "millions"}


def _through_quantities(objects: list) -> list:
    out = []
    for obj in objects:
        out.append(obj)
        if obj.tag_ == "CD" or _lemma(obj) in QUANTITY_HEADS:
            out.extend(p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                       for p in prep.children if p.dep_ == "pobj")
    return out


def _particle_objects(verb, entry) -> list:
    """"went on strike": the noun hangs off the particle, not the verb."""
    if not entry.particle:
        return []
    return [p for prep in verb.children if prep.lower_ == entry.particle for p in prep.children if p.dep_ == "pobj"]


ADVERB_PARTICLES = {"in", "up", "down", "out", "off", "back", "away", "over", "aside", "through"}


def _particle(verb) -> tuple[set[str], dict]:
    """The particles and prepositions after the verb ("called for", "stepped down"); "On Friday,
    X called ..." and "called on Friday for ..." give no "on": a date is no particle. An adverb
    particle read as a preposition ("gave birth in the camp", "called in the army") is only a
    weak one: it counts for an entry whose object list takes its noun (see `_in_order`)."""
    strong, weak = set(), {}
    for child in verb.children:
        if child.dep_ not in ("prt", "prep", "advmod") or child.i < verb.i:
            continue
        objects = [p for p in child.children if p.dep_ == "pobj"]
        if any(p.ent_type_ in ("DATE", "TIME") for p in objects):
            continue
        if child.dep_ == "prep" and objects and child.lower_ in ADVERB_PARTICLES:
            weak[child.lower_] = objects
        else:
            strong.add(child.lower_)
    return strong, weak


CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "csubjpass"}


def near(token, depth: int = 3) -> set[str]:
    """Lemmas and lower-case forms of the words in the trigger's own phrase (its dependents,
    `depth` levels down, not into another clause): where the sense of an ambiguous form shows
    ("pleaded not guilty", "took responsibility for the attack", "a gas explosion")."""
    out: set[str] = set()
    frontier = [token]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children if c.dep_ not in CLAUSAL or (
            c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX"))]  # "physical and sexual abuse"
        out.update(w for c in frontier for w in (c.lower_, c.lemma_.lower()))
    return out


def _passive_subjects(verb) -> list:
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects and verb.dep_ == "conj" and verb.head is not verb \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children):
        subjects = [c for c in verb.head.children if c.dep_ == "nsubjpass"]  # "was expanded and reinforced"
    return [t for s in subjects for t in (s, *s.conjuncts)]


def _subject_fits(verb, allowed: frozenset[str], depth: int = 0) -> bool:
    """The verb's doer (subject, or passive agent) is one of `allowed` ("a bomb exploded", "a
    roadside device that went off"); '@passive' lets an agentless passive clause through."""
    for child in verb.children:
        heads = [child] if child.dep_ == "nsubj" else (
            [p for p in child.children if p.dep_ == "pobj"] if child.dep_ == "agent" else [])
        for head in heads:
            if head.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
                head = verb.head
            if {_lemma(head), head.lower_} & allowed or any(
                    _lemma(c) in allowed for c in head.children if c.dep_ == "compound"):
                return True
        if heads:
            return False
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return _lemma(verb.head) in allowed  # "a device exploding outside the embassy"
    if verb.dep_ == "conj" and depth < 3:
        return _subject_fits(verb.head, allowed, depth + 1)
    return "@passive" in allowed and bool(_passive_subjects(verb) or any(
        c.dep_ == "auxpass" for c in verb.children))


def _senses_fit(token, entry: Trigger, objects: list | None) -> bool:
    """The entry's sense constraints: its object (verbs; a noun's `objects` are its complements,
    see `_noun_complement`), its neighbouring words and its subject."""
    if objects is not None:
        if entry.objects and not _objects_fit(token, entry.objects, objects):
            return False
        if entry.not_objects and any(_lemma(o) in entry.not_objects for o in objects):
            return False
    if entry.words or entry.not_words:
        around = near(token)
        if objects is None and token.head is not token:  # a noun: its verb too ("made a killing")
            around |= {token.head.lower_, token.head.lemma_.lower()}
            # and the verb's prepositions, which the parser hangs there as often as on the noun
            # ("expressed regret at his departure")
            around |= {c.lower_ for c in token.head.children if c.dep_ == "prep" and token.dep_ == "dobj"}
        if entry.words and not around & entry.words:
            return False
        if around & entry.not_words:
            return False
    if entry.not_subjects and _subject_fits(token, entry.not_subjects):
        return False
    return not entry.subjects or _subject_fits(token, entry.subjects)


def _objects_fit(verb, allowed: frozenset[str], objects: list) -> bool:
    if any(_fits(o, allowed) for o in objects):
        return True
    if "@none" in allowed and not objects:
        return True
    return "@passive" in allowed and any(c.dep_ == "auxpass" for c in verb.children)


def _verb_mentions(verb, lexicon, used: set[int]) -> list[Mention]:
    entries = lexicon.verbs.get(verb.lemma_.lower()) or lexicon.verbs.get(verb.lower_)
    if not entries:
        return []
    # a passive clause's subject is what the verb acts on: "sanctions were imposed",
    # "three men were questioned", "the prisoners were released"
    objects = _through_quantities(objects_of(verb) + _passive_subjects(verb))
    out = []
    for entry in _in_order(verb, entries):
        if entry is None:
            break  # "press ahead with": a particle that blocks the verb's other senses
        candidates = objects + _particle_objects(verb, entry)
        if not _senses_fit(verb, entry, candidates):
            continue
        if entry.event_type is None:
            if entry.realises:
                out.extend(_realised(verb, entry, candidates, lexicon, used))
                if out:
                    break  # "strike a deal" realised: no other reading of the verb
            continue
        if _says_nothing(verb, lexicon) or (entry.event_type == "REQUEST" and _asks_a_question(verb)):
            break
        if not _complemented(verb, entry, objects):
            continue  # "..., an opposition leader, agreed.": concurrence, not an agreement
        mention = Mention(sentence=-1, trigger_start=0, trigger_end=0, trigger_token=verb.i,
                          event_type=entry.event_type, mode=entry.mode, context=entry.context,
                          entry=entry)
        _refine_by_object(mention, candidates + _clause_objects(verb), lexicon, used)
        if mention.event_type in ("REQUEST", "REJECT") and not mention.mode:
            mention.mode = _asked_mode(verb, lexicon)
        out.append(mention)
        break
    return out


def _in_order(verb, entries: list[Trigger]) -> list:
    """The entries with the verb's particle first ("called off", "took to the streets"), then
    the plain ones ("taken to court" is still "take" + court); None marks a blocking particle."""
    strong, weak = _particle(verb)
    with_particle = [e for e in entries if e.particle and (e.particle in strong or (
        e.particle in weak and e.objects and any(_fits(o, e.objects) for o in weak[e.particle])))]
    blocked = [None] if any(e.event_type is None and not e.realises for e in with_particle) else []
    return with_particle + blocked + [e for e in entries if not e.particle]


def _obliging_mention(verb, lexicon) -> list[Mention]:
    """"Russia said Sudan must return the helicopter": a request by the speaker to whoever
    must act (manual, REQUEST: "All requests, demands, and orders"), not when the speaker
    obliges itself ("we must stay vigilant")."""
    ob = lexicon.obliging
    if ob is None or verb.lemma_.lower() not in ob.verbs:
        return []
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]  # "X must be brought to justice": asked of nobody named
        acts = [clause] + [c for c in clause.children if c.dep_ == "xcomp"]  # "must be able to ensure"
        if any(a.dep_ == "aux" and a.lower_ in ob.modals for a in clause.children) and subjects and not any(
                s.lower_ in ob.not_subjects for s in subjects) and not any(c.dep_ == "neg" for c in clause.children) \
                and any(a.lemma_.lower() in lexicon.verbs for a in acts):
            mention = Mention(sentence=-1, trigger_start=0, trigger_end=0, trigger_token=verb.i,
                              event_type="REQUEST", entry=ob.entry)
            mention.mode = _asked_mode(verb, lexicon)
            return [mention]
    return []


def _disparaging_mention(verb, lexicon) -> list[Mention]:
    """"Clinton said Trump was unfit to lead", "the minister said the Kremlin's claims were
    lies": a criticism by the speaker of the party the clause speaks of (manual, ACCUSE:
    "criticize"). The clause's subject must name a party (a name or a person pronoun) other than
    the speaker, the pejorative (`disparaging` in triggers.yaml) must be said in the clause
    itself (not in a clause under it: "said Russia would stay to fight 'terrorists'"), and the
    clause must not be negated ("said Trump was not a liar")."""
    dis = lexicon.disparaging
    if dis is None or verb.lemma_.lower() not in dis.verbs or not any(
            c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN", "PRON") for c in verb.children):
        return []
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        named = [s for s in subjects if _party_word(s) or any(c.dep_ == "poss" and _party_word(c) for c in s.children)]
        # the pejorative is said in the clause itself, not in a clause under it ("would retain a
        # force to fight terrorists", "after becoming incensed by Isis propaganda")
        said = [t for t in clause.subtree if (t.lemma_.lower() in dis.words or t.lower_ in dis.words)
                and not _below_clause(t, clause)]
        speaker = {c.lower_ for c in verb.children if c.dep_ == "nsubj"}
        named = [s for s in named if s.lower_ not in speaker]  # "she said she was ...": of herself
        if named and said and not any(c.dep_ == "neg" for c in clause.children):
            return [Mention(sentence=-1, trigger_start=0, trigger_end=0, trigger_token=verb.i,
                            event_type="ACCUSE", mode="disapprove", entry=dis.entry)]
    return []


def _below_clause(token, clause) -> bool:
    """Whether a clause of its own lies between the token and `clause` above it."""
    while token.i != clause.i and token.head.i != token.i:
        if token.dep_ in ("advcl", "xcomp", "relcl", "acl", "ccomp", "csubj", "pcomp"):
            return True
        token = token.head
    return False


def _party_word(token) -> bool:
    """A name, a person pronoun or a name the knowledge base knows (the tagger takes "Trump" for
    a noun)."""
    from .knowledge import knowledge
    return token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") \
        or token.lower_ in ("he", "she", "they") or knowledge().lookup(token.text) is not None


def _complemented(verb, entry: Trigger, objects: list) -> bool:
    if entry.complement == "clause":
        return any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
    return not entry.complement or bool(objects) or any(
        c.dep_ in ("xcomp", "ccomp", "prep", "dative") for c in verb.children)


def _realised(verb, entry: Trigger, objects, lexicon, used: set[int]) -> list[Mention]:
    """A light verb: the first object that is an event noun names the event."""
    for obj in objects:
        for noun in lexicon.nouns.get(_lemma(obj), ()):
            if noun.event_type not in entry.realises:
                continue
            if noun.objects and not _noun_complement_ok(obj, noun):
                continue
            if not _senses_fit(obj, noun, None):
                continue  # "maintained a presence" is no military presence without "military"
            if obj.dep_ == "nsubjpass" and _has_doer(obj):
                continue  # "Sunday's attack by the rebels was carried out": the noun tells it all
            used.update(o.i for o in objects)
            mention = Mention(sentence=-1, trigger_start=0, trigger_end=0, trigger_token=verb.i,
                              event_type=noun.event_type, mode=noun.mode, context=noun.context,
                              entry=noun, object_token=obj.i)
            _compound_reading(mention, obj, noun)
            return [mention]
    return []


TOPIC_OF_TYPE = {"RETREAT": "yield", "CONCEDE": "yield", "AID": "assist", "COOPERATE": "assist",
                 "CONSULT": "meet", "AGREE": "meet"}


def _asked_mode(verb, lexicon) -> str | None:
    """"demanded that Turkey withdraw" -> yield; "asked Washington to send aid" -> assist."""
    for clause in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        for entry in lexicon.verbs.get(clause.lemma_.lower(), ()):
            if entry.event_type in TOPIC_OF_TYPE:
                return TOPIC_OF_TYPE[entry.event_type]
    return None


def _clause_objects(verb) -> list:
    """What an asking verb asks for when it has no noun object: "urged both sides to agree to
    a ceasefire" -> ceasefire."""
    out = []
    for xcomp in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        out += objects_of(xcomp)
        out += [p for prep in xcomp.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"]
    return out


def _refine_by_object(mention: Mention, objects, lexicon, used: set[int]) -> None:
    """REQUEST / REJECT / AGREE take their mode and context from what is asked or refused."""
    for obj in objects:
        nouns = lexicon.nouns.get(_lemma(obj), ())
        if not nouns:
            continue
        noun = nouns[0]
        if not (mention.event_type in REACTIONS and noun.standalone and _has_doer(obj)):
            used.add(obj.i)  # "condemned Russia's attack on Kyiv": the attack is an event too
        mention.object_token = obj.i
        if mention.event_type in ("REQUEST", "REJECT") and noun.topic and not mention.mode:
            mention.mode = noun.topic
        mention.context = tuple(dict.fromkeys(mention.context + noun.context))
        return


REACTIONS = {"ACCUSE", "SUPPORT"}


def _has_doer(noun) -> bool:
    """The event noun names its own doer: "Russia's attack", "the attack by militants"."""
    return any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") or (
        c.dep_ in ("compound", "amod") and c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"))
        for c in noun.children)


def _noun_mention(noun, lexicon) -> Mention | None:
    for entry in lexicon.nouns.get(_lemma(noun), ()):
        complement = _noun_complement(noun, entry) if entry.objects else None
        if entry.objects and complement is None:
            continue
        if not entry.standalone and not entry.objects:
            continue
        if entry.partner and not _has_partner(noun):
            continue
        if noun.dep_ in ("compound", "oprd"):
            continue  # "attack helicopters", "talks process": a modifier; "called it an attack": a label
        if not _senses_fit(noun, entry, None):
            continue  # "a gas explosion", "the firing of the director"
        mention = Mention(sentence=-1, trigger_start=0, trigger_end=0, trigger_token=noun.i,
                          event_type=entry.event_type, mode=entry.mode, context=entry.context,
                          entry=entry)
        _compound_reading(mention, noun, entry)
        if complement is not None and entry.event_type in ("REQUEST", "REJECT"):
            _refine_by_object(mention, [complement], lexicon, set())  # "calls for a ceasefire"
            mention.object_token = None
        return mention
    return None


def _compound_reading(mention: Mention, noun, entry: Trigger) -> None:
    """"hunger strike", "general strike": a modifier that changes what the noun means."""
    modifiers = {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")}
    for word, event_type, mode in entry.compounds:
        if word in modifiers:
            mention.event_type, mention.mode = event_type, mode
            return


def _has_partner(noun) -> bool:
    """"talks with Kyiv", "a call between the leaders", "the Trump-Putin call"."""
    if any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in noun.children):
        return True
    left = [t for t in noun.subtree if t.i < noun.i]
    names = [t for t in left if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "GPE", "ORG", "NORP")]
    return len(names) >= 2


def _noun_complement_ok(noun, entry: Trigger) -> bool:
    return _noun_complement(noun, entry) is not None


def _noun_complement(noun, entry: Trigger):
    """"a pause in weapons shipments": the noun's prepositional complement must fit."""
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                words = {_lemma(pobj)} | {_lemma(c) for c in pobj.children if c.dep_ == "compound"}
                if words & entry.objects:
                    return pobj
    return None


def _lemma(token) -> str:
    lemma = token.lemma_.lower()
    return token.lower_ if token.lower_ in ("talks", "arms", "troops") else lemma
