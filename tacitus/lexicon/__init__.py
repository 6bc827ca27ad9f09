"""The event lexicon: PLOVER's ontology and the trigger words, loaded from data files once.

`ontology()` gives each event type's quad class, modes, intensity and CAMEO code
(ontology.yaml); `triggers()` gives the verb and noun entries that find events (triggers.yaml,
documented at its top); `attribution_cues()` the words that mark who says what
(attribution.yaml). All are data, so a political scientist can add a verb without Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from ..errors import KnowledgeError

HERE = Path(__file__).parent
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML has it: 10x faster


@dataclass(frozen=True)
class EventType:
    name: str
    quad: int
    intensity: float
    cameo: str
    modes: dict[str, tuple[float, str]]

    def intensity_of(self, mode: str | None) -> float:
        return self.modes[mode][0] if mode in self.modes else self.intensity

    def cameo_of(self, mode: str | None) -> str:
        return self.modes[mode][1] if mode in self.modes else self.cameo


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    contexts: frozenset[str]
    sectors: frozenset[str]

    def check(self, event_type: str, mode: str | None, where: str) -> None:
        if event_type not in self.types:
            raise KnowledgeError(f"{where}: unknown PLOVER event type {event_type!r}")
        if mode and mode not in self.types[event_type].modes:
            raise KnowledgeError(f"{where}: {event_type} has no mode {mode!r} "
                                 f"(modes: {', '.join(self.types[event_type].modes) or 'none'})")


@cache
def ontology() -> Ontology:
    data = yaml.load((HERE / "ontology.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    types = {
        name: EventType(name, spec["quad"], float(spec["intensity"]), spec["cameo"],
                        {m: (float(v[0]), v[1]) for m, v in (spec.get("modes") or {}).items()})
        for name, spec in data["types"].items()
    }
    return Ontology(types, frozenset(data["contexts"]), frozenset(data["sectors"]))


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry. See the header of triggers.yaml for what each field means."""

    id: str
    lemma: str
    pos: str  # VERB | NOUN
    event_type: str | None  # None: a light verb, the type comes from its object noun
    mode: str | None = None
    context: tuple[str, ...] = ()
    particle: str | None = None  # "for" in "call for", "down" in "step down"
    objects: frozenset[str] = frozenset()  # the entry only fires with one of these object lemmas
    not_objects: frozenset[str] = frozenset()  # ...and never with one of these ("commit attacks")
    words: frozenset[str] = frozenset()  # one of these words must be near the trigger ("pleaded guilty")
    not_words: frozenset[str] = frozenset()  # none of these may be near it ("pleaded not guilty")
    subjects: frozenset[str] = frozenset()  # the subject must be one of these ("a bomb exploded")
    not_subjects: frozenset[str] = frozenset()  # ...and never one of these ("the earthquake killed")
    recipient: tuple[str, ...] = ("dobj",)  # where the recipient is: dobj, or a preposition
    standalone: bool = False  # a noun that is an event even without a verb that realises it
    topic: str | None = None  # noun: the REQUEST/REJECT mode it implies (yield, assist, meet, change)
    negated_as: str | None = None  # type the trigger means when negated ("not abandon" -> REJECT)
    embeds: str | None = None  # verb: what it does to a clause under it (hypothetical | negated)
    realises: tuple[str, ...] = ()  # light verb: the event types of object nouns it makes happen
    partner: bool = False  # the event needs a named partner (recipient, with/between, a pair)
    complement: bool | str = False  # the verb needs an object, a clause or a prepositional
    # phrase (True), or a clause ("clause": "ordered the provinces to stop")
    compounds: tuple[tuple[str, str, str | None], ...] = ()  # (modifier, type, mode): "hunger strike"
    forms: tuple[str, ...] = ()  # irregular word forms, for the cheap first pass
    inflect: bool = True  # false: the first pass knows only `forms` (see `_forms_of`)


# object / subject markers that any word can fill, so the first pass cannot ask for a word:
# '@person' a named person, '@none' no object at all, '@passive' a passive clause's subject
OPEN_SLOTS = frozenset({"@person", "@none", "@passive"})


@dataclass(frozen=True)
class Unsaid:
    """What a refusal that refuses nothing political is about (triggers.yaml `unsaid`)."""
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()  # only with a possessive: "their names"


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, list[Trigger]]
    nouns: dict[str, list[Trigger]]
    forms: frozenset[str]  # every surface form that can start a trigger, lower case
    reporting: frozenset[str] = frozenset()  # verbs of saying: their subject is a source
    obliging: "Obliging | None" = None  # "X said Y must ...": a request by X (see triggers.yaml)
    not_anchors: frozenset[str] = frozenset()  # lemmas that never anchor a proposed event
    disparaging: "Disparaging | None" = None  # "X said Y was unfit": a criticism by X (see triggers.yaml)
    speaking: frozenset[str] = frozenset()  # verbs of speech (a subset of `reporting`)
    stative: frozenset[str] = frozenset()  # "feels threatened": the participle is a state of mind
    unsaid: Unsaid = field(default_factory=Unsaid)  # "refused to comment": no political refusal
    # the cheap first pass, per form, one need per entry: None, the form fires alone; else a
    # tuple of word sets, and the sentence must hold a word of each (an object AND a particle)
    needs: dict[str, tuple[tuple[frozenset[str], ...] | None, ...]] = field(default_factory=dict)

    def candidate(self, words: set[str]) -> bool:
        """Whether a sentence with these lower-case words can hold an event mention.

        Lossless with respect to `tacitus.triggers`: an entry with an object list fires only
        beside one of its objects, a "call for" only beside "for", an event noun that is no
        event alone only beside a verb that can realise it."""
        for word in words & self.forms:
            for need in self.needs.get(word, (None,)):
                if need is None or all(any_of & words for any_of in need):
                    return True
        ob, dis = self.obliging, self.disparaging
        if dis is not None and words & dis.forms and words & dis.words:
            return True
        return ob is not None and bool(words & ob.modals) and bool(words & ob.forms) and bool(words & ob.acts)


@dataclass(frozen=True)
class Obliging:
    """A verb of saying over a clause with an obligation modal ("Russia said Sudan must return
    the helicopter") is a request by its subject; `entry` is the REQUEST entry such mentions get."""

    entry: Trigger
    verbs: frozenset[str]  # lemmas
    forms: frozenset[str]  # their word forms, for the first pass
    modals: frozenset[str]
    not_subjects: frozenset[str]  # the one obliged is the speaker ("we must"): no request
    acts: frozenset[str] = frozenset()  # forms of the lexicon's verbs: what must be done is one


@dataclass(frozen=True)
class Disparaging:
    """A verb of saying whose clause says a pejorative of a named party ("Clinton said Trump was
    unfit") is a criticism by its subject; `entry` is the ACCUSE entry such mentions get."""

    entry: Trigger
    verbs: frozenset[str]  # lemmas
    forms: frozenset[str]  # their word forms, for the first pass
    words: frozenset[str]  # the pejoratives


@cache
def triggers() -> Lexicon:
    """The trigger lexicon, from triggers.yaml, or from the user cache when neither the lexicon's
    files nor its code have changed since (`tacitus.knowledge.pickled`)."""
    from ..knowledge import pickled
    key = pickled.digest(sorted(HERE.glob("*.yaml")) + sorted(HERE.glob("*.py")))
    return pickled.cached("lexicon", key, _read_triggers)


def _read_triggers() -> Lexicon:
    path = HERE / "triggers.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    onto = ontology()
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    forms: set[str] = set()
    for pos, key, table in (("VERB", "verbs", verbs), ("NOUN", "nouns", nouns)):
        for i, spec in enumerate(data.get(key) or ()):
            entry = _entry(spec, pos, f"{path.name}:{key}[{i}]")
            if entry.event_type:
                onto.check(entry.event_type, entry.mode, entry.id)
            table.setdefault(entry.lemma, []).append(entry)
            if entry.event_type:  # light and embedding verbs alone never make an event
                forms.update(_forms_of(entry))
    needs = _needs(verbs, nouns)
    acts = frozenset(f for entries in verbs.values() for entry in entries for f in
                     _inflections(entry.lemma, "VERB") | set(entry.forms))
    return Lexicon(verbs, nouns, frozenset(forms), frozenset(data.get("reporting") or ()),
                   obliging=_obliging(data.get("obliging"), f"{path.name}:obliging", acts), needs=needs,
                   not_anchors=frozenset(data.get("not_anchors") or ()),
                   disparaging=_disparaging(data.get("disparaging"), f"{path.name}:disparaging"),
                   speaking=_words(data.get("speaking")),
                   stative=frozenset(data.get("stative") or ()),
                   unsaid=Unsaid(*(_words((data.get("unsaid") or {}).get(part)) for part in ("verbs", "nouns", "own"))))


def _obliging(spec: dict | None, where: str, acts: frozenset[str]) -> Obliging | None:
    if not spec:
        return None
    try:
        entry = _entry({"lemma": "obliging", "type": "REQUEST", "recipient": ["dobj"],
                        "embeds": "hypothetical", "id": "obliging"}, "VERB", where)
        verbs = _words(spec["verbs"])
        forms = frozenset(f for verb in verbs for f in _inflections(verb, "VERB")) | _words(spec.get("forms"))
        return Obliging(entry, verbs, forms, _words(spec["modals"]), _words(spec.get("not_subjects")), acts)
    except (KeyError, TypeError) as error:
        raise KnowledgeError(f"{where}: malformed 'obliging' section ({error})") from error


def _disparaging(spec: dict | None, where: str) -> Disparaging | None:
    if not spec:
        return None
    try:
        entry = _entry({"lemma": "disparaging", "type": "ACCUSE", "mode": "disapprove", "recipient": ["dobj"],
                        "id": "disparaging"}, "VERB", where)
        verbs = _words(spec["verbs"])
        forms = frozenset(f for verb in verbs for f in _inflections(verb, "VERB")) | _words(spec.get("forms"))
        return Disparaging(entry, verbs, forms, _words(spec["words"]))
    except (KeyError, TypeError) as error:
        raise KnowledgeError(f"{where}: malformed 'disparaging' section ({error})") from error


def _needs(verbs: dict[str, list[Trigger]], nouns: dict[str, list[Trigger]]) -> dict:
    """For each trigger form, what else a sentence must contain for the entry to fire."""
    realisers: dict[str, set[str]] = {}
    for entries in verbs.values():
        for entry in entries:
            for event_type in entry.realises:
                realisers.setdefault(event_type, set()).update(_forms_of(entry))
    needs: dict[str, list] = {}
    for entries in list(verbs.values()) + list(nouns.values()):
        for entry in entries:
            if not entry.event_type:
                continue
            need = _need(entry, realisers)
            for form in _forms_of(entry):
                needs.setdefault(form, []).append(need)
    return {form: (None,) if None in found else tuple(found) for form, found in needs.items()}


def _need(entry: Trigger, realisers: dict[str, set[str]]) -> tuple[frozenset[str], ...] | None:
    """The word sets a sentence must hold a word of each of for `entry` to fire (None: none).
    Each constraint of the entry that names its words gives one: its objects, its neighbouring
    words, its subjects (open slots such as '@person' name none), its particle, and for an
    event noun that is no event alone (and has no complement list), a verb that realises it."""
    sets = []
    for listed in (entry.objects, entry.words, entry.subjects):
        if listed and not listed & OPEN_SLOTS:
            sets.append(frozenset(form for word in listed for pos in ("NOUN", "VERB")
                                  for form in _inflections(word, pos)))
    if entry.particle:
        sets.append(frozenset({entry.particle}))
    if entry.pos == "NOUN" and not entry.standalone and not entry.objects:
        sets.append(frozenset(realisers.get(entry.event_type, set())))
    return tuple(sets) or None


def _forms_of(entry: Trigger) -> set[str]:
    """The word forms that can start the entry; with `inflect: false`, only its listed forms
    (the verb "battle" as "battled", "battling": "battle" and "battles" are mostly nouns)."""
    if not entry.inflect:
        return set(entry.forms)
    return _inflections(entry.lemma, entry.pos) | set(entry.forms)


def _entry(spec: dict, pos: str, where: str) -> Trigger:
    try:
        lemma = spec["lemma"].lower()
        particle = None
        if " " in lemma and pos == "VERB":
            lemma, particle = lemma.split(" ", 1)
        return Trigger(
            id=spec.get("id") or f"{pos.lower()}.{lemma}{'.' + particle if particle else ''}",
            lemma=lemma, pos=pos, event_type=spec.get("type"), mode=spec.get("mode"),
            context=tuple(spec.get("context") or ()), particle=particle,
            objects=_words(spec.get("objects")), not_objects=_words(spec.get("not_objects")),
            words=_words(spec.get("words")), not_words=_words(spec.get("not_words")),
            subjects=_words(spec.get("subjects")), not_subjects=_words(spec.get("not_subjects")),
            recipient=tuple(_word(r) for r in spec.get("recipient") or (("dobj",) if pos == "VERB" else ())),
            standalone=bool(spec.get("standalone", False)), topic=spec.get("topic"),
            negated_as=spec.get("negated_as"), embeds=spec.get("embeds"),
            realises=_realises(spec.get("realises")), partner=bool(spec.get("partner", False)),
            complement=_complement(spec.get("complement", False)),
            compounds=_compounds(spec.get("compounds")),
            forms=tuple(spec.get("forms") or ()), inflect=bool(spec.get("inflect", True)),
        )
    except (KeyError, AttributeError, TypeError) as error:
        raise KnowledgeError(f"{where}: malformed trigger entry {spec!r} ({error})") from error


def _words(values) -> frozenset[str]:
    """A word list; a shared list (YAML alias) inside it counts word by word: [*persons, him]."""
    out = set()
    for value in values or ():
        out.update(_word(v).lower() for v in (value if isinstance(value, list) else (value,)))
    return frozenset(out)


def _complement(value) -> bool | str:
    if value in (True, False, "clause"):
        return value
    raise TypeError(f"complement must be true, false or 'clause', not {value!r}")


def _word(value) -> str:
    """YAML 1.1 reads a bare `on` as true (and `no` as false): give the word back."""
    if value is True:
        return "on"
    if value is False:
        return "no"
    return str(value)


def _compounds(value) -> tuple[tuple[str, str, str | None], ...]:
    """{hunger: PROTEST/hunger, general: PROTEST/strike} -> ((modifier, type, mode), ...)."""
    out = []
    for word, code in (value or {}).items():
        event_type, _, mode = str(code).partition("/")
        ontology().check(event_type, mode or None, f"compounds of {word!r}")
        out.append((str(word).lower(), event_type, mode or None))
    return tuple(out)


def _realises(value) -> tuple[str, ...]:
    if value is True:  # any event noun
        return tuple(ontology().types)
    return tuple(value or ())


def _inflections(lemma: str, pos: str) -> set[str]:
    """Regular English forms, enough for the cheap first pass (irregulars are listed as forms)."""
    out = {lemma}
    if pos == "NOUN":
        out |= {lemma + "s", lemma + "es", lemma[:-1] + "ies" if lemma.endswith("y") else lemma}
        return out
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    out |= {lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # stop -> stopped
    return out


@dataclass(frozen=True)
class AttributionCues:
    """The cue words of attribution (attribution.yaml, documented at its top)."""

    reporting: frozenset[str]  # verbs of saying, from triggers.yaml: their subject reports events
    verbs: frozenset[str]  # further cue verbs (stance, thought, intention): a source, no reporter
    nouns: frozenset[str]  # cue nouns whose owner is the source
    citing: frozenset[str]  # "cited by", "quoted by": one source passing on another
    not_speakers: frozenset[str]  # first words of a "Label:" line that name no speaker


@cache
def attribution_cues() -> AttributionCues:
    return load_attribution_cues(HERE / "attribution.yaml")


def load_attribution_cues(path: Path) -> AttributionCues:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    reporting = triggers().reporting
    verbs = frozenset(data.get("verbs") or ())
    twice = sorted(verbs & reporting)
    if twice:
        raise KnowledgeError(f"{path}: {', '.join(twice)} are verbs of saying, listed as "
                             f"`reporting` in triggers.yaml; keep them there only")
    return AttributionCues(reporting, verbs, frozenset(data.get("nouns") or ()),
                           frozenset(data.get("citing") or ()),
                           frozenset(data.get("not_speakers") or ()))
