"""Stage 11 — events: mentions -> frozen `Event` records, one per real-world happening.

One event told in several sentences (headline, subtitle, body) becomes one event with several
evidence entries. Two mentions are the same event when they have the same type and modality,
their parties overlap, and their dates agree. A mention with no actor is extra evidence of such
an event when one is near; otherwise it is an event of its own only when the text names no doer
and one is implied (`tacitus.implied`: "were arrested", "killed by a bomb"), since PLOVER codes
no event without an actor (manual, "Some residual issues", required entities). Quad class,
intensity and CAMEO come from lexicon/ontology.yaml.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from .article import Article, Mention
from .knowledge import knowledge
from .knowledge.arguments import arguments
from .learning import calibration
from .lexicon import ontology
from .lexicon import triggers as lexicon_triggers
from .options import Options
from .implied import implied_actor
from .modality import THREAT_MODES
from .triggers import TOPIC_OF_TYPE
from .knowledge.gazetteer import gazetteer
from .places import locate
from .records import Actor, Evidence, Event, Modality, Size, Span, When

NAME = "events"
REQUIRES: tuple[str, ...] = ("mention.actor", "mention.recipient", "mention.modality", "mention.reported_by",
                             "mention.counts", "mention.date", "mention.location", "mention.asked_by")
ASSIGNS: tuple[str, ...] = ("article.events",)

FUTURE_COOPERATION = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
# acts one party does to another: told with the roles reversed, they are two acts
ONE_WAY = {"ACCUSE", "SUPPORT", "REJECT", "THREATEN", "REQUEST"}
# An attack on a place, or aid delivered to one, is directed at that place's country.
PLACE_RECIPIENT = {"ASSAULT", "AID"}


def run(article: Article, options: Options) -> Article:
    for mention in article.mentions:
        if not mention.dropped and _private(mention):
            mention.dropped = "private persons only"
    live = [m for m in article.mentions if not m.dropped]
    for mention in live:
        _recode(mention)
        if _own_forces_ordered_out(article, mention):
            mention.event_type, mention.mode = "CONCEDE", None
    groups: list[list[Mention]] = []
    for mention in sorted(live, key=lambda m: _priority(article, m)):
        if not mention.actor:
            continue
        group = next((g for g in groups if _same_event(g[0], mention) or _one_clause(article, g, mention)), None)
        if group is None:
            groups.append([mention])
        else:
            group.append(mention)
    unnamed = []
    for mention in live:
        if mention.actor:
            continue
        matches = [g for g in groups if (_same_event(g[0], mention, actorless=True) and _near(article, g, mention))
                   or _one_clause(article, g, mention)]
        if len(matches) > 1:  # "Russian Strike on Kharkiv Kills 12": the event of its own sentence
            matches = [g for g in matches if any(m.sentence == mention.sentence for m in g)] or matches
        if len(matches) > 1 and mention.mode:  # "at Protest" in a headline: the demonstration, not a blockade
            matches = [g for g in matches if any(m.mode == mention.mode for m in g)] or matches
        told = _told_before(article, groups, mention)  # "the strikes": the event told by that word
        if told and not any(m.sentence == mention.sentence for g in matches for m in g):
            matches = told
        if not matches:  # "the slaying of Slepian" after "a sniper shot Barnett Slepian"
            matches = _latest([g for g in groups if _same_victim(g, mention)], mention)
        if len(matches) == 1:
            matches[0].append(mention)
        else:
            unnamed.append(mention)
    groups += _implied_groups(article, unnamed)
    groups = _without_what_is_asked(groups)
    _recipients_from_reacted_events(article, groups)
    story = _story_country(article, [m for g in groups for m in g])
    weights = calibration.stored(with_model="classify" in article.done)
    events = [_build(article, group, story, n) for n, group in enumerate(
        sorted(groups, key=lambda g: min(m.trigger_start for m in g)), start=1)]
    if weights:
        events = [replace(e, confidence=calibration.apply(weights, calibration.features(e)))
                  for e in events]
    article.events = [e for e in events if e.confidence >= options.min_confidence
                      and (options.keep_unasserted or e.asserted)]
    return article


def _without_what_is_asked(groups: list[list[Mention]]) -> list[list[Mention]]:
    """"Egeland begged Jordan to reopen its border", "Russia threatened to invade": the request
    or threat is the event and what it asks for its mode (manual, REQUEST and THREATEN), not an
    event of its own - while the request itself is coded; if it is not, the act asked for stays,
    flagged hypothetical."""
    told = {(m.sentence, m.trigger_token): m for g in groups for m in g}
    kept = []
    for group in groups:
        if all(m.asked_by is not None and (m.sentence, m.asked_by) in told for m in group):
            for mention in group:
                mention.dropped = "what a request or threat asks for"
                _asks_for(told[(mention.sentence, mention.asked_by)], mention)
        else:
            kept.append(group)
    return kept


def _asks_for(asker: Mention, asked: Mention) -> None:
    """The request or threat takes what it asks for as its mode ("threatened to impose
    sanctions on Sweden": THREATEN relations; "urged Israel to arrest the settlers": REQUEST
    yield) and, where it names none, its target."""
    if asker.event_type == "THREATEN":  # its own verb may say it already ("threatened to invade")
        mode = asker.mode or ("territory" if "territory" in asked.context else None) or THREAT_MODES.get(
            (asked.event_type, asked.mode)) or THREAT_MODES.get((asked.event_type, None))
    else:  # the act asked for says which request it is better than the verb's first sense
        mode = TOPIC_OF_TYPE.get(asked.event_type) or asker.mode
    if mode and mode in ontology().types[asker.event_type].modes:
        asker.mode = mode
    if not asker.recipient:
        asker.recipient = list(asked.recipient)


def _one_clause(article: Article, group: list[Mention], mention: Mention) -> bool:
    """"struck Kharkiv, killing 12 people", "attacked and burned the village": a participle or a
    verb sharing its subject tells the same act as the verb it hangs from; "Russia's strikes on
    Kyiv killed five": so does a verb whose subject is the event noun."""
    doc = article.sentences[mention.sentence].doc
    for other in group:
        if other.sentence != mention.sentence or other.event_type != mention.event_type \
                or _flags(other.modality) != _flags(mention.modality):
            continue
        a, b = doc[other.trigger_token], doc[mention.trigger_token]
        for head, child in ((a, b), (b, a)):
            if child.head.i == head.i and child.i != head.i and (
                    (child.dep_ == "advcl" and child.tag_ == "VBG")
                    or (child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN"))
                    or (child.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children))):
                return True
    return False


DEFINITE = {"the", "this", "these", "that", "those", "its", "their", "his", "her"}


def _told_before(article: Article, groups: list[list[Mention]], mention: Mention) -> list[list[Mention]]:
    """"the strikes", "these murderous attacks": an event noun with a definite determiner and no
    doer of its own speaks of an event the article tells with the same word: the latest one
    told before it, else the one told after it when the article tells no other."""
    if not _definite_noun(article, mention):
        return []
    word = _trigger_lemma(article, mention)
    # (a date the noun took from a neighbouring sentence says nothing against it)
    same = [g for g in groups if g[0].event_type == mention.event_type
            and _flags(g[0].modality) == _flags(mention.modality)
            and any(_same_word(word, _trigger_lemma(article, m)) for m in g)]
    start = {id(g): min(m.trigger_start for m in g) for g in same}
    earlier = [g for g in same if start[id(g)] < mention.trigger_start]
    if earlier:
        return [max(earlier, key=lambda g: start[id(g)])]
    if len(same) == 1:
        return same  # told after: only when the article tells no other
    return _referred_to(article, groups, mention, word)


REFERRING = {"this", "these", "that", "those"}
REFER_BACK_SENTENCES = 3


def _referred_to(article: Article, groups: list[list[Mention]], mention: Mention, word: str) -> list[list[Mention]]:
    """"Consider the two sides in this onslaught" after "the attack of the Turkish army": a
    demonstrative, or a noun general enough for any act of its type (`general_nouns` in
    arguments.yaml), refers to the latest such act told in the sentences just before it."""
    doc = article.sentences[mention.sentence].doc
    trigger = doc[mention.trigger_token]
    if word not in arguments().general_nouns and not any(
            c.dep_ == "det" and c.lower_ in REFERRING for c in trigger.children):
        return []
    if _told_as_new(trigger, doc):
        return []  # "Separately, the attack on a police checkpoint in Daraa": another attack
    before = [(max(m.trigger_start for m in g if m.trigger_start < mention.trigger_start), g) for g in groups
              if g[0].event_type == mention.event_type and _flags(g[0].modality) == _flags(mention.modality)
              and all(_dates_agree(m.date, mention.date) for m in g)
              and any(m.trigger_start < mention.trigger_start
                      and mention.sentence - m.sentence <= REFER_BACK_SENTENCES for m in g)]
    return [max(before, key=lambda pair: pair[0])[1]] if before else []


def _told_as_new(noun, doc) -> bool:
    """The noun names its own target or place ("the attack on a police checkpoint in Daraa"), or
    its sentence says it is another one ("separately", "meanwhile", "elsewhere", "another")."""
    if any(c.dep_ == "prep" and c.lower_ in ("on", "in", "against", "at", "near") for c in noun.children):
        return True
    if any(c.dep_ == "det" and c.lower_ in ("another", "a", "an") for c in noun.children):
        return True
    return any(t.lower_ in ("separately", "meanwhile", "elsewhere") for t in doc)


def _trigger_lemma(article: Article, mention: Mention) -> str:
    doc = article.sentences[mention.sentence].doc
    token = doc[mention.object_token if mention.object_token is not None else mention.trigger_token]
    return token.lemma_.lower()


def _same_word(a: str, b: str) -> bool:
    """"the strikes" and "struck"/"strike", "the bombing" and "bombed": one word for one event
    (a definite noun refers back by the word the article used)."""
    stems = {"struck": "strike", "shot": "shoot"}
    a, b = stems.get(a, a), stems.get(b, b)
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def _definite_noun(article: Article, mention: Mention) -> bool:
    doc = article.sentences[mention.sentence].doc
    trigger = doc[mention.trigger_token] if doc is not None else None
    return trigger is not None and trigger.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in trigger.children)


def _implied_groups(article: Article, mentions: list[Mention]) -> list[list[Mention]]:
    """Events whose doer the text does not name, with an implied or unidentified actor
    (`tacitus.implied`); the other actorless mentions are dropped. Two such mentions are one
    event when one sentence tells both ("killed in a bombing"; but "was imprisoned and tortured"
    is two acts), when a definite noun refers back by the same word, or when they tell the same
    victim or follow each other with one of them naming no victim or place of its own
    (`_told_again`): nothing else says two unnamed doers are the same."""
    groups: list[list[Mention]] = []
    for mention in sorted(mentions, key=lambda m: m.trigger_start):
        actor = implied_actor(article, mention)
        if actor is None:
            mention.dropped = "no actor"
            continue
        mention.actor = [actor]
        mention.location = mention.location or locate(article, mention)
        group = next((g for g in groups if g[0].sentence == mention.sentence
                      and g[0].event_type == mention.event_type
                      and (_same_event(g[0], mention) or _done_in(article, g[0], mention))), None)
        if group is None and _definite_noun(article, mention):  # "the strikes" after "strikes"
            group = next(iter(_told_before(article, groups, mention)), None)
        if group is None:
            group = next(iter(_latest([g for g in groups if _told_again(article, g, mention)], mention)), None)
        if group is None:
            groups.append([mention])
        else:
            group.append(mention)
    return groups


def _done_in(article: Article, a: Mention, b: Mention) -> bool:
    """"Twelve civilians were killed in an airstrike on Idlib": a verb and the event noun it is
    done in or by tell one act, whatever each names as its target."""
    if _flags(a.modality) != _flags(b.modality):
        return False
    doc = article.sentences[a.sentence].doc
    for verb, noun in ((doc[a.trigger_token], doc[b.trigger_token]), (doc[b.trigger_token], doc[a.trigger_token])):
        if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "by", "during") and noun.head.head.i == verb.i:
            return True
    return False


def _latest(groups: list[list[Mention]], mention: Mention) -> list[list[Mention]]:
    before = [g for g in groups if min(m.trigger_start for m in g) < mention.trigger_start]
    return [max(before, key=lambda g: min(m.trigger_start for m in g))] if before else []


def _told_again(article: Article, group: list[Mention], mention: Mention) -> bool:
    """An unnamed mention tells again the unnamed event of `group`: the same named victim
    ("the attack on Slepian" ... "the murder of Slepian"), or the next sentence when one of the
    two names no victim and no place of its own ("21 bombs had gone off in Belfast" ... "the
    bombing began at 2.45pm")."""
    if _same_victim(group, mention):
        return True
    if any(_flags(m.modality) != _flags(mention.modality) or m.event_type != mention.event_type for m in group):
        return False
    if min(abs(mention.sentence - m.sentence) for m in group) > 1:
        return False
    return _bare(article, mention) or all(_bare(article, m) for m in group)


def _same_victim(group: list[Mention], mention: Mention) -> bool:
    if group[0].event_type != mention.event_type or _flags(group[0].modality) != _flags(mention.modality):
        return False
    named = _named_recipients(mention)
    return bool(named) and any(named & _named_recipients(m) for m in group)


def _named_recipients(mention: Mention) -> set[str]:
    """Who a mention names as its victim or target: a person or body, not a place or a kind."""
    return {a.name for a in mention.recipient if a.sector is not None and a.text[:1].isupper()
            and (a.in_knowledge_base or a.name != a.text.lower()) and not gazetteer().known(a.text)
            and knowledge().agent(a.text) is None}


def _bare(article: Article, mention: Mention) -> bool:
    """Names no victim and no place in its own sentence."""
    sentence = article.sentences[mention.sentence]
    here = mention.location is not None and mention.location.start is not None \
        and sentence.start <= mention.location.start < sentence.end
    return not mention.recipient and not here


REACTIONS = {"ACCUSE", "SUPPORT", "REJECT", "THREATEN"}


def _recipients_from_reacted_events(article: Article, groups: list[list[Mention]]) -> None:
    """"Zelenskyy condemned the attack": the recipient of a reaction to an event noun is the doer
    of the latest such event told before it in the article ("Russia struck Kharkiv ...")."""
    nouns = lexicon_triggers().nouns
    for group in groups:
        primary = group[0]
        if primary.event_type not in REACTIONS or primary.recipient or primary.object_token is None:
            continue
        doc = article.sentences[primary.sentence].doc
        entries = nouns.get(doc[primary.object_token].lemma_.lower(), ())
        types = {e.event_type for e in entries}
        earlier = [g for g in groups if g is not group and g[0].event_type in types
                   and min(m.trigger_start for m in g) < primary.trigger_start]
        if earlier:
            doers = max(earlier, key=lambda g: min(m.trigger_start for m in g))
            primary.recipient = [a for m in doers for a in m.actor
                                 if not any(_same_party(a, b) for b in primary.actor)][:3]


PERSONAL = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE"}


def _private(mention: Mention) -> bool:
    """"The man and the woman met over the Internet", "the woman invited him over to watch a
    movie": a meeting or an invitation between private persons is no political event. Only where
    every party is named only as a private person (`private_persons` in arguments.yaml: "man",
    "woman") and none is known or has a country; an unknown name ("McMahon", "Mr Whitelaw") may
    be anyone, and a group ("activists") stays."""
    private = arguments().private_persons
    parties = [*mention.actor, *mention.recipient]
    return mention.event_type in PERSONAL and bool(mention.actor) and all(
        not a.in_knowledge_base and not a.implied and a.country is None and a.text
        and a.text.split()[-1].lower() in private for a in parties)


def _recode(mention: Mention) -> None:
    """Codebook rules that depend on the parties or the modality."""
    if mention.event_type == "PROTEST" and any(a.sector in ("GOV", "MIL") for a in mention.actor):
        mention.event_type, mention.mode = "ACCUSE", "disapprove"  # a government "protests" verbally
    if mention.modality.future and mention.event_type in FUTURE_COOPERATION and not mention.modality.negated:
        mention.event_type, mention.mode = "AGREE", None  # manual, AGREE: future cooperation is AGREE


def _own_forces_ordered_out(article: Article, mention: Mention) -> bool:
    """"Trump has ordered US forces in Syria to leave by the spring": an order (`orders` in
    arguments.yaml) by a government or its military to its own forces to withdraw
    (`withdrawals`; not "to leave no survivors", "to leave for the front") is a withdrawal
    announced, CONCEDE (manual, RETREAT and CONCEDE), not a request to another party."""
    if mention.event_type != "REQUEST" or not mention.recipient or mention.modality.negated:
        return False
    own = {a.country for a in mention.actor if a.country and a.sector in ("GOV", "MIL")}
    if not own or not all(r.sector == "MIL" and r.country in own for r in mention.recipient):
        return False
    known = arguments()
    verb = article.sentences[mention.sentence].doc[mention.trigger_token]
    if verb.lemma_.lower() not in known.orders:
        return False
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in known.withdrawals and not any(
        (o.dep_ == "dobj" and o.ent_type_ not in ("GPE", "LOC")) or (o.dep_ == "prep" and o.lower_ == "for")
        for o in c.children) for c in verb.children)


def _priority(article: Article, m: Mention):
    """Body sentences with both parties first: they make the best primary mention."""
    body = article.sentences[m.sentence].section == "body"
    return (not m.actor, not m.recipient, not body, m.trigger_start)


def _countries(actors) -> set[str]:
    return {a.country or a.name for a in actors}


def _same_event(a: Mention, b: Mention, actorless: bool = False) -> bool:
    if a.event_type != b.event_type or _flags(a.modality) != _flags(b.modality):
        return False
    parties_a = _countries(a.actor) | _countries(a.recipient)
    if not actorless and not (_countries(b.actor) & parties_a):
        return False
    if b.recipient and a.recipient and not (_countries(b.recipient) & parties_a):
        return False
    if a.event_type in ONE_WAY and (_roles_reversed(a, b) or _roles_reversed(b, a)):
        return False
    return _dates_agree(a.date, b.date)


def _roles_reversed(a: Mention, b: Mention) -> bool:
    """"Trump denigrated America's allies" ... "senators pointed out that Trump had lost
    Syria": a mention of a one-way act (`ONE_WAY`) whose target is the other's doer, by another
    doer, is another event, however much their countries overlap ("Erdogan met Putin" ... "Putin
    met Erdogan" is one meeting)."""
    return any(_same_party(r, x) for r in b.recipient for x in a.actor) \
        and not any(_same_party(y, x) for y in b.actor for x in a.actor)


def _near(article: Article, group: list[Mention], mention: Mention) -> bool:
    """An actorless mention joins an event only from a headline or subtitle, or from the same
    or the next sentence: further away it is as likely another event of the same type."""
    if article.sentences[mention.sentence].section != "body":
        return True
    return any(0 <= mention.sentence - m.sentence <= 1 for m in group)


def _flags(modality: Modality) -> tuple[bool, bool]:
    return modality.negated, modality.hypothetical


def _dates_agree(a: When, b: When) -> bool:
    if not a.value or not b.value or a.text is None or b.text is None:
        return True
    if "approximate" in (a.granularity, b.granularity):
        return True
    short = min(len(a.value), len(b.value))
    return a.value[:short] == b.value[:short]


def _told_place(article: Article, group: list[Mention], location) -> str | None:
    if location is None or not location.country or location.start is None:
        return None
    spans = [article.sentences[m.sentence] for m in group]
    return location.country if any(s.start <= location.start < s.end for s in spans) else None


def _story_country(article: Article, mentions: list[Mention]) -> str | None:
    """The country the story happens in: where its located events took place and the places it
    names (an event's place counting twice), else the country it names most. A generic agent with no country of its own ("police", "residents",
    "the government") belongs there (issue 11, item 5: from the narrative, not the nearest
    place name)."""
    located = Counter(m.location.country for m in mentions if m.location is not None and m.location.country)
    named = Counter(place.country for name in _place_names(article)
                    if (place := gazetteer().resolve(name, article.countries)) and place.country)
    places = named + located + located  # an event's place counts twice a place only named
    if places:
        return places.most_common(1)[0][0]
    return article.countries[0] if article.countries else None


def _place_names(article: Article) -> list[str]:
    return [ent.text for s in article.sentences if s.doc is not None for ent in s.doc.ents
            if ent.label_ == "GPE" and gazetteer().known(ent.text)]


def _build(article: Article, group: list[Mention], story: str | None, n: int) -> Event:
    primary = group[0]
    onto = ontology().types[primary.event_type]
    mode = primary.mode or next((m.mode for m in group if m.mode), None) or next(
        (m.model_mode for m in group if m.model_mode), None)
    actor = _union(m.actor for m in group)
    recipient = [r for r in _union(m.recipient for m in group) if not any(_one_party(r, a) for a in actor)]
    date = _date(group)
    location = next((m.location for m in group if m.location), None) or next(
        (place for m in group if not m.actor and (place := locate(article, m))), None)
    if primary.event_type in PLACE_RECIPIENT and not recipient:
        recipient = _recipient_from_place(location, actor)
    # a generic agent with no country of its own ("police", "three people") is local: where the
    # event happened when its own sentences say so, or the place it was done to ("a government
    # assault on Idlib"), else (domestic sectors; for a recipient only when the actor is of that
    # country too: "Kobakhidze accused opposition parties") where the story happens - not the
    # place an earlier sentence happens to name (issue 11, item 5)
    local = _told_place(article, group, location) or next(
        (r.country for r in recipient if r.country and not r.sector and not r.in_knowledge_base), None)
    named = _named_test(article)
    actor = [_localise(a, local, story, named) for a in actor]
    # (an actor of no known country, "unidentified attackers", says nothing against it)
    domestic = story is not None and (any(a.country == story for a in actor) or not any(a.country for a in actor))
    recipient = [_localise(a, local, story if domestic else None, named) for a in recipient]
    if local:  # "ethnic Albanians demonstrated in Serbia": a people is coded where it lives
        actor = [replace(a, country=local, name=a.text, wikidata=None) if "ethnic" in a.text.lower().split()
                 and a.country != local else a for a in actor]
    modality = replace(primary.modality, historical=_historical(date, article.published))
    return Event(
        event_type=primary.event_type, mode=mode,
        context=tuple(dict.fromkeys(c for m in group for c in m.context)),
        quad_class=onto.quad, intensity=onto.intensity_of(mode), cameo=onto.cameo_of(mode),
        actor=tuple(actor), recipient=tuple(recipient), date=date, location=location,
        size=_size(group), modality=modality,
        reported_by=tuple(next((m.reported_by for m in group if m.reported_by), ())),
        evidence=tuple(_evidence(article, m) for m in sorted(group, key=lambda m: m.trigger_start)),
        confidence=_confidence(group, actor, recipient),
        id=f"{article.id}-{n:03d}", article_id=article.id,
        decided_by=_decided_by(group), model_probability=max(
            (m.probability for m in group if m.probability is not None), default=None))


def _decided_by(group: list[Mention]) -> str:
    """"both" when the lexicon and the classifier agree on any mention, or each found one."""
    found = {m.decided_by for m in group}
    return found.pop() if len(found) == 1 else "both"


def _union(lists) -> list[Actor]:
    out: list[Actor] = []
    for actors in lists:
        for actor in actors:
            if not any(_same_party(actor, known) for known in out):
                out.append(actor)
    return out


def _one_party(a: Actor, b: Actor) -> bool:
    """A recipient that is the actor itself: the same party, unless they share only a generic
    name and their countries differ ("the foreign Secretary" of Britain spoke to "the US
    Secretary of State")."""
    return _same_party(a, b) and not (a.country and b.country and a.country != b.country)


def _same_party(a: Actor, b: Actor) -> bool:
    """The same name, or the same words - unless they name parties of two countries ("they"
    for "Russia, Iran and Turkey")."""
    return a.name == b.name or (a.start is not None and (a.start, a.end) == (b.start, b.end)
                                and not (a.country and b.country and a.country != b.country))


def _date(group: list[Mention]) -> When:
    """The primary mention's own date first; another mention's only when it has none; else the
    story's day or the publication date the dates stage gave every undated mention."""
    dated = [m.date for m in group if m.date.text]
    if dated:
        return group[0].date if group[0].date.text else dated[0]
    return group[0].date


def _historical(date: When, published: dt.date | None) -> bool:
    if not date.value or published is None:
        return False
    return int(date.value[:4]) < published.year - 1


def _recipient_from_place(location, actor: list[Actor]) -> list[Actor]:
    """An attack on (or aid to) a place abroad is directed at that country ("strikes across Ukraine")."""
    if location is None or not location.country:
        return []
    if any(a.country == location.country for a in actor):
        return []
    name = knowledge().country_name(location.country) or location.country
    return [Actor(name=name, text=location.text, country=location.country,
                  start=location.start, end=location.end)]


UNIDENTIFIED = {"UAF", "UNK"}
DOMESTIC_SECTORS = {"COP", "GOV", "JUD", "LEG", "CVL", "EDU", "LAB", "MED", "AGR", "OPP", "PTY", "BUS", "CRM"}


def _named_test(article: Article):
    """Whether a party's text is a name: capitalised, or, in a text written all in lower case
    ("castro called munero a ruffian"), any party the knowledge gives no sector."""
    if any(c.isupper() for c in article.text):
        return lambda text: text[:1].isupper()
    return lambda text: bool(text) and text.split()[0] not in LOWER_CASE_NOT_NAMES


# in an all-lower-case text, words that begin a party's phrase and are no name
LOWER_CASE_NOT_NAMES = {"the", "a", "an", "he", "she", "it", "they", "his", "her", "its", "their", "this",
                        "that", "these", "those", "some", "many", "several", "two", "three", "one"}


def _localise(actor: Actor, local: str | None, story: str | None, named) -> Actor:
    if actor.country or actor.in_knowledge_base:
        return actor
    if actor.implied and actor.sector in UNIDENTIFIED:
        return actor  # an unknown attacker's country is unknown (manual, "Sector Codes": UAF, UNK)
    if not actor.sector or any(word[:1].isupper() for word in actor.text.split()[1:]):
        # a named person or body no knowledge places ("Spencer Eig", "Timex"): one of the story
        return replace(actor, country=story) if story and named(actor.text) else actor
    if local is None and actor.sector in DOMESTIC_SECTORS:
        local = story
    return replace(actor, country=local) if local else actor


def _size(group: list[Mention]) -> Size:
    counts, seen = [], set()
    for m in group:
        for c in m.counts:
            if (c.value, c.what) not in seen:
                seen.add((c.value, c.what))
                counts.append(c)

    def first(name):
        return next((getattr(m, name) for m in group if getattr(m, name) is not None), None)
    return Size(dead=first("dead"), injured=first("injured"), arrested=first("arrested"), counts=tuple(counts))


def _evidence(article: Article, m: Mention) -> Evidence:
    s = article.sentences[m.sentence]
    return Evidence(
        sentence=article.text[s.start:s.end], sentence_index=s.index, sentence_start=s.start,
        sentence_end=s.end, section=s.section,
        trigger=Span(article.text[m.trigger_start:m.trigger_end], m.trigger_start, m.trigger_end),
        actor=tuple(_span(article, a) for a in m.actor if a.start is not None),
        recipient=tuple(_span(article, a) for a in m.recipient if a.start is not None))


def _span(article: Article, actor: Actor) -> Span:
    return Span(article.text[actor.start:actor.end], actor.start, actor.end)


def _confidence(group: list[Mention], actor: list[Actor], recipient: list[Actor]) -> float:
    """The hand-set score used when no calibrated weights are stored (tacitus.learning.calibration)."""
    score = 0.45
    score += 0.15 if any(a.in_knowledge_base for a in actor) else 0.0
    score += 0.1 if recipient else 0.0
    score += 0.1 if all(a.country for a in actor) else -0.1
    score -= 0.1 if any(a.implied for a in actor) else 0.0
    score += 0.05 * min(len(group) - 1, 3)
    score += 0.05 if group[0].entry is not None and group[0].entry.pos == "VERB" else 0.0
    return round(max(0.05, min(0.99, score)), 2)
