"""The actor knowledge: coded cases on the real data, normalisation, scanning, extension files."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.errors import KnowledgeError
from tacitus.knowledge import DATA_DIR, Knowledge, describe_actor, knowledge
from tacitus.knowledge.names import fold, is_acronym, key, tokens

HERE = Path(__file__).parent
CASES = HERE / "knowledge_cases.tsv"
SAMPLE = HERE / "fixtures" / "people_sample.csv"


def _cases():
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, on, country, sector = line.split("\t")
        yield pytest.param(name, on or None, None if country == "None" else country,
                           None if sector == "None" else sector, id=f"{number}:{name}@{on}")


@pytest.fixture(scope="module")
def kb():
    return knowledge()


@pytest.fixture(scope="module")
def sample_kb(tmp_path_factory):
    """The bundled YAML files with only the sample people, independent of other people files."""
    folder = tmp_path_factory.mktemp("knowledge")
    for name in ("states", "metonyms", "organisations", "agents", "titles"):
        (folder / f"{name}.yaml").symlink_to(DATA_DIR / f"{name}.yaml")
    (folder / "people").mkdir()
    (folder / "people" / "sample.csv").write_bytes(SAMPLE.read_bytes())
    return Knowledge.load(folder)


@pytest.mark.parametrize("name,on,country,sector", list(_cases()))
def test_case(kb, name, on, country, sector):
    entry = kb.lookup(name, on=on)
    assert entry is not None, f"{name!r} not found"
    assert (entry.country, entry.sector) == (country, sector), entry


def test_cases_file_is_large_enough():
    assert len(list(_cases())) >= 150


def test_every_state_has_a_capital_metonym_or_is_a_city_state(kb):
    assert len([c for c in ("USA", "RUS", "TUV", "KOS", "TWN", "PSE", "VAT") if kb.state(c)]) == 7
    for code, state in kb._states.items():
        if state.capital and state.capital != state.name and code != "BEL":
            assert kb.lookup(state.capital).country == code, state.capital


def test_special_codes_have_names(kb):
    for code in ("IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"):
        assert kb.country_name(code)
    assert kb.country_name("KOS") == "Kosovo"
    assert kb.as_of == "2026-11-01"


# -- normalisation ---------------------------------------------------------------------------
@pytest.mark.parametrize("a,b", [
    ("Erdoğan", "erdogan"), ("Erdoğan\u2019s", "Erdogan"), ("  Recep   Tayyip Erdogan ", "recep tayyip erdogan"),
    ("U.S.", "U S"), ("al-Sharaa", "al sharaa"), ("The Kremlin", "Kremlin"), ("TÜRKIYE", "Turkiye"),
    ("Côte d\u2019Ivoire", "Cote d'Ivoire"),
])
def test_keys_normalise(a, b):
    assert key(a) == key(b)


def test_fold_and_acronyms():
    assert fold("Zelenskyy\u2019s") == "zelenskyy"
    assert is_acronym("US") and is_acronym("U.N.") and not is_acronym("Nato")
    assert not is_acronym("UNITED NATIONS GENERAL")


def test_token_offsets_leave_possessive_outside():
    text = "Russia\u2019s army"
    (first, start, end), second = tokens(text)[0], tokens(text)[1]
    assert (first, text[start:end]) == ("russia", "Russia") and second[0] == "army"


def test_acronyms_need_capitals(kb):
    assert kb.lookup("who") is None and kb.lookup("WHO").country == "UNO"
    assert kb.lookup("us") is None and kb.lookup("US").country == "USA"


# -- scanning -------------------------------------------------------------------------------
def test_scan_offsets_and_longest_match(kb):
    text = ("The Kremlin said Russian troops and the Russian Defence Ministry met U.S. officials; "
            "Mike Pompeo's aides and al-Qaeda were named. Let us eat turkey. "
            "Transnistrian authorities agreed.")
    found = [(text[s:e], entry) for s, e, entry in kb.scan(text, on=date(2019, 5, 1))]
    spans = [t for t, _ in found]
    assert spans == ["Kremlin", "Russian troops", "Russian Defence Ministry", "U.S. officials",
                     "Mike Pompeo", "al-Qaeda", "Transnistrian authorities"]
    coded = {t: (e.country, e.sector) for t, e in found}
    assert coded["Russian troops"] == ("RUS", "MIL")
    assert coded["Russian Defence Ministry"] == ("RUS", "GOV")
    assert found[2][1].name == "Russian Defence Ministry"   # the listed body, not the pattern
    assert coded["U.S. officials"] == ("USA", "GOV")
    assert coded["Mike Pompeo"] == ("USA", "GOV")
    assert found[-1][1].sectors == ("GOV", "PRE")


def test_scan_finds_surnames_and_dates_them(kb):
    text = "Netanyahu met Rutte."
    found = {text[s:e]: entry for s, e, entry in kb.scan(text, on="2020-01-01")}
    assert found["Rutte"].country == "NLD" and found["Netanyahu"].sector == "GOV"


def test_scan_skips_lowercase_words_and_unscannable_names(kb):
    assert kb.scan("we may meet in victoria or kingston and turkey") == []
    assert kb.lookup("Victoria").country == "SYC"   # looked up, but never scanned
    assert kb.scan("Victoria Street") == []


# -- agents and titles -----------------------------------------------------------------------
@pytest.mark.parametrize("words,sector", [
    ("police", "COP"), ("troops", "MIL"), ("soldiers", "MIL"), ("army", "MIL"),
    ("protesters", "CVL"), ("rebels", "REB"), ("militants", "REB"), ("separatists", "REB"),
    ("insurgents", "REB"), ("lawmakers", "LEG"), ("judge", "JUD"), ("court", "JUD"),
    ("officials", "GOV"), ("government", "GOV"), ("ministry", "GOV"), ("students", "EDU"),
    ("doctors", "MED"), ("farmers", "AGR"), ("workers", "LAB"), ("union", "LAB"),
    ("journalists", "JRN"), ("refugees", "REF"), ("gunmen", "UAF"), ("security forces", "COP"),
    ("riot police", "COP"), ("armed forces", "MIL"), ("government forces", "MIL"),
    ("opposition", "OPP"), ("activists", "CVL"), ("civilians", "CVL"), ("residents", "CVL"),
    ("villagers", "CVL"), ("the two gunmen", "UAF"), ("local police officers", "COP"),
    ("policeman", "COP"),
])
def test_agents(kb, words, sector):
    entry = kb.agent(words)
    assert entry is not None and entry.sector == sector and entry.country is None


def test_agents_with_a_special_code(kb):
    assert (kb.agent("human rights groups").country, kb.agent("human rights groups").sector) == ("NGO", "CVL")
    assert kb.agent("table") is None


@pytest.mark.parametrize("words,country,sector", [
    ("President", None, "GOV"), ("Foreign Minister", None, "GOV"), ("Defense Secretary", None, "GOV"),
    ("General", None, "MIL"), ("commander", None, "MIL"), ("spokesman", None, "GOV"),
    ("former Secretary of State", None, "ELI"), ("ex-president", None, "ELI"),
    ("opposition leader", None, "OPP"), ("senator", None, "LEG"), ("MP", None, "LEG"),
    ("judge", None, "JUD"), ("deputy foreign minister", None, "GOV"),
    ("Russian Foreign Minister", "RUS", "GOV"), ("Ukraine's defence minister", "UKR", "GOV"),
    ("UN Secretary-General", "UNO", "GOV"), ("NATO chief", "IGO", "GOV"),
    ("Kremlin spokesman", "RUS", "GOV"), ("UN envoy", "UNO", "GOV"),
    ("EU foreign policy chief", "EUR", "GOV"),
])
def test_titles(kb, words, country, sector):
    entry = kb.title(words)
    assert entry is not None and (entry.country, entry.sector) == (country, sector)


# -- loading: sample folder, merging, user files ---------------------------------------------
def test_sample_folder_loads_without_other_people(sample_kb):
    assert sample_kb.lookup("Jacinda Ardern", on="2020-01-01").country == "NZL"
    assert sample_kb.lookup("Ardern", on="2024-01-01").sector == "ELI"
    assert sample_kb.lookup("Trudeau", on="2025-06-01").sector == "ELI"
    assert sample_kb.lookup("Sinwar", on="2025-06-01").sector == "REB"   # non-governmental: kept
    assert sample_kb.lookup("Merkel", on="2003-01-01").sector == "PTY"
    merkel = sample_kb.lookup("Merkel", on="2010-01-01")
    assert merkel.sector == "GOV" and merkel.sectors == ("GOV", "PTY")
    assert sample_kb.lookup("Donald Trump") is None


def test_same_person_in_two_files_merges(tmp_path):
    folder = tmp_path / "data"
    (folder / "people").mkdir(parents=True)
    (folder / "states.yaml").symlink_to(DATA_DIR / "states.yaml")
    header = "name,aliases,wikidata,country,sector,role,start,end\n"
    (folder / "people" / "a.csv").write_text(header + "Ana Example,Ana X,,PER,GOV,Minister,2001,2003\n")
    (folder / "people" / "b.csv").write_text(header + "Ana Example,,,PER,GOV,President,2010-07,\n")
    kb = Knowledge.load(folder)
    assert kb.lookup("Ana X", on="2002-06-01").role == "Minister"
    assert kb.lookup("Example", on="2011-01-01").role == "President"
    assert kb.people_rows == 2


def test_user_file_overrides_and_adds(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "seats:\n- {name: Kremlin, country: RUS, sector: SPY, place: Moscow}\n"
        "armed_groups:\n- {name: Harbour Front, aliases: [HF], country: GRC, sector: REB}\n"
        "people:\n- {name: Mark Rutte, roles: [{country: NLD, sector: GOV, role: Prime Minister,"
        " start: 2010-10-14}]}\n", encoding="utf-8")
    kb = knowledge((mine,))
    assert kb.lookup("Kremlin").sector == "SPY"
    assert kb.lookup("HF").country == "GRC"
    assert kb.lookup("Rutte", on="2025-06-01").country == "NLD"   # roles replaced, not merged
    assert knowledge().lookup("Kremlin").sector == "GOV"           # the bundled data unchanged


def test_user_csv_overrides_a_person(tmp_path):
    mine = tmp_path / "people.csv"
    mine.write_text("name,aliases,wikidata,country,sector,role,start,end\n"
                    "Pete Hegseth,,,USA,JRN,Television host,2014,\n", encoding="utf-8")
    assert knowledge((mine,)).lookup("Hegseth", on="2025-06-01").sector == "JRN"


def test_bad_user_file_names_the_problem(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases,wikidata,country,sector,role,start,end\n"
                   "X Y,,,USA,XXX,Role,2001,\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown sector 'XXX'"):
        Knowledge.load(DATA_DIR, (bad,))
    bad.write_text("name,country\nX,USA\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="header"):
        Knowledge.load(DATA_DIR, (bad,))


def test_core_people_file_is_clean(kb):
    assert not [p for p in kb.problems if "core.csv" in p]


def test_bundled_data_loads_with_no_problems(kb):
    assert kb.problems == ()


# -- names that must never be surnames ---------------------------------------------------------
def test_regnal_numerals_and_pronouns_are_not_surnames(kb):
    assert kb.lookup("I") is None and kb.lookup("He") is None and kb.lookup("V") is None
    assert kb.lookup("Juan Carlos").name == "Juan Carlos I"
    assert kb.lookup("Juan Carlos I").surname is None
    assert kb.scan("I think He and I will go, said VI.") == []


def test_short_chinese_surnames_need_their_exact_case(kb):
    assert kb.lookup("Xi").name == "Xi Jinping"
    assert kb.lookup("XI") is None and kb.lookup("AI") is None
    assert [e.name for _, _, e in kb.scan("Xi met AI researchers.")] == ["Xi Jinping"]


def test_every_short_key_is_an_acronym_or_exact(kb):
    loose = [k for k, slot in kb._index.slots.items() if len(k) <= 2 and slot.cased is None]
    assert loose == []


def test_scan_stops_at_a_full_stop(kb):
    text = "He spoke in Russian. Army units moved. The U.S. State Department and U.S. officials met."
    spans = [text[s:e] for s, e, _ in kb.scan(text)]
    assert "Russian" in spans and "Russian. Army" not in spans
    assert "U.S. State Department" in spans and "U.S. officials" in spans


# -- describe_actor and the command ----------------------------------------------------------
def test_describe_actor_unknown_name():
    found = describe_actor("Nobody Atall")
    assert found["in_knowledge_base"] is False and found["country"] is None


def test_actor_command_json(capsys):
    assert main(["actor", "Trump", "--on", "2019-05-01", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["name"], found["country"], found["sector"]) == ("Donald Trump", "USA", "GOV")
    assert found["role"] == "President" and found["wikidata"] == "Q22686"


def test_actor_command_table(capsys):
    assert main(["actor", "Kremlin"]) == 0
    out = capsys.readouterr().out
    assert "RUS" in out and "metonym" in out


def test_near_finds_one_slip_away_names_only():
    from tacitus.knowledge import knowledge
    kb = knowledge()
    assert kb.near("Ethopia").country == "ETH"
    assert kb.near("Bouteflicka").name == "Abdelaziz Bouteflika"
    assert kb.near("Ukraine") is None  # known exactly: not a slip
    assert kb.near("Sontas") is None   # two slips away from "Santos"
    assert kb.near("Kiev") is None     # short words are never guessed


def test_a_pickled_knowledge_base_answers_as_the_fresh_one():
    """The start-up cache (tacitus.knowledge.pickled) may change only the speed: a knowledge
    base that went through pickle scans and looks up exactly as the one built from the files
    (its state-like index is keyed by object identity, which a pickle does not keep)."""
    import pickle

    from tacitus.knowledge import DATA_DIR, Knowledge
    fresh = Knowledge.load(DATA_DIR)
    loaded = pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
    texts = ["The Russian foreign ministry said Ukrainian forces shelled Donetsk.",
             "Turkish President Recep Tayyip Erdogan met the Kremlin's envoy in Ankara.",
             "US-backed Kurdish fighters and Iranian-backed militias clashed near the Iraqi border."]
    for text in texts:
        assert loaded.scan(text) == fresh.scan(text)
    for name in ("Russian Foreign Ministry", "the Syrian army", "Mike Pompeo"):
        assert loaded.lookup(name) == fresh.lookup(name)


def test_the_start_up_cache_is_used_and_gives_the_same_lexicon(tmp_path, monkeypatch):
    from tacitus.knowledge import pickled
    from tacitus.lexicon import _read_triggers, triggers
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TACITUS_NO_CACHE", raising=False)
    built = []
    first = pickled.cached("lexicon", "test", lambda: built.append(1) or _read_triggers())
    again = pickled.cached("lexicon", "test", lambda: built.append(1) or _read_triggers())
    assert built == [1] and (tmp_path / "tacitus" / "lexicon-test.pickle").exists()
    assert again.forms == first.forms == triggers().forms
    words = {"police", "arrested", "protesters"}
    assert again.candidate(words) == triggers().candidate(words)


def test_a_cache_write_replaces_older_caches_of_its_kind_and_survives_an_unpicklable_object(tmp_path, monkeypatch):
    from tacitus.knowledge import pickled
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TACITUS_NO_CACHE", raising=False)
    assert pickled.cached("thing", "one", lambda: {"a": 1}) == {"a": 1}
    assert pickled.cached("thing", "two", lambda: {"a": 2}) == {"a": 2}
    folder = tmp_path / "tacitus"
    assert sorted(p.name for p in folder.iterdir()) == ["thing-two.pickle"]
    assert pickled.cached("other", "x", lambda: (lambda: None)) is not None  # cannot be pickled
    assert not list(folder.glob("*.tmp")) and not (folder / "other-x.pickle").exists()
    (folder / "thing-two.pickle").write_bytes(b"\x80\x05garbage")
    assert pickled.cached("thing", "two", lambda: {"a": 3}) == {"a": 3}  # damaged: rebuilt


def test_plain_states_are_not_the_united_states():
    from tacitus.knowledge import knowledge
    assert knowledge().lookup("states") is None and knowledge().lookup("Arab states") is None
    assert knowledge().lookup("the United States").country == "USA"
