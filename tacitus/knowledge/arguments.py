"""Argument knowledge (data/arguments.yaml): implied and unidentified doers, instruments that are
no doers, event nouns whose possessor is their target, abstract nouns that are no party, and
verbs whose subject only observes the event noun it governs.

    from tacitus.knowledge.arguments import arguments
    arguments().implied_sector("COERCE", "arrest")   # "COP"
    "bomb" in arguments().instruments                # True

Loaded once, on first use; a malformed file raises `KnowledgeError` naming the file and entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from ..errors import KnowledgeError
from .actors import DATA_DIR
from .loading import SECTORS

FILE = DATA_DIR / "arguments.yaml"
FORMAT = "tacitus.knowledge.arguments.v1"


@dataclass(frozen=True)
class Arguments:
    unidentified: dict[str, str]  # ASSAULT mode -> UAF (others: UNK)
    authority: dict[tuple[str, str], str]  # (event type, mode) -> the implied authority's sector
    names: dict[str, str]  # sector -> the name an implied party is shown with
    instruments: frozenset[str]
    patient_nouns: frozenset[str]
    abstract: frozenset[str]
    observers: frozenset[str]
    habitual: frozenset[str]
    victim_verbs: frozenset[str]
    facilities: frozenset[str]
    prospects: frozenset[str]
    care: frozenset[str]

    unnamed_passive: frozenset[str] = frozenset()  # types coded UNK in an agentless passive
    bursts: frozenset[str] = frozenset()  # "a wave of", "days of": the event noun after "of" happened
    generic_subjects: frozenset[str] = frozenset()  # "you get shot": a general remark
    backdrop: frozenset[str] = frozenset()  # "born during fighting": the event noun is a backdrop
    led_by: frozenset[str] = frozenset()  # "the campaign, led by the SDF": the agent is its doer
    named_doer_only: frozenset[str] = frozenset()  # trigger lemmas with no unidentified doer
    generic_doers: frozenset[str] = frozenset()  # "people who falsely accuse others": a remark
    private_persons: frozenset[str] = frozenset()  # "the man and the woman met": no political event
    documents: frozenset[str] = frozenset()  # "the resolution from western powers calls on ...": its owner acts
    held_back: frozenset[str] = frozenset()  # "refrained from shelling": what follows "from" did not happen
    sought_through: frozenset[str] = frozenset()  # "information leading to the arrest": sought, not made
    object_control: frozenset[str] = frozenset()  # "urged Jordan to reopen": Jordan would reopen
    orders: frozenset[str] = frozenset()  # order, command: with `withdrawals` ...
    withdrawals: frozenset[str] = frozenset()  # ... "ordered US forces to leave": a withdrawal announced
    place_nouns: frozenset[str] = frozenset()  # "the Houla massacre": the place is where, not who
    venue_nouns: frozenset[str] = frozenset()  # "the Warsaw summit": a city before it is the venue
    advancing: frozenset[str] = frozenset()  # "moved into Afrin after weeks of clashes": fought in them
    attempts: frozenset[str] = frozenset()  # "struggling to provide food": tried, not done
    announcing: frozenset[str] = frozenset()  # "announced a troop withdrawal": CONCEDE, not RETREAT
    charging: frozenset[str] = frozenset()  # "arrested them for blocking": the reason is alleged
    constructs: frozenset[str] = frozenset()  # "the international community": no party
    facing: frozenset[str] = frozenset()  # "faces invasion": the event noun is a prospect
    backing: frozenset[str] = frozenset()  # "US-backed militias": the backer is not the party
    dying: frozenset[str] = frozenset()  # "40 people died in a strike": they are its victims
    general_nouns: frozenset[str] = frozenset()  # "the offensive": refers back to the attack just told

    def implied_sector(self, event_type: str, mode: str | None, passive: bool = False) -> str | None:
        """The sector of the doer an agentless event of this type and mode implies, or None
        when the type implies none (a meeting, a statement: someone must be named). `passive`:
        the event is told by a verb in the passive with no agent."""
        authority = self.authority.get((event_type, mode or ""))
        if authority:
            return authority
        if event_type == "ASSAULT":
            return self.unidentified.get(mode or "", "UNK")
        return "UNK" if passive and event_type in self.unnamed_passive else None


@cache
def arguments() -> Arguments:
    """The argument knowledge, read once."""
    try:
        data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{FILE}: cannot be read as YAML ({error}); restore it from the repository")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KnowledgeError(f"{FILE}: the first lines must say 'format: {FORMAT}'")
    unidentified = {mode: sector for sector, modes in (data.get("unidentified") or {}).items()
                    for mode in modes}
    authority = {(event_type, mode): sector for event_type, modes in (data.get("authority") or {}).items()
                 for mode, sector in modes.items()}
    names = dict(data.get("names") or {})
    for sector in [*unidentified.values(), *authority.values(), *names]:
        if sector not in SECTORS:
            raise KnowledgeError(f"{FILE}: {sector!r} is not a PLOVER sector code; use one of "
                                 f"{' '.join(sorted(SECTORS))}")
    passive = frozenset(str(t).upper() for t in data.get("unnamed_passive") or ())
    from ..lexicon import ontology
    unknown = sorted(passive - set(ontology().types))
    if unknown:
        raise KnowledgeError(f"{FILE}: 'unnamed_passive' names {', '.join(unknown)}, not PLOVER event types")
    missing = {*unidentified.values(), *authority.values(), "UNK"} - set(names)
    if missing:
        raise KnowledgeError(f"{FILE}: 'names' gives no name for {', '.join(sorted(missing))}")
    optional = ("bursts", "generic_subjects", "backdrop", "led_by", "named_doer_only", "generic_doers",
                "private_persons", "documents", "held_back", "sought_through", "object_control", "orders", "withdrawals", "place_nouns", "venue_nouns", "advancing", "attempts", "announcing",
                "general_nouns", "dying", "backing", "facing", "constructs", "charging")
    return Arguments(unidentified, authority, names,
                     *(_words(data, part) for part in ("instruments", "patient_nouns", "abstract", "observers",
                                                       "habitual", "victim_verbs", "facilities", "prospects", "care")),
                     unnamed_passive=passive, **{part: _words(data, part) for part in optional})


def _words(data: dict, part: str) -> frozenset[str]:
    """A word list of the file, lower-cased ("" or a missing key: none)."""
    return frozenset(str(w).lower() for w in data.get(part) or ())
