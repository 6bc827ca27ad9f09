"""The quality gate: evaluate the dev sets and fail when a metric drops below its floor.

Floors live in `floors.json` and only ever go up (a test compares them with the previous
commit's); a floor leaves only through the file's `retired` list, with the reason. The gold
folder is `../shared/gold` beside the repository, PLV's test split `../shared/training`; CI
always has both, so a set that is missing fails the gate instead of being skipped. Limits keep
the whole gate within about 5 minutes on 2 CPU cores; each set's time is reported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalError
from ..options import DEFAULT, Options
from .report import Report

FLOORS = Path(__file__).with_name("floors.json")
REPOSITORY = Path(__file__).resolve().parents[2]
PACKAGE = Path(__file__).resolve().parents[1]  # our own sets ship inside the package


@dataclass(frozen=True)
class GateSet:
    name: str
    path: str  # relative to the gold folder, the training folder beside it, or the repository
    format: str
    limit: int | None
    root: str = "gold"  # gold | training | package (our own sets, shipped inside the package)


# Whole sets where they are cheap; the first N items of the big ones (a limit always keeps the
# same items, so the gate is deterministic). Measured time on 2 cores: docs/accuracy.md.
GATE_SETS = (
    GateSet("plover_gsr", "plover_gsr/PLOVER_GSR_CAMEO.txt", "plover-gsr", None),
    GateSet("petrarch_en", "upetrarch/PETR2_GSR_validation_en.xml", "petrarch-xml", None),
    GateSet("conflibert_class", "conflibert_cameo/cameo_class/train.tsv", "conflibert-class", None),
    GateSet("conflibert_ner", "conflibert_cameo/cameo_ner/train.txt", "conflibert-ner", None),
    GateSet("polnear_dev", "polnear/dev", "polnear", None),
    GateSet("timebank", "timebank/TBAQ-cleaned/TimeBank", "timeml", None),
    GateSet("aquaint", "timebank/TBAQ-cleaned/AQUAINT", "timeml", None),
    GateSet("event_location", "event_location/labeled_text_dev.jsonl.gz", "event-location", 1500),
    GateSet("lgl", "geoparsing/lgl.xml", "geoparsing-xml", None),
    GateSet("geovirus", "geoparsing/GeoVirus.xml", "geoparsing-xml", None),
    GateSet("wikievents_dev", "wikievents/dev.jsonl", "wikievents", None),
    GateSet("plv_test", "plv/test.tsv", "plv", None, root="training"),
    # our own sets: the judged articles (dev and held-out parts, and their lower-cased copy)
    # and the test split of the labelled sentences, each scored through the whole pipeline
    GateSet("judged", "evaluation/judged", "judged", None, root="package"),
    GateSet("judged_lower", "evaluation/judged", "judged-lower", None, root="package"),
    GateSet("labelled_test", "learning/labels", "labelled", None, root="package"),
)


def default_gold() -> Path:
    return REPOSITORY.parent / "shared" / "gold"


def load_floors(path: Path = FLOORS) -> dict[str, dict[str, float]]:
    """{dataset: {dotted metric: floor}}; keys starting with '_' are comments."""
    return parse_floors(_read_floors(path), path)


def retired_floors(path: Path = FLOORS) -> dict[str, str]:
    """{"dataset/metric": why the floor was dropped}: the only way a floor may go."""
    return dict(_read_floors(path).get("retired") or {})


def _read_floors(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EvalError(f"{path}: cannot read the floors file ({error})") from error


def parse_floors(data: dict, path: Path | str = "floors.json") -> dict[str, dict[str, float]]:
    floors = {k: v for k, v in data.get("floors", {}).items() if not k.startswith("_")}
    for dataset, metrics in floors.items():
        for metric, floor in metrics.items():
            if not isinstance(floor, (int, float)) or not 0.0 <= floor <= 1.0:
                raise EvalError(f"{path}: floor {dataset}/{metric} must be a number in 0..1")
    return floors


def lowered(current: dict, previous: dict, retired: dict[str, str]) -> list[str]:
    """Floors of `previous` that `current` lowers or drops without retiring them."""
    problems = []
    for dataset, metrics in previous.items():
        for metric, floor in metrics.items():
            now = current.get(dataset, {}).get(metric)
            if now is None and f"{dataset}/{metric}" not in retired:
                problems.append(f"{dataset}/{metric}: floor {floor} dropped without a reason "
                                f"in floors.json's 'retired'")
            elif now is not None and now < floor:
                problems.append(f"{dataset}/{metric}: floor lowered from {floor} to {now}")
    return problems


def check(report: Report, floors: dict[str, float]) -> list[str]:
    """Messages for each metric of `report` below its floor (or missing), empty when met."""
    flat = report.flat_metrics()
    problems = []
    for metric, floor in sorted(floors.items()):
        value = flat.get(metric)
        if value is None:
            problems.append(f"{report.dataset}: metric {metric} is missing from the report")
        elif value < floor:
            problems.append(f"{report.dataset}: {metric} = {value:.4f} is below its floor "
                            f"{floor:.4f}")
    if report.counts.get("failed") and not report.counts.get("scored"):
        problems.append(f"{report.dataset}: every item failed "
                        f"({report.failures[0]['error'] if report.failures else '?'})")
    return problems


def run_gate(gold: Path | None = None, floors_path: Path = FLOORS, *, system=None,
             options: Options = DEFAULT, sets=GATE_SETS, echo=print) -> tuple[bool, list[Report]]:
    """Evaluate every gate set; (all sets present and all floors met, the reports)."""
    from . import evaluate
    gold = Path(gold) if gold else default_gold()
    floors = load_floors(floors_path)
    roots = {"gold": gold, "training": gold.parent / "training", "package": PACKAGE}
    reports, problems = [], []
    for gate_set in sets:
        path = roots[gate_set.root] / gate_set.path
        if not path.exists():
            problems.append(f"{gate_set.name}: {path} is missing (the gate expects it: give the "
                            f"gold folder with --gold; the training folder lies beside it)")
            echo(f"  {gate_set.name}: MISSING {path}")
            continue
        report = evaluate(path, gate_set.format, options, limit=gate_set.limit, system=system,
                          name=gate_set.name)
        reports.append(report)
        found = check(report, floors.get(gate_set.name, {}))
        problems += found
        echo(f"  {gate_set.name}: {'FAIL' if found else 'ok'} ({report.seconds:.0f} s, "
             f"{_headline(report)})")
    echo(f"  {len(reports)} sets in {sum(r.seconds for r in reports):.0f} s")
    for problem in problems:
        echo(f"  problem: {problem}")
    return not problems, reports


def _headline(report: Report) -> str:
    floors_of_interest = ("event_type.micro.f1", "macro_f1", "actor_span.overlap.f1",
                          "reported_by.f1", "source_span.overlap.f1", "value_accuracy",
                          "location_span.overlap.f1", "resolution.within_161km")
    flat = report.flat_metrics()
    shown = [f"{k}={flat[k]:.3f}" for k in floors_of_interest if k in flat]
    return ", ".join(shown[:2]) or "no metrics"
