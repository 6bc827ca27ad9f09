"""Who is who, as of when: the actor knowledge base and its resolver.

`Knowledge` indexes every known name (states and their adjectives, partially recognised
entities, metonyms, organisations, people) and answers `lookup`, `scan`, `agent` and `title`.
A person is resolved on a date from their role history:

- the role whose [start, end] holds the date gives country and sector (several roles at once:
  the sector of the highest-ranked one leads, all of them go in `sectors`);
- after the last role ended, a former holder of a government, military, legislative, judicial,
  police or intelligence post is ELI of that country (PLOVER sector ELI, "former government
  officials"); someone whose last role was non-governmental (party leader, rebel commander)
  keeps that sector;
- before the first role, the person keeps a non-governmental first role's sector, else none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .loading import PersonRecord, Role, Sources, data_files, parse_date, read_file
from .names import NameIndex, Slot, key, sentence_break, tokens

DATA_DIR = Path(__file__).parent / "data"
OFFICIAL = frozenset({"GOV", "MIL", "SPY", "LEG", "JUD", "COP"})
SECTOR_RANK = {s: i for i, s in enumerate(
    "GOV MIL SPY LEG JUD COP PRM REB OPP PTY JRN BUS REL MED EDU LAB AGR CVL REF CRM UAF ELI UNK".split())}
EAST_ASIAN_ORDER = frozenset({"CHN", "PRK", "KOR", "TWN", "HKG"})
PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "del", "della",
                       "dos", "das", "le", "la", "bin", "ibn", "ben"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# "Juan Carlos I", "Charles III", "Rama X": a monarch is named by the whole name, never a surname.
REGNAL = re.compile(r"^[IVXL]+$")
# Never a surname: an English function word or pronoun would code every "I", "He" or "Will".
FUNCTION_WORDS = frozenset(
    "i me my we us our you your he him his she her it its they them their a an the and or but "
    "if of in on at by to for from with as is be am are was were been do does did so no not up "
    "out over under after before about this that these those who whom what which when where why "
    "how there here then than all any one can may will shall should would could must has have "
    "had say said also just only very".split())
# Titles and common nouns that are also family names ("Stephenson King", "Hussein al-Sheikh"):
# as a bare word in news they are almost always the title, never the person.
TITLE_WORDS = frozenset(
    "president king queen prince princess sheikh emir general minister premier chancellor "
    "pope leader chief governor mayor senator judge colonel major captain sergeant bishop "
    "imam mullah sultan shah chairman secretary speaker ambassador envoy lord lady sir dr "
    "mr mrs ms saint may rice brown white black green young long short little power law "
    "church hope".split())
HEAD_ROLES = ("president", "prime minister", "chancellor", "supreme leader", "king", "queen",
              "emir", "crown prince", "general secretary", "secretary-general", "premier")
# Surnames that are also ordinary English words are looked up but never scanned.
COMMON_WORDS = frozenset("may power rice brown young king black white green price hill long "
                         "rich love hope little cook baker mills wood church will rose said "
                         "march ford bush lee kim".split())
PRIORITY = {"state": 50, "pre": 50, "person": 50, "organisation": 40, "metonym": 40, "agent": 35,
            "adjective": 30, "surname": 10}
USER_BONUS = 100


@dataclass(frozen=True)
class Entry:
    """One coded name, as of a date."""

    name: str
    kind: str        # person | organisation | state | metonym | adjective | agent | pre
    country: str | None
    sector: str | None
    sectors: tuple[str, ...] = ()
    wikidata: str | None = None
    role: str | None = None
    role_start: str | None = None
    role_end: str | None = None
    surname: str | None = None
    in_knowledge_base: bool = True


@dataclass(frozen=True)
class State:
    code: str
    name: str
    adjectives: tuple[str, ...] = ()
    capital: str | None = None
    wikidata: str | None = None


@dataclass
class Person:
    name: str
    aliases: tuple[str, ...]
    wikidata: str | None
    roles: tuple[Role, ...]
    surname: str | None
    prominence: float = 0.0
    _cache: dict = field(default_factory=dict, repr=False)

    def on(self, day: date) -> Entry:
        entry = self._cache.get(day)
        if entry is None:
            entry = self._cache[day] = resolve(self, day)
        return entry


def resolve(person: Person, day: date) -> Entry:
    """The person's country and sector on `day` (see the module docstring for the rule)."""
    active = [r for r in person.roles if r.start <= day and (r.end is None or day <= r.end)]
    if active:
        active.sort(key=lambda r: (SECTOR_RANK.get(r.sector, 99), -r.start.toordinal()))
        lead = active[0]
        sectors = tuple(dict.fromkeys(r.sector for r in active))
        return _person_entry(person, lead.country, lead.sector, sectors, lead)
    past = [r for r in person.roles if r.end is not None and r.end < day]
    if past:
        last = max(past, key=lambda r: (r.end, r.start))
        if last.sector in OFFICIAL:
            return _person_entry(person, last.country, "ELI", ("ELI",), last, former=True)
        return _person_entry(person, last.country, last.sector, (last.sector,), last)
    first = min(person.roles, key=lambda r: r.start)
    if first.sector in OFFICIAL:
        return _person_entry(person, first.country, None, (), None)
    return _person_entry(person, first.country, first.sector, (first.sector,), first)


def _person_entry(person: Person, country: str, sector: str | None, sectors: tuple[str, ...],
                  role: Role | None, former: bool = False) -> Entry:
    title = None
    if role is not None:
        title = f"former {role.role}" if former else role.role
    return Entry(person.name, "person", country, sector, sectors, person.wikidata, title,
                 role.start_text if role else None, role.end_text if role else None,
                 person.surname)


def as_date(on: date | datetime | str | None, default: date) -> date:
    if on is None:
        return default
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    return parse_date(str(on), end=False, where="date")


def regnal_base(name: str) -> str | None:
    """"Juan Carlos I" -> "Juan Carlos": a monarch's name without the numeral, when two words remain."""
    words = name.split()
    if len(words) > 2 and REGNAL.match(words[-1]):
        return " ".join(words[:-1])
    return None


def surnames(name: str, country: str, aliases: tuple[str, ...]) -> list[str]:
    """The names a later mention uses: "Trump", "von der Leyen", "al-Sharaa" and "Sharaa"."""
    if REGNAL.match(name.split()[-1] if name.split() else ""):
        return []
    words = [w for w in name.split() if w.casefold() not in NAME_SUFFIXES]
    if not words:
        return []
    single = [a for a in aliases if " " not in a and a in words]
    if single:
        return [s for s in single[:1] if usable_surname(s, country)]
    if country in EAST_ASIAN_ORDER and len(words) > 1:
        return [w for w in words[:1] if usable_surname(w, country)]
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    found = [" ".join(words[start:])] if len(words) > 1 else []
    last = words[-1]
    if last[:3].casefold() in ("al-", "el-") and len(last) > 4:
        found.append(last[3:])
    return [f for f in found if usable_surname(f, country)]


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def usable_surname(form: str, country: str) -> bool:
    """One or two letters only for a Chinese or Korean family name written "Xi" (never "He")."""
    k = key(form)
    if not k or k in FUNCTION_WORDS or k in TITLE_WORDS:
        return False
    if len(k) > 2:
        return True
    return country in EAST_ASIAN_ORDER and form[:1].isupper() and form[1:].islower()


class Knowledge:
    """The loaded actor knowledge. Build it with `Knowledge.load()`; it never changes after."""

    def __init__(self, sources: Sources) -> None:
        self._sources = sources
        self.as_of = sources.as_of or date.today().isoformat()
        self._as_of_date = parse_date(self.as_of, end=False, where="as_of")
        self._index = NameIndex()
        self._states: dict[str, State] = {}
        self._names: dict[str, str] = {}
        self._places: dict[str, str] = {}
        self._state_like: dict[int, Entry] = {}     # id(state/adjective entry) -> its state
        self._state_like_pairs: list[tuple[Entry, Entry]] = []  # the same, by object (pickling)
        self._pattern_cache: dict[tuple[str, str, str, str], Entry] = {}
        self._suffixes: dict[str, str] = {key(s): sector for s, sector in sources.patterns.items()}
        self._suffix_trie = _trie(self._suffixes)
        self._suffix_depth = max((k.count(" ") + 1 for k in self._suffixes), default=0)
        self.people_rows = sum(len(p.roles) for p in sources.people.values())
        self.problems: tuple[str, ...] = tuple(sources.problems)   # bundled rows skipped
        self._index_states()
        self._index_named()
        self._index_people()
        self._index.build()
        self._agents = {key(k): _plain(v, "agent") for k, v in sources.agents.items()}
        self._titles = {key(k): _plain(v, "agent") for k, v in sources.titles.items()}
        self._former = {key(w) for w in sources.modifiers["former"]}
        self._ignored = {key(w) for w in sources.modifiers["ignore"]}

    def _mark_state_like(self, entry: Entry, adjective: Entry) -> None:
        for one in (entry, adjective):
            self._state_like[id(one)] = adjective
            self._state_like_pairs.append((one, adjective))

    def __getstate__(self) -> dict:
        # `_state_like` is keyed by object identity, which a pickle does not keep: rebuilt from
        # the pairs (whose objects the pickle does share with the index) when loaded
        state = dict(self.__dict__)
        state["_state_like"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._state_like = {id(one): adjective for one, adjective in self._state_like_pairs}

    @classmethod
    def load(cls, data_dir: Path | None = None, extra_files: tuple[Path, ...] = ()) -> Knowledge:
        """Read the data folder, then `extra_files` (YAML or people CSV) overriding by name."""
        sources = Sources()
        for path in data_files(Path(data_dir) if data_dir else DATA_DIR):
            read_file(path, sources, override=False)
        for path in extra_files:
            read_file(Path(path), sources, override=True)
        return cls(sources)

    # -- building the index ------------------------------------------------------------------
    def _priority(self, kind: str, name: str, scan: bool = True) -> int:
        bonus = USER_BONUS if name in self._sources.user_names else 0
        return PRIORITY[kind] + bonus - (0 if scan else 5)

    def _index_states(self) -> None:
        for code, raw in self._sources.special.items():
            self._names[code] = raw["name"]
        for code, raw in self._sources.states.items():
            adjectives = tuple(raw.get("adjectives") or ())
            state = State(code, raw["name"], adjectives, raw.get("capital"), raw.get("wikidata"))
            self._states[code], self._names[code] = state, state.name
            entry = Entry(state.name, "state", code, None, (), state.wikidata)
            adjective = Entry(state.name, "adjective", code, None, (), state.wikidata)
            self._mark_state_like(entry, adjective)
            prio = self._priority("state", state.name)
            for form in [state.name, *(raw.get("aliases") or ()), *(raw.get("historical") or ())]:
                self._index.add(str(form), entry, prio)
            for form in [*adjectives, *(raw.get("demonyms") or ())]:
                self._index.add(str(form), adjective, self._priority("adjective", state.name))

    def _index_named(self) -> None:
        for (kind, name), raw in self._sources.named.items():
            sectors = tuple(raw["sectors"])
            entry = Entry(name, kind, raw["country"], sectors[0] if sectors else None, sectors,
                          raw.get("wikidata"))
            scan = raw.get("scan", True) is not False
            prio = self._priority(kind, name, scan)
            for form in [name, *(raw.get("aliases") or ())]:
                self._index.add(str(form), entry, prio, scan)
            if raw.get("place"):
                self._places[key(name)] = raw["place"]
            if kind == "pre":
                adjective = Entry(name, "adjective", raw["country"], "PRE", ("PRE",))
                self._mark_state_like(entry, adjective)
                for form in [*(raw.get("adjectives") or ()), *(raw.get("demonyms") or ())]:
                    self._index.add(str(form), adjective, self._priority("adjective", name))

    def _index_people(self) -> None:
        people = [self._person(record) for record in self._sources.people.values()]
        for person in people:
            prio = self._priority("person", person.name) + person.prominence
            for form in (person.name, *person.aliases):
                if " " in form.strip() or usable_surname(form, person.roles[0].country):
                    self._index.add(form, person, prio)
            base = regnal_base(person.name)
            if base:
                self._index.add(base, person, prio)
        for person in people:
            prio = self._priority("surname", person.name) + person.prominence
            forms = {s for f in (person.name, *person.aliases) if " " in f
                     for s in surnames(f, person.roles[0].country, person.aliases)}
            for form in forms:
                self._index.add(form, person, prio, scan=key(form) not in COMMON_WORDS,
                                exact=len(key(form)) <= 2)

    def _person(self, record: PersonRecord) -> Person:
        roles = tuple(sorted(record.roles, key=lambda r: r.start))
        found = surnames(record.name, roles[0].country, tuple(record.aliases))
        heads = [r for r in roles if any(h in r.role.casefold() for h in HEAD_ROLES)]
        current = [r for r in roles if r.end is None or r.end >= self._as_of_date]
        prominence = (0.5 * bool(heads) + 0.25 * bool(set(heads) & set(current))
                      + min(len(roles), 20) / 100)
        return Person(record.name, tuple(record.aliases), record.wikidata, roles,
                      found[0] if found else None, prominence)

    # -- answering -------------------------------------------------------------------------
    def lookup(self, text: str, on: date | str | None = None) -> Entry | None:
        """The entry for a full name or alias (exactly, after normalisation), as of `on`."""
        slot = self._index.get(text)
        if slot is not None:
            return self._value(slot, on)
        return self._pattern_lookup(text)

    def written_names(self) -> dict[str, tuple[str, str]]:
        """Every name `scan` can find, by key, as written, and whether it is a person's name,
        a surname alone or another name: "recep tayyip erdogan" -> ("Recep Tayyip Erdoğan",
        "person"), "erdogan" -> ("Erdoğan", "surname"), "nato" -> ("NATO", "name") (for
        restoring case, `tacitus.truecase`)."""
        forms, full = self._index.forms, PRIORITY["person"]

        def kind(slot: Slot) -> str:
            if not isinstance(slot.value, Person):
                return "name"
            return "surname" if slot.priority < full else "person"
        return {k: (forms[k], kind(slot)) for k, slot in self._index.slots.items()
                if slot.scan and k in forms}

    def role_words(self) -> frozenset[str]:
        """The one-word generic agents and titles ("troops", "president", "police"): words a
        name can stand before ("US troops")."""
        return frozenset(k for k in (*self._agents, *self._titles) if k and " " not in k)

    def near(self, word: str, on: date | str | None = None) -> Entry | None:
        """A single-word name one typing slip away from exactly one known name ("Ethopia",
        "Bouteflicka"): for capitalised words the knowledge base does not know. Words under six
        letters are never guessed."""
        k = key(word)
        if len(k) < 6 or " " in k or self._index.get(word) is not None or k in self._given_names():
            return None  # "Bashar" is a given name, not a slip of "Bashir"
        buckets = self._near_buckets()
        hits = {slot_key for length in (len(k) - 1, len(k), len(k) + 1)
                for slot_key in buckets.get((k[0], length), ()) if _one_edit(k, slot_key)}
        if len(hits) != 1:
            return None
        slot = self._index.slots[hits.pop()]
        return self._value(slot, on)

    def _given_names(self) -> frozenset[str]:
        if not hasattr(self, "_given"):
            given = set()
            for slot in self._index.slots.values():
                name = getattr(slot.value, "name", "")
                if getattr(slot.value, "roles", None) is not None and " " in name:
                    given.update(key(w) for w in name.split()[:-1])
            self._given = frozenset(given)
        return self._given

    def _near_buckets(self) -> dict[tuple[str, int], list[str]]:
        if not hasattr(self, "_buckets"):
            buckets: dict[tuple[str, int], list[str]] = {}
            for slot_key in self._index.slots:
                if " " not in slot_key and len(slot_key) >= 5:
                    buckets.setdefault((slot_key[0], len(slot_key)), []).append(slot_key)
            self._buckets = buckets
        return self._buckets

    def scan(self, text: str, on: date | str | None = None) -> list[tuple[int, int, Entry]]:
        """Non-overlapping longest matches of known names in `text`, left to right."""
        toks, found, i = tokens(text), [], 0
        while i < len(toks):
            best_end, best = self._best_match(text, toks, i)
            if best is None:
                i += 1
                continue
            entry = best.on(as_date(on, self._as_of_date)) if isinstance(best, Person) else best
            found.append((toks[i][1], toks[best_end][2], entry))
            i = best_end + 1
        return found

    def _best_match(self, text: str, toks, i: int) -> tuple[int, object]:
        """The longest match at token `i`; a listed name beats a generated pattern of equal length."""
        candidates = []
        for j, slot in self._index.longest(text, toks, i):
            candidates.append((j, 1, slot.value))
            state = self._state_like.get(id(slot.value))
            extended = self._suffix_after(text, toks, j + 1) if state is not None else None
            if extended:
                written = text[toks[j + 1][1]:toks[extended[0]][2]]
                candidates.append((extended[0], 0, self._pattern_entry(state, extended[1], written)))
        if not candidates:
            return -1, None
        end, _, value = max(candidates, key=lambda c: (c[0], c[1]))
        return end, value

    def agent(self, words: str) -> Entry | None:
        """A generic agent ("police" -> COP, "gunmen" -> UAF); country None unless the noun fixes it."""
        parts = key(words).split()
        while parts and (parts[0] in _DETERMINERS or parts[0].isdigit()):
            parts = parts[1:]
        for start in range(len(parts)):
            phrase = " ".join(parts[start:])
            for variant in (phrase, *_number_variants(phrase)):
                if variant in self._agents:
                    return self._agents[variant]
        return None

    def title(self, words: str) -> Entry | None:
        """The sector a role title implies ("Foreign Minister" -> GOV, "former minister" -> ELI)."""
        parts, former, country = key(words).replace("ex ", "ex- ").split(), False, None
        while parts:
            phrase = " ".join(parts)
            if phrase in self._titles:
                found = self._titles[phrase]
                if former:
                    return Entry(found.name, "agent", country or found.country, "ELI", ("ELI",))
                if country and not found.country:
                    return Entry(found.name, "agent", country, found.sector, found.sectors)
                return found
            head = self._leading_state(parts)
            if head:
                country, parts = head
            elif parts[0] in self._former or parts[0] == "ex-":
                former, parts = True, parts[1:]
            elif parts[0] in self._ignored:
                parts = parts[1:]
            else:
                return None
        return None

    def state(self, code: str) -> State | None:
        return self._states.get(code)

    def country_name(self, code: str | None) -> str | None:
        return self._names.get(code) if code else None

    def place_of(self, name: str) -> str | None:
        """The place a metonym denotes ("Kremlin" -> "Moscow Kremlin"), for the gazetteer."""
        return self._places.get(key(name))

    def sizes(self) -> dict[str, int]:
        """How many entries of each kind are loaded (for reports and `tacitus actor --stats`)."""
        kinds: dict[str, int] = {}
        for _, raw in self._sources.named.items():
            kinds[raw["kind"]] = kinds.get(raw["kind"], 0) + 1
        return {"states": len(self._states), "special_codes": len(self._sources.special),
                "partially_recognised": kinds.get("pre", 0), "metonyms": kinds.get("metonym", 0),
                "organisations": kinds.get("organisation", 0), "patterns": len(self._suffixes),
                "agents": len(self._agents), "titles": len(self._titles),
                "people": len(self._sources.people), "people_rows": self.people_rows,
                "names": len(self._index.slots)}

    # -- helpers ---------------------------------------------------------------------------
    def _value(self, slot: Slot, on) -> Entry:
        value = slot.value
        if isinstance(value, Person):
            return value.on(as_date(on, self._as_of_date))
        return value

    def _leading_state(self, parts: list[str]) -> tuple[str, list[str]] | None:
        """("russia", "foreign", "minister") -> ("RUS", ["foreign", "minister"])."""
        for cut in range(min(len(parts) - 1, 5), 0, -1):
            slot = self._index.slots.get(" ".join(parts[:cut]))
            if slot is not None and id(slot.value) in self._state_like:
                return slot.value.country, parts[cut:]
        return None

    def _suffix_after(self, text: str, toks, i: int) -> tuple[int, str] | None:
        node, found = self._suffix_trie, None
        for j in range(i, min(len(toks), i + self._suffix_depth)):
            if sentence_break(text, toks, j):
                break
            node = node.get(toks[j][0])
            if node is None:
                break
            if "" in node:
                found = (j, node[""])
        return found

    def _pattern_lookup(self, text: str) -> Entry | None:
        parts = key(text).split()
        for cut in range(len(parts) - 1, 0, -1):
            suffix = " ".join(parts[cut:])
            slot = self._index.slots.get(" ".join(parts[:cut]))
            if suffix in self._suffixes and slot is not None:
                state = self._state_like.get(id(slot.value))
                if state is not None:
                    return self._pattern_entry(state, suffix, suffix)
        return None

    def _pattern_entry(self, state: Entry, suffix_key: str, written: str) -> Entry:
        # the name keeps the words as written, so they are part of the key: a cache keyed on
        # the normalised suffix alone named "Syrian people" after whichever article came first
        cache_key = (state.name, state.country or "", suffix_key, written.strip())
        entry = self._pattern_cache.get(cache_key)
        if entry is None:
            sector = self._suffixes[suffix_key]
            sectors = (sector, "PRE") if "PRE" in state.sectors else (sector,)
            kind = "organisation" if sector in OFFICIAL else "agent"
            base = self._states.get(state.country)
            label = base.adjectives[0] if base and base.adjectives and base.name == state.name else state.name
            entry = Entry(f"{label} {written.strip()}", kind, state.country, sector, sectors)
            self._pattern_cache[cache_key] = entry
        return entry


_DETERMINERS = frozenset("the a an some several many few dozens hundreds thousands scores "
                         "two three four five six seven eight nine ten about more than".split())


def _number_variants(phrase: str) -> tuple[str, ...]:
    if phrase.endswith("ies"):
        return (phrase[:-3] + "y",)
    if phrase.endswith("men"):
        return (phrase[:-3] + "man",)
    if phrase.endswith("s"):
        return (phrase[:-1],)
    return (phrase + "s",)


def _plain(raw: dict, kind: str) -> Entry:
    sector = raw["sector"]
    return Entry(raw["name"], kind, raw.get("country"), sector, (sector,))


def _trie(keys) -> dict:
    root: dict = {}
    for k in keys:
        node = root
        for part in k.split(" "):
            node = node.setdefault(part, {})
        node[""] = k
    return root
