"""Every golden event is a valid native record (docs/event.schema.json) and a PLOVER record."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tacitus.formats import plover_record
from test_golden import golden_coded  # noqa: F401  (the session fixture: code each article once)

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "event.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_every_golden_event_validates(golden_coded, validator):  # noqa: F811
    checked = 0
    for name, (_, events) in golden_coded.items():
        for event in events:
            errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(event)]
            assert not errors, (name, event["event_type"], errors)
            checked += 1
    assert checked >= 20


def test_native_json_round_trips(golden_coded):  # noqa: F811
    from tacitus.records import event_from_dict
    for article, events in golden_coded.values():
        for event, record in zip(article.events, events):
            assert event_from_dict(json.loads(json.dumps(record))) == event


def test_plover_records_have_the_manuals_required_fields(golden_coded):  # noqa: F811
    for article, _ in golden_coded.values():
        for event in article.events:
            record = json.loads(json.dumps(plover_record(event, article)))
            assert record["id"], record
            assert "date" in record and (record["date"] is None or isinstance(record["date"], str))
            assert isinstance(record["actor"], list)
            assert record["event"] and record["event"][0] == event.event_type


def test_an_implied_actor_is_a_valid_native_record_and_round_trips(validator):
    import tacitus
    from tacitus.options import Options
    from tacitus.records import event_from_dict
    events = tacitus.code_text("Five men were arrested in Istanbul on Sunday.", published="2024-05-06",
                               options=Options(model=False))
    implied = [e for e in events if e.implied_actor]
    assert implied
    for event in implied:
        record = json.loads(json.dumps(event.to_dict()))
        assert not list(validator.iter_errors(record))
        assert record["actor"][0]["implied"] is True and record["actor"][0]["text"] == ""
        assert event_from_dict(record) == event
