"""`tacitus eval` and `tacitus gate`: thin shells over `tacitus.evaluation`."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    from ..evaluation.readers import FORMATS
    formats = "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
    parser = subparsers.add_parser(
        "eval", help="measure Tacitus on a human-annotated gold file",
        description=f"Score Tacitus on a gold file or folder. Formats - {formats}.")
    parser.add_argument("path", type=Path, help="gold file or folder (gzip is read transparently)")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt",
                        help="the gold format")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the report as JSON")
    parser.add_argument("--limit", type=int, metavar="N",
                        help="score only the first N gold items (documents for document sets)")
    parser.add_argument("--case", choices=("lower", "upper"),
                        help="score a copy of the gold set with each item's text in this case "
                             "(offsets kept): how well Tacitus codes lower-case or ALL-CAPS news")
    from .code import add_model_flag
    add_model_flag(parser)
    parser.set_defaults(func=_eval)

    gate = subparsers.add_parser(
        "gate", help="the quality gate: fail when a dev-set metric drops below its floor",
        description="Evaluate the dev sets and exit 1 when a metric is below floors.json or a "
                    "set is missing; each set's time is printed.")
    gate.add_argument("--gold", type=Path, metavar="DIR",
                      help="gold folder (default: ../shared/gold beside the repository); PLV's "
                           "test split is read from the training folder beside it")
    gate.add_argument("--floors", type=Path, metavar="FILE",
                      help="floors file (default: the committed tacitus/evaluation/floors.json)")
    gate.add_argument("--json", type=Path, metavar="OUT", help="write all reports as JSON")
    add_model_flag(gate)
    gate.set_defaults(func=_gate)


def _eval(args: argparse.Namespace) -> int:
    from ..evaluation import evaluate
    from ..options import Options
    options = Options(model=args.model is not False)
    report = evaluate(args.path, args.fmt, options, limit=args.limit, case=args.case)
    print(report.table())
    if args.json:
        args.json.write_text(report.to_json() + "\n", encoding="utf-8")
    return 0


def _gate(args: argparse.Namespace) -> int:
    import json

    from ..evaluation.gate import FLOORS, run_gate
    from ..options import Options
    ok, reports = run_gate(args.gold, args.floors or FLOORS,
                           options=Options(model=args.model is not False))
    if args.json:
        args.json.write_text(json.dumps([r.to_dict() for r in reports], indent=2) + "\n",
                             encoding="utf-8")
    print("gate: passed" if ok else "gate: FAILED")
    return 0 if ok else 1
