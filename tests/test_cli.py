"""The command line: every command and option documented; `code` and `actor` on real inputs."""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import pytest

from tacitus.cli import build_parser, main

GOLDEN = Path(__file__).resolve().parent / "golden"


def _walk(parser: argparse.ArgumentParser, path: str = "tacitus"):
    """Yield (command path, parser) for the parser and every sub-command below it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                assert (helps.get(name) or "").strip(), f"{path} {name} has no help text"
                yield from _walk(sub, f"{path} {name}")


def test_every_command_and_option_has_help():
    commands = list(_walk(build_parser()))
    names = {p for p, _ in commands}
    assert {"tacitus code", "tacitus actor"} <= names, names
    missing = [f"{path}: {'/'.join(a.option_strings) or a.dest}"
               for path, parser in commands for a in parser._actions
               if a.help != argparse.SUPPRESS and not isinstance(a, argparse._SubParsersAction)
               and not (a.help or "").strip()]
    assert not missing, missing


def test_every_command_prints_its_help(capsys):
    for path, _ in _walk(build_parser()):
        with pytest.raises(SystemExit) as stop:
            main(path.split()[1:] + ["--help"])
        assert stop.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_code_a_file(capsys):
    assert main(["code", str(GOLDEN / "tbilisi-arrests.txt"), "--published", "2024-05-01",
                 "--format", "jsonl"]) == 0
    events = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert any(e["event_type"] == "COERCE" for e in events)


def test_code_standard_input(capsys, monkeypatch):
    text = (GOLDEN / "tbilisi-arrests.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["code", "-", "--published", "2024-05-01"]) == 0
    out = capsys.readouterr().out
    assert "COERCE" in out and "published 2024-05-01" in out


def test_code_an_empty_file_is_a_clear_error(tmp_path, capsys):
    empty = tmp_path / "empty-article.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["code", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "empty-article.txt" in err and "empty" in err.lower()
    assert "Traceback" not in err


def test_code_a_binary_file_is_a_clear_error(tmp_path, capsys):
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    assert main(["code", str(blob)]) == 1
    err = capsys.readouterr().err
    assert "photo.jpg" in err and "Traceback" not in err


def test_actor_on_a_date_as_json(capsys):
    assert main(["actor", "Trump", "--on", "2019-05-01", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["country"] == "USA" and found["sector"] == "GOV"
