"""Stage 6 — modality: PLOVER's auxiliary modes, so that no negated, conditional or wished-for
clause is output as a plain event (manual, section "Auxiliary modes").

- negated: "not", "never", "no", or under a verb that negates its clause ("refused to meet",
  "denied that Russia had targeted..."). A negated yield ("would not abandon its objectives")
  is coded as the refusal it is: REJECT, mode yield, and no longer negated.
- hypothetical: "if"/"unless"/"until" clauses ("until the militia releases its prisoners"),
  purpose clauses ("in order to punish", "so that they cannot return"), the modals
  may/might/could/should, a "would" that is not reported speech, and clauses under verbs of
  asking, wanting and threatening ("urged Russia to withdraw": the withdrawal has not happened).
- future: will/shall, "going to", "plan to", intent nouns ("Russia's intent to pursue talks"),
  and "would" in reported speech ("said it would not ...").
- historical is set from the event date by the events stage.

Announced acts are coded as the verbal act the announcement is (manual, "Auxiliary modes": the
single category, not a category + auxiliary mode): a future retreat is a CONCEDE (manual,
RETREAT and CONCEDE, "Announcements of future retreats"), a future attack, arrest, sanction or
protest by the one who announces it a THREATEN ("vowed to carry out more attacks"; THREATEN:
"coercive or forceful warnings"). Future cooperation becomes AGREE in the events stage.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .article import Article, Mention
from .calendars import plausible
from .knowledge.arguments import arguments
from .lexicon import triggers
from .options import Options
from .records import Modality
from .temporal import expression_kind

NAME = "modality"
REQUIRES: tuple[str, ...] = ("article.mentions", "mention.date")
ASSIGNS: tuple[str, ...] = ("mention.modality", "mention.dropped", "mention.asked_by")

NEGATORS = {"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor", "without"}
HYPOTHETICAL_MODALS = {"may", "might", "could", "should", "must", "ought"}
FUTURE_MODALS = {"will", "shall", "'ll", "wo"}
CONDITIONALS = {"if", "unless", "whether", "lest", "until", "till"}
PURPOSE_MARKS = ({"so", "that"}, {"in", "order"})  # "so that X cannot ...", "in order that"
# (not "escape": "fled to escape Isis's assault" - one escapes an attack that takes place)
PREVENTING = {"spare", "avoid", "avert", "prevent", "thwart", "foil", "forestall", "preempt"}
INDEPENDENT_MARKS = {"after", "before", "when", "because", "since", "as", "while", "although", "though", "once"}
INTENT_NOUNS = {"intent", "intention", "plan", "readiness", "willingness", "pledge", "promise",
                "bid", "effort", "attempt", "offer", "proposal", "hope", "goal", "aim", "threat",
                "ability", "capacity", "call", "demand", "request", "push", "invitation", "appeal",
                "ultimatum", "deadline", "bid", "chance", "right", "permission", "order"}
# of those, the ones whose clause is only asked for, proposed or possible, not promised by its doer
# ("the proposal that the OPCW visit Douma" commits nobody to a visit)
ASKED_NOUNS = {"ability", "capacity", "call", "demand", "request", "push", "threat", "attempt", "bid",
               "effort", "invitation", "appeal", "ultimatum", "deadline", "chance", "right",
               "permission", "order", "proposal"}
YIELD_TOPICS = {"REJECT": "yield"}
# "refusal to accept", "failure to reach": the clause under these nouns did not happen
NEGATING_NOUNS = {"refusal", "failure", "reluctance", "unwillingness", "inability", "rejection"}
# the types of verbs whose clause is only asked for or threatened: not an event of its own
ASKING = {"REQUEST", "THREATEN"}
# an attempted attack or arrest is an act (manual, ASSAULT mode targeted: "successful and
# attempted assassinations"); an attempt to meet or agree is not yet a meeting or an agreement
# (the verbs of trying: `attempts` in arguments.yaml)
ATTEMPTED_ACTS = {"ASSAULT", "COERCE", "PROTEST"}


def run(article: Article, options: Options) -> Article:
    lexicon = triggers()
    anchor = plausible(article.published or options.published)  # as the dates stage has it
    reporting = set(lexicon.reporting)
    threatened: set[tuple[int, int | None]] = set()
    for mention in article.mentions:
        doc = article.sentences[mention.sentence].doc
        trigger = doc[mention.trigger_token]
        mention.modality, conditioned, asker = _modality(trigger, lexicon, reporting, mention.event_type,
                                                         withdrawal=(mention.event_type, mention.mode) == ("RETREAT", "withdraw"))
        mention.asked_by = asker.i if asker is not None else None
        mention.modality = _noun_modality(mention, doc, mention.modality)
        if _dated_ahead(mention, article, anchor) or _withdrawal_announced(mention, trigger):
            mention.modality = replace(mention.modality, future=True)
        _convert_negated(mention)
        if _convert_announced(mention, trigger, conditioned) == "THREATEN":
            threatened.add((mention.sentence, _announcer(trigger)))
    for mention in article.mentions:  # "vowed/promised to retaliate": a threat, not a pledge
        if mention.event_type == "AGREE" and (mention.sentence, mention.trigger_token) in threatened:
            mention.dropped = "a threat, not a pledge"
        elif _obliges_itself(mention):
            mention.dropped = "the speaker's own obligation"
        elif _general_remark(article.sentences[mention.sentence].doc[mention.trigger_token]):
            mention.dropped = "a general remark"
    return article


def _withdrawal_announced(mention: Mention, trigger) -> bool:
    """"Trump announced a rapid troop withdrawal": a withdrawal announced (`announcing` in
    arguments.yaml) is not yet made (manual, CONCEDE) - the noun as the announcing verb's
    object, or realised by it. ("announced he was withdrawing": `_embedding`.)"""
    if (mention.event_type, mention.mode) != ("RETREAT", "withdraw"):
        return False
    announcing = arguments().announcing
    if mention.object_token is not None:
        return trigger.lemma_.lower() in announcing
    return trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in announcing


def _dated_ahead(mention: Mention, article: Article, anchor: dt.date | None) -> bool:
    """Its own sentence dates it after publication (`anchor`, the day the dates stage resolved
    against: "talks resume in Geneva on 28 November", published on the 20th; "arrests in the
    future"): it has not happened yet. A period counts from its first day, so "this month" and
    "this year" are not ahead."""
    date = mention.date
    if anchor is None or date is None or not date.text or not date.value:
        return False
    sentence = article.sentences[mention.sentence]
    if date.start is None or not sentence.start <= date.start < sentence.end:
        return False  # a date inherited from another sentence says nothing of this one's tense
    if mention.modality.future or mention.modality.hypothetical or mention.modality.negated:
        return False
    if expression_kind(date.text) == "future_ref":
        return True  # "in the future", "soon" ("soon after" is a past reference): no day of its own
    value = date.value[:10]
    first = value + {4: "-01-01", 7: "-01"}.get(len(value), "")
    try:
        return dt.date.fromisoformat(first) > anchor
    except ValueError:
        return False


def _general_remark(trigger) -> bool:
    """"People who falsely accuse others of crimes are not deterred": a present-tense clause
    describing a bare generic noun, anyone at all, not someone who did it ("police arrested
    people who attacked a mosque on Friday" tells an attack)."""
    from .dates import tense_of
    if trigger.dep_ != "relcl" or trigger.head.lemma_.lower() not in arguments().generic_doers:
        return False
    if tense_of(trigger) == "past":
        return False
    return not any(c.dep_ in ("det", "nummod", "poss", "amod", "compound") for c in trigger.head.children)


def _obliges_itself(mention: Mention) -> bool:
    """"Germany must be able to ensure ...", said the German minister: no request to anyone."""
    if getattr(mention.entry, "id", None) != "obliging" or not mention.recipient:
        return False
    own = {a.country for a in mention.actor if a.country}
    return bool(own) and all(r.country in own for r in mention.recipient)


# "a possible Turkish incursion", "the planned withdrawal": the noun's own modifier says it
HYPOTHETICAL_MODIFIERS = {"possible", "potential", "threatened", "feared", "likely", "hypothetical",
                          "proposed", "alleged"}
FUTURE_MODIFIERS = {"planned", "imminent", "expected", "looming", "future", "upcoming", "forthcoming",
                    "anticipated", "impending", "scheduled"}


def _noun_modality(mention: Mention, doc, modality: Modality) -> Modality:
    """What the event noun's own words say: "no sympathy" (negated), "a possible incursion"
    (hypothetical), "the planned withdrawal" (future); for a light verb, its noun's words."""
    token = doc[mention.object_token] if mention.object_token is not None else doc[mention.trigger_token]
    if token.pos_ not in ("NOUN", "PROPN"):
        return modality
    if _sought(token):
        return Modality(negated=modality.negated, hypothetical=True, future=modality.future)
    words = {c.lower_ for c in token.children if c.dep_ in ("amod", "det", "compound")}
    if "no" in words and mention.object_token is not None and not modality.negated:
        return Modality(negated=True, hypothetical=modality.hypothetical, future=modality.future)
    if words & HYPOTHETICAL_MODIFIERS and token.i == mention.trigger_token:
        return Modality(negated=modality.negated, hypothetical=True, future=modality.future)
    if words & FUTURE_MODIFIERS and token.i == mention.trigger_token and not modality.hypothetical:
        return Modality(negated=modality.negated, hypothetical=False, future=True)
    return modality


def _sought(noun) -> bool:
    """"A reward for information leading to the arrest and conviction of ...": sought, not made
    (`sought_through` in knowledge/data/arguments.yaml)."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    to = noun.head
    return (noun.dep_ == "pobj" and to.lower_ == "to" and to.head.lemma_.lower() == "lead"
            and to.head.dep_ == "acl" and to.head.head.lemma_.lower() in arguments().sought_through)


def _announcer(trigger) -> int | None:
    """The verb whose clause announces the trigger's ("vowed" in "vowed to strike back")."""
    clause = _clause(trigger)
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    return clause.head.i if clause.dep_ in ("xcomp", "ccomp") else None


def _modality(trigger, lexicon, reporting: set[str], event_type: str,
              withdrawal: bool = False) -> tuple[Modality, bool, object]:
    """The trigger's modality; whether it is announced on a condition ("will withdraw its
    peacekeepers unless ...", "may halt mediation if ...": a threat, manual THREATEN); and the
    request or threat verb (a token) whose clause it only is ("urged Jordan to reopen"), or None."""
    negated = _negated_here(trigger)
    hypothetical = future = False
    for aux in _auxiliaries(trigger):
        word = aux.lower_
        if word in HYPOTHETICAL_MODALS:
            hypothetical = True
        elif word in FUTURE_MODALS:
            future = True
        elif word == "would":
            if _reported(trigger, reporting):
                future = True
            else:
                hypothetical = True
    clause = _clause(trigger)
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if marks & CONDITIONALS or any(purpose <= marks for purpose in PURPOSE_MARKS):
        hypothetical = True
    if _subjunctive(clause):
        hypothetical = True  # "demanded ... that Israel ease restrictions": asked for, not done
    if trigger.pos_ in ("VERB", "AUX") and _yes_no_question(clause):
        hypothetical = True  # "Can the UN accept people who have accepted war crimes?"
    if _prospect(trigger, event_type):
        hypothetical = True  # "Rojava faces invasion", "the journalist risks arrest": a prospect
    conditioned = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONALS for m in c.children)
                      for c in clause.children) and (future or hypothetical)
    if conditioned or _conditional_above(clause):
        hypothetical = True  # "would sign a treaty if Baku recognised ...", "unless he agrees to step down"
    embedded, under_negation, asker = _embedding(trigger, lexicon, retreat=withdrawal)
    if asker is not None:
        embedded = "hypothetical"
    if embedded == "attempted":
        embedded = None if event_type in ATTEMPTED_ACTS else "hypothetical"
    if embedded == "decided":
        # "the decision to withdraw US troops": a retreat decided is one announced, not yet made
        # (manual, RETREAT and CONCEDE: announcements of future retreats are CONCEDE); a
        # decision to impose sanctions or to arrest is the act itself
        embedded = "future" if event_type == "RETREAT" else None
    hypothetical = hypothetical or embedded == "hypothetical"
    future = future or embedded == "future"
    negated = negated != under_negation if (negated or under_negation) else False
    if embedded == "negated":
        negated = True
    return Modality(negated=negated, hypothetical=hypothetical, future=future), conditioned, asker


PROSPECTS = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}


def _prospect(trigger, event_type: str) -> bool:
    """An attack, arrest, sanction or mobilisation that a party faces, risks or fears in the
    present: not one going on ("we are facing severe fighting") or faced in the past ("faced
    arrest in 2015"), nor criticism or protests faced, which are going on."""
    verb = trigger.head
    return (trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and event_type in PROSPECTS
            and verb.lemma_.lower() in arguments().facing and verb.tag_ in ("VBZ", "VBP", "VB"))


def _yes_no_question(clause) -> bool:
    """A question that asks whether the act happens, its auxiliary before its subject ("Can the
    UN accept ...?", "Will Turkey attack?"), not one that takes it as given ("Why did Russia
    attack?")."""
    sentence = clause.sent
    if not sentence.text.rstrip(" \"'”’").endswith("?") or clause.dep_ != "ROOT":
        return False
    subjects = [c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    auxiliaries = [c.i for c in clause.children if c.dep_ in ("aux", "auxpass")]
    wh = any(t.tag_ in ("WRB", "WP", "WDT", "WP$") for t in sentence if t.i < clause.i)
    return bool(subjects and auxiliaries) and min(auxiliaries) < min(subjects) and not wh


def _subjunctive(clause) -> bool:
    """A that-clause in the bare form with a singular subject ("that Israel ease", "that he
    resign"): the mandative subjunctive of demands and proposals, never a plain report."""
    if clause.dep_ != "ccomp" or clause.tag_ not in ("VB", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in clause.children):
        return False
    subjects = [c for c in clause.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(s.tag_ in ("NN", "NNP") or s.lower_ in ("he", "she", "it")
                                  for s in subjects) and not any(s.conjuncts for s in subjects)


def _conditional_above(clause) -> bool:
    """The clause is inside an if/unless/until clause, however deep ("unless the president
    agrees to step down": the stepping down is as conditional as the agreeing; "if she had the
    chance to speak to the prime minister")."""
    token = clause
    for _ in range(5):
        if token.dep_ not in ("xcomp", "ccomp", "conj", "acl", "pcomp", "pobj", "prep", "dobj", "attr") \
                or token.head is token:
            return False
        token = token.head
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONALS for c in token.children):
            return True
    return False


# "after the bombings", "protests over the killing": an event named in such a phrase happened,
# whatever the clause around it says ("seeking to show support after the bombings")
INDEPENDENT_PREPS = {"after", "following", "since", "despite", "amid", "amidst", "during", "over"}
# the occasion an act was not done at still took place ("were not spelled out by the two leaders
# at the summit"); a clause that is only hoped for or planned still makes it so
OCCASION_PREPS = {"at"}


def _clause(token):
    """The verb heading the clause the trigger is in (itself for a verb, and for an event noun
    in a phrase that takes it as given, see INDEPENDENT_PREPS)."""
    while token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "obj", "pobj", "nsubj", "nsubjpass", "attr"):
        if token.dep_ == "pobj" and token.head.lower_ in INDEPENDENT_PREPS:
            break
        token = token.head if token.dep_ != "pobj" else token.head.head
        if token.head is token:
            break
    return token


def _auxiliaries(trigger):
    clause = _clause(trigger)
    out = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if clause.dep_ == "xcomp":  # "is going to attack", "will have to withdraw"
        out += [c for c in clause.head.children if c.dep_ in ("aux", "auxpass")]
    if clause.dep_ == "conj":
        out += [c for c in clause.head.children if c.dep_ in ("aux", "auxpass")]
    return out


def _negated_here(trigger) -> bool:
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "pobj" and trigger.head.lower_ in OCCASION_PREPS:
        return False
    clause = _clause(trigger)
    if trigger is not clause and clause.lemma_.lower() in PREVENTING:
        return True  # "the town was spared an assault", "police foiled an attack"
    for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.lower_ in ("nobody", "none", "neither", "nothing") or any(
                d.dep_ in ("det", "preconj") and d.lower_ in ("no", "neither") for d in subject.children):
            return True  # "Neither government has announced new talks"
    owners = [clause, trigger] + ([clause.head] if clause.dep_ == "conj" else [])
    for owner in owners:
        for child in owner.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no" and owner is trigger):
                return True
    return False


def _reported(trigger, reporting: set[str]) -> bool:
    clause = _clause(trigger)
    while clause.dep_ == "xcomp" and clause.head is not clause:
        clause = clause.head  # "said it would continue to attack": the "would" is on "continue"
    return clause.dep_ in ("ccomp", "conj") and clause.head.lemma_.lower() in reporting | {"make", "clear", "vow", "promise", "pledge", "insist", "agree", "decide"}


def _embedding(trigger, lexicon, retreat: bool = False) -> tuple[str | None, bool, object]:
    """What the words above the trigger's clause do to it: ("hypothetical"|"future"|"negated"|
    "asked"|None, negated above, the request or threat verb that asks for it)."""
    token = _clause(trigger)
    for _ in range(4):
        while token.dep_ == "conj" and token.head is not token:
            if token.tag_ in ("VBD", "VBZ"):
                return None, False, None  # "threatened to invade and later attacked Kharkiv": told as done
            token = token.head  # "demanded that they repatriate and prosecute": both are asked for
        if token.dep_ not in ("xcomp", "ccomp", "advcl", "acl", "pcomp", "pobj", "relcl") or token.head is token:
            break
        if token.dep_ == "relcl":
            break
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in INDEPENDENT_MARKS for c in token.children):
            break  # "..., after Baku accused Armenian forces": asserted on its own
        head = token.head
        if token.dep_ == "pcomp" and head.lower_ == "for" and head.head.lemma_.lower() in arguments().charging:
            return "hypothetical", False, None  # "arrested the demonstrators for blocking the gates": alleged
        if token.dep_ == "pcomp" and head.lower_ == "from" and head.head.lemma_.lower() in arguments().held_back:
            # "refrained from shelling the town", "prevented them from leaving"; not when the
            # holding back itself failed or did not happen ("failed to stop them from storming")
            holder = head.head
            if _negated_here(holder) or (holder.dep_ == "xcomp" and holder.head.lemma_.lower() == "fail"):
                return None, False, None
            return "negated", False, None
        if head.lemma_.lower() in arguments().attempts:
            return "attempted", False, None
        if head.pos_ == "NOUN" and head.lemma_.lower() in NEGATING_NOUNS:
            return "negated", False, None
        if head.pos_ == "NOUN" and head.lemma_.lower() == "decision":
            return "decided", False, None
        if retreat and head.lemma_.lower() in arguments().announcing and token.dep_ in ("ccomp", "acl"):
            return "decided", False, None  # "announced he was withdrawing": a retreat announced
        if head.pos_ == "NOUN" and head.lemma_.lower() in INTENT_NOUNS:
            return ("hypothetical" if head.lemma_.lower() in ASKED_NOUNS else "future"), False, None
        if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return "hypothetical", False, None  # a purpose clause: "talks ... to secure air defence"
        for entry in lexicon.verbs.get(head.lemma_.lower(), ()):
            if entry.embeds and entry.event_type in ASKING and token.dep_ == "ccomp" and token.tag_ in ("VBD", "VBZ"):
                return None, False, None  # a request's content is never in the past: "and Hamas freed four"
            if entry.embeds:
                asked = entry.event_type in ASKING and token.dep_ in ("xcomp", "ccomp")
                return ("asked" if asked else entry.embeds), _negated_here(head), (head if asked else None)
        token = head
    return None, False, None


def _convert_negated(mention: Mention) -> None:
    entry = mention.entry
    if not (mention.modality.negated and entry is not None and getattr(entry, "negated_as", None)):
        return
    if mention.modality.hypothetical:
        return
    mention.event_type = entry.negated_as
    mention.mode = YIELD_TOPICS.get(entry.negated_as) if entry.event_type in ("CONCEDE", "RETREAT") else (
        "meet" if entry.event_type == "CONSULT" else None)
    mention.modality = Modality()  # the refusal itself is asserted, and made now


# manual, THREATEN modes: the content of the threat
THREAT_MODES = {("ASSAULT", None): "violence", ("COERCE", "arrest"): "arrest", ("COERCE", None): "restrict",
                ("SANCTION", "expel"): "expel", ("SANCTION", None): "relations", ("PROTEST", None): "restrict"}
# verbs and adjectives by which the doer announces its own act ("vowed to strike back")
ANNOUNCING = {"vow", "pledge", "promise", "swear", "plan", "intend", "prepare", "threaten", "warn", "decide",
              "ready", "willing", "prepared", "determined", "poised", "resolve", "aim", "seek", "continue"}
SELF = {"it", "they", "he", "she", "we", "i"}


def _convert_announced(mention: Mention, trigger, conditioned: bool = False) -> str | None:
    """An announced retreat is a CONCEDE; an attack, arrest, sanction or protest announced by
    its doer, or announced on a condition ("will withdraw its peacekeepers unless ..."), a
    THREATEN (see the module docstring). The announcement itself is asserted, and made now.
    Returns the new type, if any."""
    modality = mention.modality
    if modality.negated:
        return None
    threat_mode = THREAT_MODES.get((mention.event_type, mention.mode)) or THREAT_MODES.get((mention.event_type, None))
    if mention.event_type == "RETREAT" and modality.future and not modality.hypothetical:
        mention.event_type, mention.mode = "CONCEDE", None
    elif threat_mode and (conditioned or (modality.future and not modality.hypothetical
                                          and _self_announced(trigger))):
        if mention.event_type == "ASSAULT" and "territory" in mention.context:
            threat_mode = "territory"
        mention.event_type, mention.mode = "THREATEN", threat_mode
    else:
        return None  # also "a final assault would finish within days", an analyst's forecast
    mention.modality = Modality()
    return mention.event_type


def _self_announced(trigger) -> bool:
    """The one who announces the act is the one who will do it: "vowed to strike back", "said
    it would retaliate" (a pronoun doer), "we will respond"; not "a final assault would finish
    within days" in someone else's words."""
    token = _clause(trigger)
    for _ in range(5):
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ == "xcomp" and token.head is not token:
            token = token.head
            if token.lemma_.lower() in ANNOUNCING:
                return True
            continue
        if token.dep_ == "ccomp":
            return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in SELF for c in token.children)
        break
    return any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in token.children)
