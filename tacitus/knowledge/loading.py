"""Reading the knowledge files (YAML and people CSV) into plain records, with checks.

Every problem is raised as `KnowledgeError` naming the file and the entry, so that whoever
edits a data file learns what to fix. The format of each file is documented in
`tacitus/knowledge/data/README.md`.
"""
from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..errors import KnowledgeError

SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF "
    "OPP PRE REL SOC".split())
PEOPLE_HEADER = ["name", "aliases", "wikidata", "country", "sector", "role", "start", "end"]
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Role:
    country: str
    sector: str
    role: str
    start: date
    end: date | None
    start_text: str
    end_text: str | None


@dataclass
class PersonRecord:
    name: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    roles: list[Role] = field(default_factory=list)

    def merge(self, other: PersonRecord) -> None:
        """Union of aliases and roles: the same person written in two files."""
        self.aliases += [a for a in other.aliases if a not in self.aliases]
        self.wikidata = self.wikidata or other.wikidata
        self.roles += [r for r in other.roles if r not in self.roles]


@dataclass
class Sources:
    """Everything read from the files, before indexing. Later files override by name."""

    as_of: str = ""
    states: dict[str, dict] = field(default_factory=dict)        # code -> entry
    special: dict[str, dict] = field(default_factory=dict)       # code -> entry
    named: dict[tuple[str, str], dict] = field(default_factory=dict)  # (kind, name) -> entry
    patterns: dict[str, str] = field(default_factory=dict)       # suffix -> sector
    agents: dict[str, dict] = field(default_factory=dict)        # phrase -> entry
    titles: dict[str, dict] = field(default_factory=dict)        # phrase -> entry
    modifiers: dict[str, set[str]] = field(default_factory=lambda: {"former": set(), "ignore": set()})
    people: dict[str, PersonRecord] = field(default_factory=dict)
    user_names: set[str] = field(default_factory=set)            # names given in extra files
    problems: list[str] = field(default_factory=list)            # bundled rows skipped, and why


def parse_date(text: str, *, end: bool, where: str) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial start is its first day, a partial end its last."""
    parts = str(text).strip().split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        last = calendar.monthrange(year, month)[1]
        day = int(parts[2]) if len(parts) > 2 else (last if end else 1)
        return date(year, month, day)
    except (ValueError, IndexError):
        raise KnowledgeError(f"{where}: {text!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")


def read_file(path: Path, sources: Sources, *, override: bool) -> None:
    """Read one knowledge file into `sources`; `override` replaces same-named entries."""
    if path.suffix.lower() == ".csv":
        _read_people_csv(path, sources, override=override)
        return
    try:
        with path.open(encoding="utf-8") as handle:
            doc = yaml.load(handle, Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{path}: cannot be read as YAML ({error}). Check the file's syntax.")
    if not isinstance(doc, dict):
        raise KnowledgeError(f"{path}: expected a mapping with sections such as 'states' or 'people'")
    if doc.get("as_of"):
        sources.as_of = max(sources.as_of, str(doc["as_of"]))
    for section, reader in _SECTIONS.items():
        if doc.get(section):
            reader(doc[section], sources, f"{path}: {section}", override)
    if doc.get("with_country"):
        # agents.yaml and titles.yaml share the section name; the file's other section decides
        target = "titles" if "titles" in doc or "titles" in str(doc.get("format", "")) else "agents"
        _sector_lists(target)(doc["with_country"], sources, f"{path}: with_country", override)


def _listed(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    return [str(v) for v in value]


def _need(entry: dict, names: tuple[str, ...], where: str) -> None:
    if not isinstance(entry, dict):
        raise KnowledgeError(f"{where}: each entry must be a mapping, got {entry!r}")
    missing = [n for n in names if not entry.get(n)]
    if missing:
        raise KnowledgeError(f"{where}: entry {entry.get('name', entry)!r} lacks {', '.join(missing)}")


def _check_sectors(sectors: list[str], where: str) -> None:
    unknown = [s for s in sectors if s not in SECTORS]
    if unknown:
        raise KnowledgeError(f"{where}: unknown sector {unknown[0]!r}; use a PLOVER sector code "
                             f"({', '.join(sorted(SECTORS))})")


def _read_states(items, sources: Sources, where: str, override: bool) -> None:
    for entry in items:
        _need(entry, ("code", "name"), where)
        sources.states[entry["code"]] = entry


def _read_special(items, sources: Sources, where: str, override: bool) -> None:
    for entry in items:
        _need(entry, ("code", "name"), where)
        sources.special[entry["code"]] = entry


def _named_reader(kind: str, sector_needed: bool = True):
    def read(items, sources: Sources, where: str, override: bool) -> None:
        for entry in items:
            needed = ("sector",) if sector_needed and not (isinstance(entry, dict) and entry.get("sectors")) else ()
            # `country: null`, written out, is a group that belongs to no one state ("Kurds")
            stateless = isinstance(entry, dict) and "country" in entry and entry["country"] is None
            _need(entry, ("name",) + (() if stateless else ("country",)) + needed, where)
            sectors = _listed(entry.get("sectors")) or _listed(entry.get("sector"))
            _check_sectors(sectors, f"{where} {entry['name']!r}")
            sources.named[(kind, entry["name"])] = dict(entry, kind=kind, sectors=sectors)
            if override:
                sources.user_names.add(entry["name"])
    return read


def _read_patterns(mapping, sources: Sources, where: str, override: bool) -> None:
    for sector, suffixes in mapping.items():
        _check_sectors([sector], where)
        for suffix in suffixes:
            sources.patterns[str(suffix)] = sector


def _sector_lists(target: str):
    def read(section, sources: Sources, where: str, override: bool) -> None:
        table = getattr(sources, target)
        if isinstance(section, dict):
            for sector, words in section.items():
                _check_sectors([sector], where)
                for word in words:
                    table[str(word)] = {"name": str(word), "country": None, "sector": sector}
            return
        for entry in section:      # a `with_country` list
            name = entry.get("name") or entry.get("title")
            _need(dict(entry, name=name), ("name", "sector"), where)
            _check_sectors([entry["sector"]], f"{where} {name!r}")
            for word in [name] + _listed(entry.get("aliases")):
                table[word] = {"name": name, "country": entry.get("country"), "sector": entry["sector"]}
    return read


def _read_modifiers(mapping, sources: Sources, where: str, override: bool) -> None:
    for group in ("former", "ignore"):
        sources.modifiers[group].update(str(w) for w in mapping.get(group) or ())


def _read_people_yaml(items, sources: Sources, where: str, override: bool) -> None:
    """People in YAML: either CSV-like rows or {name, aliases, wikidata, roles: [...]}."""
    rows = []
    for entry in items:
        _need(entry, ("name",), where)
        for role in entry.get("roles") or [entry]:
            rows.append({**{k: entry.get(k) for k in ("name", "aliases", "wikidata")}, **role})
    _add_people(rows, sources, where, override)


def _read_people_csv(path: Path, sources: Sources, *, override: bool) -> None:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if [h.strip() for h in reader.fieldnames or []] != PEOPLE_HEADER:
                raise KnowledgeError(f"{path}: the header must be exactly {','.join(PEOPLE_HEADER)}")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise KnowledgeError(f"{path}: cannot be read as a people CSV ({error})")
    _add_people(rows, sources, str(path), override)


def _add_people(rows: list[dict], sources: Sources, where: str, override: bool) -> None:
    """Add role rows. A bad row in a user's file stops the load (the user must fix it); in
    the bundled data it is skipped and recorded in `sources.problems`, so one typo in one
    file cannot take every coder down."""
    fresh: dict[str, PersonRecord] = {}
    for number, row in enumerate(rows, start=2):
        try:
            role = _role(row, f"{where} row {number}")
        except KnowledgeError as error:
            if override:
                raise
            sources.problems.append(str(error))
            continue
        name = str(row["name"]).strip()
        record = PersonRecord(name, _listed(row.get("aliases")),
                              str(row.get("wikidata") or "").strip() or None, [role])
        if name in fresh:
            fresh[name].merge(record)
        else:
            fresh[name] = record
    for name, record in fresh.items():
        if override:
            sources.user_names.add(name)
        if name in sources.people and not override:
            sources.people[name].merge(record)
        else:
            sources.people[name] = record


def _role(row: dict, here: str) -> Role:
    _need(row, ("name", "country", "sector", "role", "start"), here)
    _check_sectors([str(row["sector"]).strip()], here)
    end_text = str(row.get("end") or "").strip() or None
    return Role(country=str(row["country"]).strip(), sector=str(row["sector"]).strip(),
                role=str(row["role"]).strip(),
                start=parse_date(row["start"], end=False, where=here),
                end=parse_date(end_text, end=True, where=here) if end_text else None,
                start_text=str(row["start"]).strip(), end_text=end_text)


_SECTIONS = {
    "states": _read_states,
    "special": _read_special,
    "partially_recognised": _named_reader("pre"),
    "seats": _named_reader("metonym"),
    "capitals": _named_reader("metonym"),
    "igos": _named_reader("organisation"),
    "bodies": _named_reader("organisation"),
    "armed_groups": _named_reader("organisation"),
    "parties": _named_reader("organisation"),
    "media": _named_reader("organisation"),
    "peoples": _named_reader("agent"),
    "organisations": _named_reader("organisation"),
    "metonyms": _named_reader("metonym"),
    "patterns": _read_patterns,
    "agents": _sector_lists("agents"),
    "titles": _sector_lists("titles"),
    "modifiers": _read_modifiers,
    "people": _read_people_yaml,
}


def data_files(folder: Path) -> list[Path]:
    """The knowledge files of a data folder, in load order: YAML first, then people CSVs."""
    yaml_files = [folder / f"{n}.yaml" for n in
                  ("states", "metonyms", "organisations", "agents", "titles")]
    people = sorted((folder / "people").glob("*.csv")) if (folder / "people").is_dir() else []
    return [p for p in yaml_files if p.exists()] + people
