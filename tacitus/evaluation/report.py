"""The result of one evaluation: a readable table for the terminal and a JSON record."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

SECTIONS = ("per_label", "per_class", "confusion", "by_granularity", "codes_by_type",
            "top_by_type", "top_by_label", "recognition_by_kind")
BASELINES = "baselines"  # {name: {dotted metric: what that trivial system scores}}


@dataclass
class Report:
    dataset: str
    format: str
    task: str
    path: str
    sha256: str
    tacitus_version: str
    started: str
    seconds: float
    limit: int | None
    counts: dict
    metrics: dict
    failures: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=False)

    def flat_metrics(self) -> dict[str, float]:
        """Scalar metrics by dotted name ('event_type.micro.f1'), the keys floors refer to."""
        return flatten(self.metrics)

    def table(self) -> str:
        lines = [f"{self.dataset}  ({self.format}, task {self.task})",
                 f"  {self.path}  sha256 {self.sha256[:12]}  tacitus {self.tacitus_version}",
                 f"  {self.seconds:.1f} s  " + "  ".join(f"{k}={v}" for k, v in
                                                        sorted(self.counts.items())), ""]
        width = max((len(k) for k in self.flat_metrics()), default=10)
        for key, value in self.flat_metrics().items():
            if not _detail(key):
                lines.append(f"  {key:<{width}}  {_number(value)}{self._beside(key)}")
        for key, value in _sections(self.metrics):
            lines += ["", f"  {key}"] + _section_lines(value, self._section_baseline(key))
        if self.failures:
            lines += ["", f"  failures (first {len(self.failures)}):"]
            lines += [f"    {f['id']}: {f['error']}" for f in self.failures[:10]]
        return "\n".join(lines)


    def baselines(self) -> dict[str, dict[str, float]]:
        """{baseline name: {dotted metric: value}}: trivial systems scored on the same items."""
        return {name: {k: v for k, v in values.items() if isinstance(v, (int, float))}
                for name, values in (self.metrics.get(BASELINES) or {}).items()}

    def _section_baseline(self, section: str) -> tuple[str, dict[str, float]] | None:
        """The first baseline with per-row F1 figures for `section`: (name, {row: f1})."""
        for name, values in self.baselines().items():
            rows = {k[len(section) + 1:-3]: v for k, v in values.items()
                    if k.startswith(f"{section}.") and k.endswith(".f1")}
            if rows:
                return name, rows
        return None

    def _beside(self, key: str) -> str:
        shown = [f"{name} {_number(values[key])}" for name, values in self.baselines().items()
                 if key in values]
        return f"   ({'; '.join(shown)})" if shown else ""


def flatten(metrics: dict, prefix: str = "") -> dict[str, float]:
    flat = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[name] = value
    return flat


def figures(metrics: dict) -> dict[str, float]:
    """The scalar figures of `metrics` by dotted name, without the raw tp/fp/fn counts: the
    shape of a baseline, which stands beside the measured figure of the same name."""
    return {key: value for key, value in flatten(metrics).items()
            if not key.endswith((".tp", ".fp", ".fn"))}


def sha256(path: Path) -> str:
    """Digest of a file, or of a folder's files (relative names and contents, in name order)."""
    digest = hashlib.sha256()
    targets = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for target in targets:
        if path.is_dir():
            digest.update(str(target.relative_to(path)).encode() + b"\0")
        with open(target, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _detail(key: str) -> bool:
    return (any(f"{s}." in f"{key}." for s in SECTIONS) or key.startswith(f"{BASELINES}.")
            or key.endswith((".tp", ".fp", ".fn")))


def _sections(metrics: dict, prefix: str = ""):
    for key, value in metrics.items():
        if key == BASELINES:
            continue
        if key in SECTIONS and value:
            yield f"{prefix}{key}", value
        elif isinstance(value, dict):
            yield from _sections(value, f"{prefix}{key}.")


def _section_lines(section: dict, baseline: tuple[str, dict] | None = None) -> list[str]:
    rows = list(section.items())
    if rows and all({"precision", "recall", "f1"} <= set(v) for _, v in rows):
        extra = f"  {baseline[0]} F1" if baseline else ""
        lines = [f"    {'label':<16} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}{extra}"]
        for label, s in rows:
            base = baseline[1].get(label) if baseline else None
            lines.append(f"    {label:<16} {s['precision']:6.3f} {s['recall']:6.3f} "
                         f"{s['f1']:6.3f} {s['tp'] + s['fn']:5d}"
                         + (f"  {base:6.3f}" if base is not None else ""))
        return lines
    if rows and all(isinstance(v, dict) and "accuracy" in v for _, v in rows):
        return [f"    {label:<16} {v['accuracy']:.3f}  (n={v['n']})" for label, v in rows]
    columns = sorted({c for _, row in rows for c in row})
    width = max([9] + [len(c) for c in columns]) if len(columns) <= 12 else 9
    lines = ["    gold \\ predicted " + " ".join(f"{c[:width]:>{width}}" for c in columns)]
    for label, row in rows:
        lines.append(f"    {label[:18]:<18} " + " ".join(f"{_cell(row.get(c, 0)):>{width}}"
                                                        for c in columns))
    return lines


def _cell(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _number(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)
