"""The gate's floors only go up: the committed floors.json against the previous commit's and
the merge base with main; a floor leaves only through `retired`, with its reason."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tacitus.evaluation.gate import FLOORS, lowered, parse_floors, retired_floors

REPO = Path(__file__).resolve().parents[1]
FLOORS_IN_GIT = "tacitus/evaluation/floors.json"


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)


def earlier_floors() -> list[tuple[str, dict]]:
    """floors.json as HEAD, HEAD~1 and the merge base with main have it (those that exist)."""
    try:
        if _git("rev-parse", "--git-dir").returncode:
            pytest.skip("not a git checkout: no earlier floors to compare with")
    except OSError:
        pytest.skip("git is not installed")
    revisions = ["HEAD", "HEAD~1"]
    base = _git("merge-base", "HEAD", "main")
    if base.returncode == 0 and base.stdout.strip():
        revisions.append(base.stdout.strip())
    found = []
    for revision in revisions:
        shown = _git("show", f"{revision}:{FLOORS_IN_GIT}")
        if shown.returncode == 0:
            found.append((revision, json.loads(shown.stdout)))
    if not found:
        pytest.skip("no earlier commit has floors.json")
    return found


def test_floors_only_go_up():
    current = parse_floors(json.loads(FLOORS.read_text(encoding="utf-8")))
    retired = retired_floors()
    for revision, data in earlier_floors():
        assert lowered(current, parse_floors(data), retired) == [], f"against {revision}"


def test_every_retired_floor_says_why():
    assert all(isinstance(why, str) and len(why) > 20 for why in retired_floors().values())


def test_lowered_by_hand():
    before = {"gsr": {"f1": 0.6, "quad": 0.5}, "loc": {"country": 0.86}}
    assert lowered({"gsr": {"f1": 0.62, "quad": 0.5}, "loc": {"country": 0.9}}, before, {}) == []
    problems = lowered({"gsr": {"f1": 0.59}}, before, {"loc/country": "the gold has none"})
    assert problems == ["gsr/f1: floor lowered from 0.6 to 0.59",
                        "gsr/quad: floor 0.5 dropped without a reason in floors.json's 'retired'"]
