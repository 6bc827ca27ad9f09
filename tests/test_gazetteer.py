"""The offline gazetteer: resolution cases, aliases, context and the cache."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml

from tacitus.knowledge import gazetteer as gz
from tacitus.knowledge.gazetteer import describe_place, gazetteer, resolve_all, toponyms

CASES = Path(__file__).with_name("place_cases.tsv")


def _cases():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, context, country, feature, latlon = line.split("\t")
            lat, lon = (float(v) for v in latlon.split(","))
            yield pytest.param(name, tuple(c for c in context.split(",") if c), country, feature,
                               lat, lon, id=f"{name}|{context}")


def test_enough_cases():
    assert len(list(_cases())) >= 50


@pytest.mark.parametrize("name,context,country,feature,lat,lon", list(_cases()))
def test_resolution_case(name, context, country, feature, lat, lon):
    place = gazetteer().resolve(name, context)
    assert place is not None, name
    assert (place.country or "", place.feature) == (country, feature)
    assert abs(place.lat - lat) <= 0.5 and abs(place.lon - lon) <= 0.5


def test_sizes():
    records = gazetteer().records
    features = {f: sum(r.feature == f for r in records) for f in ("country", "admin1", "city")}
    assert features["country"] >= 240 and features["admin1"] >= 51 and features["city"] >= 100_000


def test_candidates_best_first_and_text_kept():
    found = gazetteer().candidates("Springfield")
    assert len(found) > 5 and all(p.text == "Springfield" for p in found)
    assert found[0].feature == "city"
    assert gazetteer().candidates("Qwxzzy") == []


def test_near_picks_the_nearby_namesake():
    illinois = gazetteer().resolve("Illinois")
    place = gazetteer().resolve("Springfield", ("USA",), near=(illinois.lat, illinois.lon))
    assert place.admin1 == "Illinois"


def test_unknown_and_normalisation():
    gaz = gazetteer()
    assert gaz.resolve("Nowhereville Xq") is None
    assert gaz.resolve("KYIV").name == "Kyiv"
    assert gaz.resolve("Kyiv's").name == "Kyiv"
    assert gaz.resolve("Zürich").country == gaz.resolve("Zurich").country == "CHE"


def test_country_place_and_iso3():
    usa = gazetteer().country("USA")
    assert usa.feature == "country" and usa.name == "United States" and usa.geonames_id == 6252001
    assert gazetteer().country("XXX") is None
    assert gazetteer().resolve("Russian").country == "RUS"  # demonyms name their country


def test_describe_place():
    info = describe_place("Georgia", ("USA",))
    assert info["found"] and info["country"] == "USA" and info["admin1"] == "Georgia"
    assert set(info) >= {"name", "country", "admin1", "feature", "lat", "lon", "geonames_id"}
    assert describe_place("Qwxzzy") == {"name": "Qwxzzy", "found": False}


def test_aliases_file_is_well_formed():
    data = yaml.safe_load(gz.ALIASES.read_text(encoding="utf-8"))
    for section in ("metonyms", "variants"):
        for alias, spec in data[section].items():
            assert set(spec) <= {"place", "country", "admin1"}, alias
    for name, spec in data["regions"].items():
        assert -90 <= spec["lat"] <= 90 and -180 <= spec["lon"] <= 180, name


def test_resolve_all_uses_the_articles_own_places():
    places = resolve_all(["Springfield", "Illinois", "Peoria"])
    assert places[0].admin1 == "Illinois"


def test_toponyms_offsets_and_filtering():
    text = "KYIV, Ukraine - Russia launched drones at Odesa on Monday, the Kremlin said."
    found = toponyms(text)
    assert [text[s:e] for s, e, _ in found] == ["KYIV", "Ukraine", "Russia", "Odesa", "Kremlin"]
    assert all((p.start, p.end) == (s, e) for s, e, p in found)
    assert toponyms("Russian officials met on Monday.") == []
    assert [p.country for *_, p in toponyms("Russian officials met.", demonyms=True)] == ["RUS"]


def test_cache_round_trip_gives_the_same_gazetteer(tmp_path, monkeypatch):
    """A cache may only change the speed, never an answer."""
    text = gz.ALIASES.read_text(encoding="utf-8")
    built = gz._build(text)
    path = tmp_path / "g.pickle"
    gz._write_cache(path, built)
    with path.open("rb") as f:
        loaded = gz.Gazetteer(*pickle.load(f))
    fresh = gz.Gazetteer(*built)
    for name, context in (("Paris", ("USA",)), ("Georgia", ()), ("Kremlin", ()), ("Gaza", ())):
        assert loaded.resolve(name, context) == fresh.resolve(name, context)
    assert len(loaded) == len(fresh)


def test_a_compass_region_or_the_world_is_no_place():
    from tacitus.knowledge.gazetteer import gazetteer
    for name in ("north-east", "North East", "Earth", "south-west"):
        assert gazetteer().resolve(name, ("USA",)) is None, name


def test_the_gulf_is_the_region_not_a_county_in_florida():
    from tacitus.knowledge.gazetteer import gazetteer
    for name in ("the Gulf", "Gulf", "Persian Gulf"):
        place = gazetteer().resolve(name, ("USA",))
        assert place is not None and place.country is None and place.feature == "region", name
