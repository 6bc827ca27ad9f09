"""Actor coding: a noun phrase in a sentence -> `Actor` records (country + sector as of a date).

Order of evidence for one phrase:
1. a name the knowledge base knows (person, organisation, metonym, state, adjective) that
   covers the phrase's head;
2. a person introduced earlier in the article ("Trump" after "President Donald Trump"), or a
   pronoun at the start of a clause ("He added...") -> the previous person subject;
3. a person the knowledge base does not know: country from a possessive or adjective in the
   phrase ("Ukraine's Foreign Minister Andrii Sybiha"), sector from the title;
4. a generic agent ("police", "troops", "officials") with the country from the phrase
   ("Israeli troops", "Pentagon officials") or a place attached to it ("police in Istanbul").
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from .article import Article
from .lexicon import triggers
from .records import Actor

CUT_DEPS = {"relcl", "acl", "advcl", "cc", "conj", "punct", "prep", "ccomp", "appos", "dep"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them"}  # not "it": too often "It is important that ..."
FORMER = {"former", "ex", "ex-", "then-former", "onetime", "one-time"}
SPECIAL_CODES = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
KIND_RANK = {"person": 0, "organisation": 1, "pre": 2, "metonym": 3, "state": 4, "adjective": 5}


QUANTITIES = {"thousands", "hundreds", "dozens", "scores", "tens", "millions", "number", "group",
              "crowd", "crowds", "some", "many", "most", "several", "few", "members", "member",
              "majority", "handful", "band", "unit", "units", "contingent", "convoy", "delegation"}


def _of_group(head):
    if head.lower_ not in QUANTITIES and not (head.like_num and head.pos_ == "NUM"):
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


LEAD_WORDS = {"in", "at", "from", "to", "the", "on", "for", "by", "of", "and", "but", "after", "before",
              "when", "while", "as", "near", "outside", "inside", "across", "into", "since", "around"}


def _place_not_person(match, text: str, kb) -> bool:
    """"Police in Lagos": a bare surname that is also a place name, with no title or given
    name before it, is the place (not Ricardo Lagos)."""
    start, end, entry = match
    if entry.kind != "person" or " " in text[start:end].strip():
        return False
    before = (text[:start].split()[-1:] or [""])[0].strip("“\"'(,")
    if kb.title(before) is not None or (before.istitle() and before.lower() not in LEAD_WORDS):
        return False  # "President Lagos", "Ricardo Lagos"
    from .knowledge.gazetteer import gazetteer
    return gazetteer().known(text[start:end])


class Registry:
    """Who the article has introduced so far, for surnames, titles and pronouns."""

    def __init__(self, article: Article, kb):
        self.article = article
        self.kb = kb
        self.entities: list[Actor] = []
        self.by_surname: dict[str, Actor] = {}
        self.last_person: Actor | None = None
        self.last_group: Actor | None = None
        text = article.reading  # case restored where the article had none (truecase stage)
        everything = kb.scan(text, on=article.published)
        scan = [m for m in everything if not _place_not_person(m, text, kb)]
        # (from every match: a phrase's own scan, `code_phrase`, sees the ones read as places too)
        self.namesakes = _namesakes(everything, text, kb)
        self._scan = [m for m in scan if not _namesake(m, text, self.namesakes)]
        self.scan_matches = self._scan  # every known name in the article: (start, end, entry)
        for start, end, entry in self._scan:
            if entry.kind == "person" and not _other_first_name((start, end, entry), text, self):
                self.remember(_actor(entry, text[start:end], start, end))

    def remember(self, actor: Actor) -> None:
        if not any(a.name == actor.name for a in self.entities):
            self.entities.append(actor)
        surname = actor.name.split()[-1].lower() if actor.name else ""
        if surname and (actor.in_knowledge_base or len(actor.name.split()) > 1):
            self.by_surname.setdefault(surname, actor)

    def countries(self) -> list[str]:
        """The countries the article names, most often first (people named with another given
        name, "William O. McCoy" for William Lai, do not count)."""
        text = self.article.reading
        counts = Counter(e.country for s, end, e in self._scan
                         if e.country and len(e.country) == 3 and e.country not in SPECIAL_CODES
                         and not (e.kind == "person" and _other_first_name((s, end, e), text, self)))
        return [c for c, _ in counts.most_common()]

    def person(self, text: str) -> Actor | None:
        words = text.replace("’s", "").replace("'s", "").split()
        known = self.by_surname.get(words[-1].lower()) if words else None
        if known and len(words) > 1 and words[-2].lower() not in known.name.lower():
            return None  # "Oskar Fischer" after "Heinz Fischer": another person
        return known


HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "prof", "rev", "mr.",
              "mrs.", "ms.", "dr.", "prof.", "rev."}


def _namesakes(scan, text: str, kb) -> set[str]:
    """Surnames that in this article belong to someone the knowledge base does not know: "Roger
    Reynolds" is not Linda Reynolds, so a bare "Reynolds" there is not her either, unless the
    article also names her ("Linda Reynolds", "Senator Reynolds"). Also a person's surname
    written in capitals in a mixed-case text: "LIN" is a company's ticker, not Lin Jian."""
    mixed = not text.isupper()
    found: set[str] = set()
    checked: set[tuple[str, str]] = set()  # a surname is read once per person it may name
    for start, end, entry in scan:
        word = text[start:end].strip()
        if entry.kind != "person" or " " in word or word.lower() in found or (word, entry.name) in checked:
            continue
        checked.add((word, entry.name))
        if mixed and word.isupper() and len(word) > 1:
            found.add(word.lower())
            continue
        # (across a name particle: "Faylaq al-Rahman" is no Rahman the knowledge base knows)
        particles = "|".join(sorted(NAME_PARTICLES))
        found_before = [(m.group(1), m.group(0)) for m in re.finditer(
            r"([\w.]+)\s+(?:(?:" + particles + r")[-\s])?" + re.escape(word) + r"\b", text)]
        before = [b for b, _ in found_before]
        # (a whole name the knowledge base knows is no unknown namesake: "Hafez al-Assad")
        own = [b for b, whole in found_before if b.lower() in entry.name.lower() or b.lower() in HONORIFICS
               or kb.title(b) is not None or _known_person(kb.lookup(whole))]
        other = [b for b in before if b[:1].isupper() and b not in own and b.lower() not in LEAD_WORDS
                 and not (b.isupper() and len(b.strip(".")) > 1)  # a given name or an initial,
                 and not (b.endswith(".") and len(b.strip(".")) > 1)]  # not "Monday." ending a sentence
        if other and not [b for b in own if b.lower() not in HONORIFICS]:
            found.add(word.lower())
    return found


def _known_person(found) -> bool:
    return found is not None and found.kind == "person"


def _namesake(match, text: str, namesakes: set[str]) -> bool:
    start, end, entry = match
    return entry.kind == "person" and text[start:end].strip().lower() in namesakes


def phrase_tokens(head) -> list:
    """The head with its modifiers, without clauses, prepositional tails or conjuncts."""
    keep = [head]
    stack = [c for c in head.children if _in_phrase(c)]
    while stack:
        token = stack.pop()
        keep.append(token)
        stack.extend(c for c in token.children if _in_phrase(c))
    keep.sort(key=lambda t: t.i)
    while keep and keep[0].dep_ == "det":
        keep.pop(0)
    return keep or [head]


def _constructs() -> frozenset[str]:
    from .knowledge.arguments import arguments
    return arguments().constructs


def _in_phrase(token) -> bool:
    """A dependent that belongs to its head's phrase: not a clause, a tail or a conjunct, nor a
    time said of the clause ("the opposition in Vienna next week")."""
    return token.dep_ not in CUT_DEPS and not (token.dep_ == "npadvmod" and token.ent_type_ in ("DATE", "TIME"))


def code_phrase(head, sentence, registry: Registry, on: dt.date | None, subject: bool) -> list[Actor]:
    """The actors a phrase headed by `head` names (one, or none when it names nobody)."""
    speaker = _speaker(head, registry) if head.lower_ in SPEAKER_PRONOUNS else None
    named = code_phrase(speaker, sentence, registry, on, subject) if speaker is not None else []
    if named:
        start = sentence.start + head.idx  # the pronoun itself is the evidence
        return [_replace(a, text=head.text, start=start, end=start + len(head.text)) for a in named]
    if head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return _pronoun(head, sentence, registry, on, subject)
    if head.pos_ == "PRON" and head.lower_ not in QUANTITIES:
        return []  # "I", "we", "you", "this": never a coded actor
    named = appositive(head) if head.pos_ == "NOUN" else None
    apposed = [a for t in ((named, *named.conjuncts) if named is not None else ())
               for a in code_phrase(t, sentence, registry, on, subject)]  # "Putin and Erdogan"
    if apposed and apposed[0].in_knowledge_base and apposed[0].country:
        return apposed  # "the president, Bashar al-Assad,": a known name says who
    whole = _of_group(head)
    if whole is not None:  # "thousands of Iraqi Kurds", "a group of gunmen": code the members
        return code_phrase(whole, sentence, registry, on, subject)
    tokens = phrase_tokens(head)
    doc = head.doc
    start_char, end_char = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc.text[start_char:end_char]
    if " ".join(t.lower_ for t in tokens if t.dep_ != "det") in _constructs():
        return []  # "the international community": a global construct, coded as no party (manual)
    offset = sentence.start
    abs_start, abs_end = offset + start_char, offset + end_char
    matches = [(s + start_char, e + start_char, entry) for s, e, entry in registry.kb.scan(text, on=on)]
    backers = _backers(head)
    matches = [m for m in matches if not _other_first_name(m, doc.text, registry)
               and not _namesake(m, doc.text, registry.namesakes)
               and not any(s <= m[0] and m[1] <= e for s, e in backers)]
    head_span = (head.idx, head.idx + len(head.text))
    former = any(t.lower_ in FORMER for t in tokens)
    actor = _from_matches(matches, head_span, doc.text, abs_start, abs_end, text, former, registry, on)
    if actor is None and _abstract(head):
        # "despite promising Brexit", "the process": an idea is no party; its owner may be
        # ("condemned Iran's nuclear programme" -> Iran, "blamed on the policies of Obama" -> Obama)
        owner = _owner(matches, text, abs_start, abs_end, registry)
        if owner is None:
            return [a for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children if o.dep_ == "pobj" and not _abstract(o)
                    for a in code_phrase(o, sentence, registry, on, subject)][:3]
        return _kept(owner, head, registry, subject)
    if actor is None and head.pos_ == "PROPN" and head.text[:1].isupper():
        actor = _misspelt(head, tokens, text, abs_start, abs_end, registry, on, former)
    if actor is not None and actor.name in _adjective_names(matches):
        # a people coded where it lives: "ethnic Albanians in south Serbia" are SRB (manual, actors)
        home = _place_country(head, registry)
        if home and home != actor.country:
            actor = _replace(actor, name=text, country=home, wikidata=None)
    bare = [t for t in tokens if t.lower_ not in COMPASS and t.dep_ != "case"]
    if actor is None and head.pos_ == "PROPN" and len(bare) == 1 and not registry.person(head.text):
        actor = _place_actor(head, registry, abs_start, abs_end)  # "struck Kharkiv" (tagged PERSON)
    if actor is None and (head.ent_type_ == "PERSON" or registry.person(head.text) or (
            head.pos_ == "PROPN" and not head.ent_type_ and any(t.pos_ == "PROPN" for t in head.lefts))):
        actor = _person(head, tokens, matches, text, abs_start, abs_end, registry, former, on)
    if actor is None:
        unbacked = [t for t in tokens if not any(s <= t.idx < e for s, e in backers)]
        actor = _agent(head, unbacked, matches, text, abs_start, abs_end, registry, former)
    if actor is None and head.lemma_.lower() not in triggers().nouns:  # "the Kabul assault" names no doer
        actor = _owner(matches, text, abs_start, abs_end, registry)  # "Iran's drone programme" -> Iran
    if actor is None:
        actor = _organisation(head, tokens, offset)  # an organisation the knowledge base lacks
    if actor is None and backers:  # "an Iran-allied group": a party, whose patron is not it
        actor = Actor(name=text, text=text, start=abs_start, end=abs_end)
    if apposed and (actor is None or not (actor.sector or actor.country)):
        return apposed  # "the alleged killer, Chérif Chekatt,": the name, where the noun says less
    return _kept(actor, head, registry, subject)


def appositive(head):
    """The name in apposition to a noun ("the foreign minister, Sergei Lavrov,", "the regional
    governor, Oleh Kiper"), or None."""
    return next((c for c in head.children if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN")),
                None)


def _backers(head) -> list[tuple[int, int]]:
    """The spans of "US-backed", "Iranian-funded", "anti-Castro" in a phrase: who backs a party,
    or whom it opposes, is not the party ("US-backed militias" are no US forces, "anti-Castro
    demonstrators" in Miami no Cubans; `backing` in arguments.yaml)."""
    from .knowledge.arguments import arguments
    spans = []
    for c in head.children:
        if c.dep_ == "amod" and c.lemma_.lower() in arguments().backing \
                and any(p.lower_ in ("-", "–") for p in c.children):
            subtree = list(c.subtree)
            spans.append((subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)))
    doc = head.doc
    for t in doc[max(head.left_edge.i, 0):head.i]:  # "Anti-Castro", however it was split
        if t.lower_ in ("anti", "anti-") and t.i + 2 < head.i + 1 and doc[t.i + 1].lower_ in ("-", "–"):
            name = doc[t.i + 2]
            spans.append((t.idx, name.idx + len(name.text)))
        elif t.lower_.startswith("anti-"):
            spans.append((t.idx, t.idx + len(t.text)))
    return spans


def _kept(actor, head, registry: Registry, subject: bool) -> list[Actor]:
    if actor is None:
        return []
    if subject:  # the antecedent for a later "he"/"she" or "they"
        if actor.role or head.ent_type_ == "PERSON":
            registry.last_person = actor
        else:
            registry.last_group = actor
    return [actor]


def _abstract(head) -> bool:
    """An act, an idea or a state of affairs (knowledge/data/arguments.yaml `abstract`)."""
    from .knowledge.arguments import arguments
    words = arguments().abstract
    return head.lower_ in words or head.lemma_.lower() in words


COMPASS = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
           "north-east", "north-west", "south-east", "south-west", "northeastern", "northwestern",
           "southeastern", "southwestern", "occupied", "besieged"}


def _place_actor(head, registry, start: int, end: int) -> Actor | None:
    """A bare place name as a party: the place's country ("Russia struck Kharkiv" -> UKR)."""
    from .knowledge.gazetteer import gazetteer
    if not gazetteer().known(head.text) or (head.text.isupper() and not head.doc.text.isupper()):
        return None  # "The INS offered": an acronym in a mixed-case text is a body, not Ins (CHE)
    place = gazetteer().resolve(head.text, countries=registry.countries())
    if place is None or not place.country:
        return None
    from .knowledge.gazetteer import normalise
    if head.ent_type_ != "GPE" and place.name and place.name.lower() != head.text.lower() \
            and normalise(head.text) not in gazetteer().demonyms:
        return None  # "Gove" is Michael Gove, not Nhulunbuy; "East Africa" no town: only a place's own name
    return Actor(name=place.name or head.text, text=head.text, country=place.country,
                 in_knowledge_base=False, start=start, end=end)


def _misspelt(head, tokens, text, start, end, registry, on, former) -> Actor | None:
    """A known name with one typing slip ("Ethopia", "President Abdelaziz Bouteflicka")."""
    entry = registry.kb.near(head.text, on=on)
    if entry is None:
        return None
    if _given_name_before(head) and head.doc[head.i - 1].text.lower() not in entry.name.lower():
        return None  # another person's given name: not a slip of this one
    given = [t for t in tokens if t is not head and t.pos_ == "PROPN" and t.lower_ not in NAME_PARTICLES
             and t.ent_type_ not in ("GPE", "NORP", "LOC", "ORG") and registry.kb.title(t.text) is None
             and registry.kb.lookup(t.text) is None]  # not "Islamic State leader Bagdadi"
    if given and not any(t.lower_ in entry.name.lower() for t in given):
        return None  # "Abu Huzaifa al-Kanadi" is no slip of "Nasser Kanaani", "Faylaq al-Rahman" of a Rahman
    actor = _actor(entry, head.text, start, end, text=text)
    if actor.sector is None and entry.kind == "person":
        sector = _title_sector(tokens, registry, former)
        actor = _replace(actor, sector=sector, sectors=(sector,) if sector else ())
    return actor


def _adjective_names(matches) -> set[str]:
    return {m[2].name for m in matches if m[2].kind == "adjective"}


def _from_matches(matches, head_span, doc_text, abs_start, abs_end, text, former, registry, on):
    covering = [m for m in matches if m[0] <= head_span[0] < m[1]]
    if not covering:
        return None
    covering.sort(key=lambda m: (KIND_RANK.get(m[2].kind, 9), m[0] - m[1]))
    start, end, entry = covering[0]
    actor = _actor(entry, doc_text[start:end], abs_start, abs_end, text=text)
    if actor.country is None:  # a stateless people or group: "Iraqi Kurds" -> IRQ
        actor = _replace(actor, country=_country([m for m in matches if m is not covering[0]]))
    if entry.kind == "person":
        registry.remember(actor)
    if former and actor.sector not in (None, "ELI"):
        actor = _replace(actor, sector="ELI", sectors=("ELI",))
    return actor


def _other_first_name(match, doc_text: str, registry) -> bool:
    """"Oskar Fischer" is not Heinz Fischer: a surname match preceded by a different given name."""
    start, end, entry = match
    if entry.kind != "person" or " " in doc_text[start:end].strip():
        return False
    after = doc_text[end:].split()
    if after and after[0][:1].isupper() and after[0].strip(".,;:'\"“”’s").isalpha() and registry.kb.title(after[0]) is None:
        return True  # "Abdelaziz Bouteflika": the match is a given name, not Mohamed Abdelaziz
    before = doc_text[:start].split()
    if not before or not before[-1][:1].isupper() or registry.kb.title(before[-1]) is not None:
        return False
    given = before[-1].strip(".,;:'\"“”")
    if given.lower() in LEAD_WORDS | HONORIFICS:
        return False  # "The Trump administration", "Mr Trump": no given name
    return given.lower() not in entry.name.lower() and registry.kb.lookup(given) is None


NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "der", "le", "la"}


def _given_name_before(head) -> bool:
    previous = head.doc[head.i - 1] if head.i > 0 else None
    return previous is not None and previous.ent_type_ == "PERSON" and previous.pos_ == "PROPN"


def _person(head, tokens, matches, text, abs_start, abs_end, registry, former, on=None):
    known = registry.person(" ".join(t.text for t in tokens if t.ent_type_ == "PERSON") or head.text)
    if known:
        return _replace(known, text=text, start=abs_start, end=abs_end)
    # (not a surname the article gives someone else: "Jac Holmes ... Holmes" is not John Holmes)
    entry = registry.kb.lookup(head.text, on=on) if head.ent_type_ == "PERSON" \
        and head.text.lower() not in registry.namesakes else None
    if entry is not None and entry.kind == "person" and not _given_name_before(head):
        actor = _actor(entry, head.text, abs_start, abs_end, text=text)  # "President Bush"
        if actor.sector is None:
            actor = _replace(actor, sector=_title_sector(tokens, registry, former),
                             sectors=tuple(filter(None, [_title_sector(tokens, registry, former)])))
        registry.remember(actor)
        return actor
    country = _country(matches) or _place_country(head, registry)
    sector = _title_sector(tokens, registry, former)
    for appos in (c for c in head.children if c.dep_ == "appos"):
        # "Kenzo Oshima, the United Nations Emergency Relief Coordinator"
        described = sorted(appos.subtree, key=lambda t: t.i)
        words = head.doc.text[described[0].idx:described[-1].idx + len(described[-1].text)]
        country = country or _country(registry.kb.scan(words, on=on))
        sector = sector or _title_sector(described, registry, any(t.lower_ in FORMER for t in described))
    name = " ".join(t.text for t in tokens if t.ent_type_ == "PERSON") or head.text
    actor = Actor(name=name, text=text, country=country, sector=sector,
                  sectors=(sector,) if sector else (), in_knowledge_base=False,
                  start=abs_start, end=abs_end)
    registry.remember(actor)
    return actor


def _agent(head, tokens, matches, text, abs_start, abs_end, registry, former):
    near = [t for t in tokens if t.pos_ in ("NOUN", "ADJ") and t.i >= head.i - 2]
    # the words as written first: "armed men" is UAF, its lemmas "arm man" only a man (CVL)
    entry = (registry.kb.agent(" ".join(t.lower_ for t in near)) or
             registry.kb.agent(" ".join(t.lemma_.lower() for t in near)) or
             registry.kb.agent(head.lemma_.lower()) or registry.kb.agent(head.lower_))
    if entry is None:
        return None
    sector = "ELI" if former and entry.sector in ("GOV", "MIL", None) else entry.sector
    if entry.sector in ("GOV", "OPP") and _party_to(head):
        # "talks between the regime and opposition in Vienna": a government or an opposition
        # taking part in talks is the one the article introduced ("the Assad regime"), not one of
        # the venue the parser hung on it ("the government of Iraq condemned" keeps Iraq)
        country = (_country(matches) or _named_place_country(tokens, registry) or _possessor_country(head, registry)
                   or _introduced_country(head, abs_start, registry) or _place_country(head, registry))
    else:
        country = (_country(matches) or _place_country(head, registry) or _named_place_country(tokens, registry)
                   or _possessor_country(head, registry) or _introduced_country(head, abs_start, registry))
    owner = next((m[2] for m in matches if m[2].kind in ("metonym", "organisation") and m[2].sector), None)
    if owner and entry.sector in ("GOV", None) and not former:
        sector = owner.sector  # "Pentagon officials" are USA MIL
    return Actor(name=text, text=text, country=country, sector=sector,
                 sectors=(sector,) if sector else (), in_knowledge_base=False,
                 start=abs_start, end=abs_end)


def _party_to(head) -> bool:
    """The phrase is a party named in a between- or with-phrase of a noun ("talks between the
    regime and opposition", "negotiations with the government")."""
    token = head
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in ("between", "with") and token.head.head.pos_ == "NOUN"


def _introduced_country(head, at: int, registry) -> str | None:
    """"the regime" after "the Assad regime", "the police" after "Kenyan police": the country the
    article gave the same kind of agent, nearest before (else first after) the phrase at `at` -
    the narrative's, not the nearest place name's (issue 11, item 5)."""
    text, word = registry.article.reading, head.lower_
    if len(word) < 3:
        return None
    found = []
    for start, end, entry in registry.scan_matches:
        if not entry.country or len(entry.country) != 3 or entry.country in SPECIAL_CODES:
            continue
        after = text[end:end + len(word) + 4].lower().replace("’", "'").removeprefix("'s").lstrip()
        if text[max(0, start - 5):start].lower().endswith(("anti-", "anti ")) or after.startswith("-"):
            continue  # "anti-Castro demonstrators", "US-backed police": another party named
        if entry.name.lower().endswith(" " + word) or after.startswith(word):
            found.append((start, entry.country))
    before = [country for start, country in found if start < at]
    later = [country for start, country in found if start >= at]
    return before[-1] if before else (later[0] if later else None)


def _named_place_country(tokens, registry) -> str | None:
    """"Darfur rebels", "Gaza residents", "Grand Prairie police": a place named inside the
    phrase gives the country."""
    from .knowledge.gazetteer import gazetteer
    for token in tokens:
        if token.ent_type_ in ("GPE", "LOC") and token.dep_ in ("compound", "amod", "nmod"):
            place = gazetteer().resolve(token.text, countries=registry.countries())
            if place and place.country:
                return place.country
    names = [t for t in tokens if t.pos_ == "PROPN" and t.dep_ == "compound" and t.ent_type_ != "PERSON"]
    if names and names[-1].i - names[0].i == len(names) - 1:  # one run of names: "Grand Prairie"
        words = names[0].doc.text[names[0].idx:names[-1].idx + len(names[-1].text)]
        place = gazetteer().resolve(words, countries=registry.countries()) if gazetteer().known(words) else None
        if place and place.country:
            return place.country
    return None


POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}


def _possessor_country(head, registry) -> str | None:
    """"Bosnian Serbs said their forces had withdrawn": the owner is the one who speaks,
    else the article's last actor of that kind ("the army said its warplanes ...")."""
    if not any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in head.children):
        return None
    token = head
    for _ in range(6):
        if token.head is token:
            break
        token = token.head
        subjects = [c for c in token.children if c.dep_ == "nsubj" and c.i < head.i and c is not head
                    and c.lower_ not in POSSESSIVE_PRONOUNS]
        if subjects:
            words = " ".join(t.text for t in sorted(subjects[0].subtree, key=lambda t: t.i))
            found = _country(registry.kb.scan(words))
            if found:
                return found
    last = registry.last_group or registry.last_person
    return last.country if last else None


GROUP_NOUNS = {"forum", "group", "council", "committee", "association", "organization", "organisation",
               "union", "alliance", "movement", "party", "front", "agency", "body", "bloc", "league",
               "commission", "assembly", "congress", "court", "board", "company", "firm", "bank"}


def _organisation(head, tokens, offset: int) -> Actor | None:
    """"the APEC forum", "Amnesty International": a named organisation, coded with no country."""
    ents = [t for t in tokens if t.ent_type_ == "ORG"]
    if not ents or not (head.ent_type_ == "ORG" or head.lemma_.lower() in GROUP_NOUNS):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = head.doc.text[start:end]
    words = [t.lower_ for t in ents]
    sector = "NGO" if {"amnesty", "crescent", "médecins"} & set(words) or " ".join(words).count("red cross") \
        or "rights watch" in " ".join(words) else None  # not "a red Dodge Durango"
    return Actor(name=text, text=text, sector=sector, sectors=(sector,) if sector else (),
                 start=offset + start, end=offset + end)


def _owner(matches, text, start, end, registry) -> Actor | None:
    """The state or organisation a phrase belongs to, when its head names no actor itself."""
    owners = [m for m in matches if m[2].kind in ("state", "adjective", "organisation", "metonym", "pre")]
    if not owners:
        return None
    entry = owners[0][2]
    name = entry.name if entry.kind != "adjective" else (registry.kb.country_name(entry.country) or entry.name)
    return Actor(name=name, text=text, country=entry.country,
                 sector=entry.sector if entry.kind in ("organisation", "metonym") else None,
                 sectors=tuple(entry.sectors) if entry.kind in ("organisation", "metonym") else (),
                 wikidata=entry.wikidata if entry.kind != "adjective" else None,
                 in_knowledge_base=True, start=start, end=end)


def _pronoun(head, sentence, registry: Registry, on, subject: bool) -> list[Actor]:
    if not subject or not (head.i == _clause_start(head) or head.dep_ in ("nsubj", "nsubjpass")):
        return []  # "Wednesday, he called for ...", "said that he would": the clause's subject
    antecedent = registry.last_person if head.lower_ in PERSON_PRONOUNS else registry.last_group
    if head.lower_ in PERSON_PRONOUNS:
        at = sentence.start + head.idx
        antecedent = _person_before(head, sentence, registry, on) or _nearer(
            antecedent, _person_named_before(at, registry, on), at)
    elif head.lower_ == "they":
        group = _group_before(head, sentence, registry, on)
        if group:
            start = sentence.start + head.idx
            return [_replace(a, text=head.text, start=start, end=start + len(head.text)) for a in group]
    if antecedent is None:
        return []
    start = sentence.start + head.idx  # the pronoun itself is the evidence
    return [_replace(antecedent, text=head.text, start=start, end=start + len(head.text))]


SPEAKER_PRONOUNS = {"it", "they", "he", "she"}


def _speaker(pronoun, registry: Registry):
    """"Turkey said it opposed the invitation", "the opposition said it would not attend":
    the subject pronoun of a clause reported by a verb of saying means the speaker, when the two
    agree — "it" one thing that is no person, "they" several or a group, "he"/"she" a person
    named or titled ("the minister said he would"; not "the ministry said he had been
    detained"). A speaker who speaks for someone ("Navalny's lawyer", "a spokesman for the
    ministry") is left alone: the pronoun often means the one spoken for. None otherwise."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in triggers().reporting:
        return None
    saying = clause.head
    speakers = [c for c in saying.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
    if not speakers and saying.dep_ == "relcl" and any(
            c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that") for c in saying.children):
        speakers = [saying.head]  # "al-Kanadi, who says he carried out two killings"
    if not speakers or speakers[0].pos_ not in ("NOUN", "PROPN"):
        return None
    speaker, word = speakers[0], pronoun.lower_
    if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("for", "of")) for c in speaker.children):
        return None
    person = speaker.ent_type_ == "PERSON"
    plural = speaker.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in speaker.children)
    if word == "it":
        agrees = not person and not plural
    elif word == "they":
        agrees = plural or speaker.ent_type_ in ("NORP", "ORG")
    else:
        agrees = not plural and (person or registry.kb.title(speaker.text) is not None)
    return speaker if agrees else None


def _person_named_before(at: int, registry: Registry, on) -> Actor | None:
    """The person the article names last before offset `at`, known or not ("Trump cited ...
    Tuesday. Wednesday, he called for ...")."""
    text = registry.article.reading
    known = [(s, e, entry) for s, e, entry in registry.scan_matches if entry.kind == "person" and e <= at
             and not _other_first_name((s, e, entry), text, registry)]
    named = [(sentence.start + ent.start_char, sentence, ent) for sentence in registry.article.sentences
             if sentence.doc is not None and sentence.start < at for ent in sentence.doc.ents
             if ent.label_ == "PERSON" and ent.root.pos_ == "PROPN" and sentence.start + ent.end_char <= at]
    if named and (not known or named[-1][0] > known[-1][0]):
        _, sentence, ent = named[-1]
        found = code_phrase(ent.root, sentence, registry, on, subject=False)
        return found[0] if found else None
    if known:
        start, end, entry = known[-1]
        return _actor(entry, text[start:end], start, end)
    return None


def _nearer(a: Actor | None, b: Actor | None, at: int) -> Actor | None:
    """Of two antecedents, the one named last before `at`."""
    if a is None or b is None:
        return a or b
    return a if (a.start or -1) >= (b.start or -1) and (a.start or -1) < at else b


def _person_before(pronoun, sentence, registry: Registry, on) -> Actor | None:
    """"... that Gonzalez, who was divorced, is an unfit father, nor that he has been coerced":
    a person named earlier in the pronoun's own sentence, a subject first, is whom it means."""
    people = [e.root for e in pronoun.doc.ents if e.label_ == "PERSON" and e.end <= pronoun.i
              and e.root.pos_ == "PROPN"]
    subjects = [p for p in people if p.dep_ in ("nsubj", "nsubjpass")]
    # "The former first lady and U.S. senator said ..., but she denied": a singular subject
    described = [c for t in pronoun.doc[:pronoun.i] if t.dep_ in ("nsubj", "nsubjpass")
                 and t.tag_ in ("NN", "NNP") and t.ent_type_ not in ("GPE", "ORG", "NORP")
                 for c in (*reversed(t.conjuncts), t)]
    for candidates in (subjects, people, described):
        for token in reversed(candidates):
            named = code_phrase(token, sentence, registry, on, subject=False)
            if named and (token.ent_type_ == "PERSON" or named[0].role or named[0].sector
                          or _titled(token, registry)):
                return named[0]
    return None


def _group_before(pronoun, sentence, registry: Registry, on) -> list[Actor]:
    """"As the group capitulated, MI6, the CIA and France's DGSE have had access to informants
    whom they have met": parties named as the plural subject of the sentence's main clause,
    before the pronoun, are whom "they" means, before any group of earlier sentences ("Rwandan
    rebels announced that Kagame and his party must agree before they demobilize": the rebels)."""
    reporting = triggers().reporting
    subjects = [t for t in pronoun.doc[:pronoun.i] if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
                and t.head.dep_ == "ROOT" and (t.tag_ in ("NNS", "NNPS") or t.conjuncts)
                and t.head.lemma_.lower() not in reporting]  # (a speaker's "they": `_speaker`)
    for token in reversed(subjects):
        named = [a for t in (token, *token.conjuncts) for a in code_phrase(t, sentence, registry, on, subject=False)]
        if named and (named[0].country or named[0].sector):
            return named
    return []


def _titled(token, registry: Registry) -> bool:
    """"the former first lady and U.S. senator": a phrase that names a person by title."""
    return any(registry.kb.title(t.text) is not None for t in (token, *token.conjuncts))


def _clause_start(token) -> int:
    first = token.head if token.dep_ == "nsubj" else token
    return min(t.i for t in first.subtree if t.dep_ != "punct") if first is not token else token.i


def _country(matches) -> str | None:
    for _, _, entry in sorted(matches, key=lambda m: KIND_RANK.get(m[2].kind, 9)):
        if entry.country:
            return entry.country
    return None


def _place_country(head, registry: Registry) -> str | None:
    """"police in Istanbul": a place attached to the phrase gives its country."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "from"):
            for pobj in prep.children:
                if pobj.ent_type_ in ("GPE", "LOC"):
                    from .knowledge.gazetteer import gazetteer
                    place = gazetteer().resolve(pobj.text, countries=registry.countries())
                    if place and place.country:
                        return place.country
    return None


def _title_sector(tokens, registry: Registry, former: bool) -> str | None:
    words = " ".join(t.text for t in tokens if t.ent_type_ != "PERSON" and t.dep_ != "poss"
                     and t.pos_ in ("NOUN", "PROPN", "ADJ"))
    entry = registry.kb.title(words) if words else None
    if entry is None:
        for t in tokens:
            entry = entry or (registry.kb.title(t.text) if t.ent_type_ != "PERSON" else None)
    if former:
        return "ELI"
    return entry.sector if entry else None


def _actor(entry, matched: str, start, end, text: str | None = None) -> Actor:
    return Actor(name=entry.name, text=text or matched, country=entry.country, sector=entry.sector,
                 sectors=tuple(entry.sectors) or ((entry.sector,) if entry.sector else ()),
                 wikidata=entry.wikidata, role=entry.role,
                 in_knowledge_base=entry.in_knowledge_base, start=start, end=end)


def _replace(actor: Actor, **changes) -> Actor:
    from dataclasses import replace
    return replace(actor, **changes)
