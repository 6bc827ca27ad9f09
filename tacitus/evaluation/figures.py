"""The figures table of docs/accuracy.md, made from `tacitus gate --json` / `tacitus eval --json`.

    .venv/bin/python -m tacitus.evaluation.figures gate.json [eval.json ...] > figures.md
    .venv/bin/python -m tacitus.evaluation.figures gate.json --beside gate-no-model.json

Each report gives its task's main figures, each with the baselines measured on the same items
beside it, the number of items, the seconds it took and the command that measures it again.
`--beside` adds a column with the same figures from other reports of the same sets (the
lexicon alone, `--no-model`).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .report import figures

MAIN = {
    "sentence_events": ("event_type.macro.f1", "event_type.micro.f1", "top_accuracy",
                        "false_event_rate", "quad_accuracy", "actor_span.overlap.f1",
                        "recipient_span.overlap.f1", "actor_country_accuracy",
                        "recipient_country_accuracy"),
    "penta": ("macro_f1", "accuracy"),
    "roles": ("actor_span.overlap.f1", "recipient_span.overlap.f1"),
    "attribution": ("reported_by.precision", "reported_by.recall", "reported_by.f1",
                    "reported_by.accuracy", "source_span.overlap.f1", "source_span.exact.f1",
                    "cue_span.overlap.f1"),
    "dates": ("value_accuracy",),
    "event_location": ("event_found", "location_span.exact.f1", "location_span.overlap.precision",
                       "location_span.overlap.recall", "location_span.overlap.f1",
                       "location_accuracy", "location_span_when_found.overlap.f1",
                       "location_accuracy_when_found"),
    "geoparsing": ("recognition.overlap.f1", "resolution.within_161km", "country_accuracy"),
    "document_events": ("event_type.micro.f1",),
    "labelled_documents": ("sentence.macro.f1", "document.macro.f1",
                           "sentence_any_actor.macro.f1"),
    "relations": ("macro_f1", "accuracy", "actor_span.overlap.f1", "recipient_span.overlap.f1"),
    "judged": tuple(f"{part}.{metric}" for part in ("dev", "heldout") for metric in (
        "precision", "core_recall", "all_recall", "actor_country_accuracy",
        "recipient_country_accuracy", "actor_sector_accuracy", "date_accuracy")),
    "labelled": ("event.f1", "event_type.macro.f1", "event_type.micro.f1",
                 "event_type.micro.precision", "event_type.micro.recall"),
}
COUNTS = ("scored", "unmapped", "documents", "sentences")  # from the report's counts
SIZES = ("top_n", "no_event_n", "reported_by.events", "resolution.n", "country_n")  # metrics


def table(reports: list[dict], beside: list[dict] | None = None) -> str:
    others = {r["dataset"]: figures(r["metrics"]) for r in beside or ()}
    extra = " --no-model |" if beside else ""
    lines = [f"| set | metric | measured |{extra} baselines (same items) | items | seconds |",
             "|---|---|---|---|---|---|" + ("---|" if beside else "")]
    for report in reports:
        flat = figures(report["metrics"])
        baselines = {name: figures(values) for name, values in
                     (report["metrics"].get("baselines") or {}).items()}
        shown = [metric for metric in MAIN.get(report["task"], ()) if metric in flat]
        for number, metric in enumerate(shown):
            beside = "; ".join([f"{name} {values[metric]:.3f}" for name, values in baselines.items()
                                if metric in values] + _inline_baselines(flat, metric))
            head = (report["dataset"], _items(report), f"{report['seconds']:.0f}") if number == 0 \
                else ("", "", "")
            other = others.get(report["dataset"], {}).get(metric)
            column = "" if not others else f" {other:.3f} |" if other is not None else " — |"
            lines.append(f"| {head[0]} | {metric} | {flat[metric]:.3f} |{column} {beside} "
                         f"| {head[1]} | {head[2]} |")
    return "\n".join(lines)


def _inline_baselines(flat: dict, metric: str) -> list[str]:
    """Baselines a report keeps beside its figures rather than under "baselines": the judged
    set's `dev.actor_country_majority_baseline`, the labelled set's `baseline_always_event`."""
    out = []
    if metric.endswith("_accuracy") and f"{metric[:-len('_accuracy')]}_majority_baseline" in flat:
        out.append(f"majority {flat[metric[:-len('_accuracy')] + '_majority_baseline']:.3f}")
    part, _, name = metric.rpartition(".")
    if name == "core_recall" and f"{part}.baseline_never_predicting.core_recall" in flat:
        out.append(f"null {flat[part + '.baseline_never_predicting.core_recall']:.3f}")
    if metric.startswith("event."):
        out += [f"{kind} {flat[f'baseline_{kind}_event.' + metric[6:]]:.3f}" for kind in ("always", "never")
                if f"baseline_{kind}_event.{metric[6:]}" in flat]
    return out


def _items(report: dict) -> str:
    flat = figures(report["metrics"])
    return ", ".join([f"{k} {report['counts'][k]}" for k in COUNTS if k in report["counts"]]
                     + [f"{k} {flat[k]}" for k in SIZES if k in flat])


def per_type(report: dict) -> str:
    """Event types of a sentence-level set: P/R/F1 and the codes of the gold actors of that
    type that a predicted actor of the same role overlaps (accuracy, n)."""
    scores = report["metrics"]["event_type"]["per_label"]
    codes = report["metrics"].get("codes_by_type", {})
    lines = [f"{report['dataset']} per type:", "",
             "| type | gold n | P | R | F1 | actor country (n) | actor sector (n) | recipient country (n) |",
             "|---|---|---|---|---|---|---|---|"]
    for event_type, s in scores.items():
        if not s["tp"] + s["fn"]:
            continue
        c = codes.get(event_type, {})
        cells = [f"{c[k]:.2f} ({c[k + '_n']})" if k in c else "—"
                 for k in ("A_country", "A_sector", "R_country")]
        lines.append(f"| {event_type} | {s['tp'] + s['fn']} | {s['precision']:.2f} | "
                     f"{s['recall']:.2f} | {s['f1']:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_class(report: dict) -> str:
    """P/R/F1 of each gold class of a single-label set (PLV's 15 types)."""
    lines = [f"{report['dataset']} per class:", "", "| class | gold n | P | R | F1 |",
             "|---|---|---|---|---|"]
    for label, s in report["metrics"]["per_class"].items():
        if s["tp"] + s["fn"]:
            lines.append(f"| {label} | {s['tp'] + s['fn']} | {s['precision']:.2f} | "
                         f"{s['recall']:.2f} | {s['f1']:.2f} |")
    return "\n".join(lines)


def commands(reports: list[dict]) -> str:
    return "\n".join(
        f"- {r['dataset']}: `tacitus eval {_relative(r['path'])} --format {r['format']}"
        f"{' --limit ' + str(r['limit']) if r.get('limit') else ''}`" for r in reports)


def _relative(path: str) -> str:
    """../shared/... as the docs write it, wherever the report was made."""
    _, found, rest = path.partition("/shared/")
    if found:
        return f"../shared/{rest}"
    from .gate import REPOSITORY
    inside = Path(path).resolve()
    return str(inside.relative_to(REPOSITORY)) if inside.is_relative_to(REPOSITORY) else path


def main(argv: list[str]) -> int:
    paths, beside = (argv[:argv.index("--beside")], argv[argv.index("--beside") + 1:]) \
        if "--beside" in argv else (argv, [])
    reports, others = _load(paths), _load(beside)
    print(table(reports, others or None))
    print()
    print(commands(reports))
    for report in reports:
        codes = report["metrics"].get("codes_by_type", {})
        if any("A_country" in c for c in codes.values()):
            print()
            print(per_type(report))
        if report["task"] == "relations":
            print()
            print(per_class(report))
    return 0


def _load(paths: list[str]) -> list[dict]:
    reports = []
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        reports += data if isinstance(data, list) else [data]
    return reports


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
