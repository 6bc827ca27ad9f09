"""Stage `places`: where each event happened (`Mention.location`).

PLOVER codes the location of the event, not every place a sentence names (manual, "Data
Fields": location). A place is the event's location when spaCy attaches it to the trigger,
or to the clause the trigger heads, by a locative preposition: "detained 25 people in
Istanbul", "launched drones at the port city of Odesa", "strikes across Ukraine". A place
that is the actor or recipient ("Russia launched ..."), a nationality word, or the object of
"talks with Washington" is not a location. When nothing hangs off the trigger, the one place
in a locative phrase elsewhere in the sentence (outside relative clauses) is taken; when the
event sentence names no place at all,
the dateline ("KYIV, Ukraine —") or a located place in an earlier sentence of the same
paragraph stands in; otherwise the location stays None.

Names resolve against the offline gazetteer with the article's countries (and the countries
of the mention's actors) as context.

Only mentions with an actor are located here: the others start no event, and the `events`
stage locates the few it attaches to an event (`locate`) when that event has no place yet.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .article import Article, Mention, Sentence
from .knowledge import knowledge
from .knowledge.gazetteer import Gazetteer, gazetteer, normalise
from .options import Options
from .records import Place

NAME = "places"
REQUIRES: tuple[str, ...] = ("mention.actor",)
ASSIGNS: tuple[str, ...] = ("mention.location",)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = {"in", "at", "near", "outside", "across", "on", "into", "inside", "throughout",
            "around", "within", "off", "over", "along"}
# "the port city of Odesa", "the town of Bucha, near Kyiv": climbing from the name to its preposition
THROUGH = {"pobj", "appos", "compound", "conj", "nmod"}
# "KYIV, Ukraine —", "NAIROBI, Kenya (AP) _", "Mosul, Iraq —", "LAGOS:": a city (capitals, or a
# name the gazetteer knows), maybe a state or country and an agency, then a dash, "_" or ":"
DATELINE = re.compile(r"^\s*([A-Za-z][\w.'\- ]{1,40}?)(?:,\s*([A-Za-z][\w.'\- ]{1,40}?))?\s*"
                      r"(?:\([^)]{1,30}\)\s*)?(?:[\u2014\u2013-]{1,2}|_|:)\s")


def run(article: Article, options: Options) -> Article:
    if not article.mentions:
        return article
    gaz = gazetteer()
    for mention in article.mentions:
        if mention.actor:
            mention.location = locate(article, mention, gaz)
    return article


def _is_party(start: int, parties: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in parties)


def locate(article: Article, mention: Mention, gaz: Gazetteer | None = None) -> Place | None:
    """The event location of one mention, or None."""
    gaz = gaz or gazetteer()
    context = _context(article, mention)
    sentence = article.sentences[mention.sentence]
    doc = sentence.doc
    if doc is not None:
        parties = [(a.start, a.end) for a in mention.actor + mention.recipient if a.start is not None]
        for ent in _attached(doc, mention.trigger_token, gaz):
            if _is_party(sentence.start + ent.start_char, parties):
                continue  # "called on Russia to ...": Russia is asked, not where it happened
            place = _place(gaz, ent.text, sentence.start + ent.start_char, context)
            if place is not None:
                return place
        located = [e for e in _located_elsewhere(doc, gaz)
                   if not _is_party(sentence.start + e.start_char, parties)]
        if len(located) == 1:  # the sentence's only place in a locative phrase: a safe guess
            ent = located[0]
            return _place(gaz, ent.text, sentence.start + ent.start_char, context)
        filed_from = dateline(article) or (0, 0)
        if any(e.label_ in PLACE_LABELS and not _is_demonym(gaz, e.text)
               and not filed_from[0] <= sentence.start + e.start_char < filed_from[1] for e in doc.ents):
            return None  # the sentence names a place that is not where the event was: no guess
    return _earlier_in_paragraph(article, mention.sentence, gaz, context) or _dateline(article, gaz, context)


def _located_elsewhere(doc, gaz: Gazetteer) -> list:
    """Places in a locative phrase anywhere in the sentence except inside a relative clause
    ("the minister, who lives in Paris, ...") — those describe a participant, not the event."""
    return [e for e in _named(doc, gaz)
            if (prep := _preposition(e.root)) is not None and prep.lower_ in LOCATIVE
            and not any(t.dep_ in ("relcl", "acl") for t in (prep.head, *prep.head.ancestors))]


def _context(article: Article, mention: Mention) -> tuple[str, ...]:
    codes = [*article.countries, *(a.country for a in (*mention.actor, *mention.recipient)),
             *(a.country for a in article.entities)]
    return tuple(dict.fromkeys(c for c in codes if c and len(c) == 3))


def _attached(doc, trigger_index: int, gaz: Gazetteer):
    """Place entities that hang off the trigger (or the verb that governs a noun trigger)
    through a locative preposition, nearest first."""
    trigger = doc[trigger_index]
    anchors = {trigger.i}
    head = trigger
    while head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head  # "held talks in Ankara": the place hangs off "held"
        anchors.add(head.i)
    found = []
    for ent in _named(doc, gaz):
        prep = _preposition(ent.root)
        if prep is not None and prep.lower_ in LOCATIVE and _reaches(prep.head, anchors):
            found.append((abs(ent.start - trigger.i), ent))
    return [ent for _, ent in sorted(found, key=lambda f: f[0])]


def _named(doc, gaz: Gazetteer):
    """Place entities, and the metonyms the gazetteer knows ("outside the Kremlin"), which
    spaCy often tags ORG or leaves untagged."""
    spans = [e for e in doc.ents if e.label_ in PLACE_LABELS]
    taken = {t.i for e in spans for t in e}
    for chunk in (*doc.ents, *doc.noun_chunks):
        if chunk.root.i not in taken and normalise(chunk.text) in gaz.curated:
            spans.append(chunk)
            taken.update(t.i for t in chunk)
    return spans


def _preposition(token):
    """The preposition that governs a place name, climbing through "the city of X", "X, Y"."""
    steps = 0
    while token.dep_ in THROUGH and token.head.i != token.i and steps < 6:
        if token.dep_ == "pobj" and token.head.dep_ == "prep":
            if token.head.lower_ in LOCATIVE:
                return token.head
            token = token.head.head  # "of" in "the city of X": go on to "city"
        else:
            token = token.head
        steps += 1
    return None


def _reaches(token, anchors: set[int]) -> bool:
    """True when `token` is an anchor or a noun phrase under one, without crossing another verb."""
    for _ in range(8):
        if token.i in anchors:
            return True
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _place(gaz: Gazetteer, text: str, start: int, context) -> Place | None:
    if _is_demonym(gaz, text):
        return None
    resolved = gaz.resolve(text, context)
    end = start + len(text)
    if resolved is None:
        return Place(text=text, start=start, end=end)
    return replace(resolved, text=text, start=start, end=end)


def _is_demonym(gaz: Gazetteer, text: str) -> bool:
    return normalise(text) in gaz.demonyms


def _paragraph(article: Article, sentence: Sentence) -> tuple[int, int]:
    for section in article.sections:
        if section.start <= sentence.start < section.end:
            return section.start, section.end
    return sentence.start, sentence.end


def _earlier_in_paragraph(article: Article, index: int, gaz, context) -> Place | None:
    """A place located by a preposition in an earlier sentence of the same paragraph."""
    start, _ = _paragraph(article, article.sentences[index])
    for earlier in reversed(article.sentences[:index]):
        if earlier.start < start or (not article.sections and earlier.index != index - 1):
            break
        if earlier.doc is None:
            continue
        for ent in earlier.doc.ents:
            prep = _preposition(ent.root) if ent.label_ in PLACE_LABELS else None
            if prep is not None:
                place = _place(gaz, ent.text, earlier.start + ent.start_char, context)
                if place is not None and place.country is not None:
                    return place
    return None


def dateline(article: Article) -> tuple[int, int] | None:
    """The span of the dateline at the start of the body ("KYIV, Ukraine (AP) —"), or None. It
    says where the story was filed from: never a party (issue 11, item 2), maybe the location."""
    found = _dateline_match(article)
    if found is None:
        return None
    body, match = found
    return body + match.start(), body + match.end()


def _dateline_match(article: Article):
    body = next((s.start for s in article.sections if s.kind == "body"), 0)
    match = DATELINE.match(article.text[body:body + 120])
    if match is None:
        return None
    city = match.group(1).strip()
    if len(city.split()) > 4 or not (city.isupper() or (gazetteer().known(city) and knowledge().agent(city) is None)):
        return None  # "Update:", "Police: three killed" start no dateline
    return body, match


def _dateline(article: Article, gaz, context) -> Place | None:
    """"KYIV, Ukraine — ..." at the start of the body: the city the story was filed from."""
    found = _dateline_match(article)
    if found is None:
        return None
    body, match = found
    city = match.group(1).strip()
    hint = gaz.resolve(match.group(2)) if match.group(2) else None
    countries = ((hint.country,) if hint and hint.country else ()) + tuple(context)
    resolved = gaz.resolve(city.title(), countries)
    if resolved is None:
        return None
    start = body + match.start(1)
    return replace(resolved, text=article.text[start:start + len(city)], start=start,
                   end=start + len(city))
