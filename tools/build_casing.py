"""Build tacitus/knowledge/data/casing.tsv.gz, the word-case table of the truecase stage.

The table says, for each word seen often enough, how much more often it is written with
capitals than without: one line `Form<TAB>margin`, where `Form` is the word's most frequent
capitalised spelling ("Putin", "NATO", "McCain") and `margin` is ln P(Form) - ln P(form in
lower case), in nats, one decimal, clipped to [-9, 9]. A word never written with a capital
appears in lower case with margin -9. Words rarer than both thresholds below are left out:
the truecaser knows nothing about them.

The probabilities are spaCy's English lexeme probabilities (`en_lexeme_prob`, from the MIT
licensed `spacy-lookups-data` package), read from its wheel, which needs no install:

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/lookups
    python tools/build_casing.py /tmp/lookups/spacy_lookups_data-1.0.5-py2.py3-none-any.whl
"""
from __future__ import annotations

import gzip
import json
import re
import sys
import zipfile
from pathlib import Path

TABLE = "spacy_lookups_data/data/en_lexeme_prob.json.gz"
OUT = Path(__file__).resolve().parent.parent / "tacitus" / "knowledge" / "data" / "casing.tsv.gz"
WORD = re.compile(r"^[^\W\d_]+$")
MIN_CASED = -19.0   # ln P of the capitalised form (the table gives -19.5 to a word it has not seen)
MIN_LOWER = -17.0   # ln P of a word never capitalised that is still worth listing as a word
CLIP = 9.0


def rows(probabilities: dict[str, float]):
    floor = min(probabilities.values())  # what the table gives a word it has not seen
    groups: dict[str, dict[str, float]] = {}
    for form, logp in probabilities.items():
        if form.isascii() and WORD.match(form):  # the truecaser looks words up folded to ASCII
            groups.setdefault(form.lower(), {})[form] = logp
    for lower, forms in sorted(groups.items()):
        cased = {f: p for f, p in forms.items() if f != lower}
        plain = forms.get(lower, floor)
        if cased:
            best = max(sorted(cased), key=cased.get)
            if cased[best] >= MIN_CASED or plain >= MIN_LOWER:
                yield best, max(-CLIP, min(CLIP, cased[best] - plain))
        elif plain >= MIN_LOWER:
            yield lower, -CLIP


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        probabilities = json.loads(gzip.decompress(archive.read(TABLE)))
    lines = [f"{form}\t{margin:.1f}\n" for form, margin in rows(probabilities)]
    header = "# word-case table of tacitus.truecase, built by tools/build_casing.py: form, margin (nats)\n"
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write((header + "".join(lines)).encode("utf-8"))
    print(f"{OUT}: {len(lines)} words")


if __name__ == "__main__":
    main(sys.argv[1])
