"""ConfliBERT's CAMEO sets: `sentence TAB penta` lines and CoNLL source/target tags."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldSpan, PentaSentence, RoleSentence
from . import open_text


def read_class(path: Path) -> Iterator[PentaSentence]:
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            text, _, label = line.rpartition("\t")
            if not text or label.strip() not in {"0", "1", "2", "3", "4"}:
                raise EvalError(f"{path}:{number}: expected 'sentence<TAB>0-4'")
            yield PentaSentence(id=f"{path.name}:{number}", text=text.strip(),
                                penta=int(label))


def read_ner(path: Path) -> Iterator[RoleSentence]:
    """Sentences of `token TAG` lines separated by blank lines; tokens are joined by spaces."""
    block, start_line = [], 1
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            parts = line.split()
            if parts:
                if len(parts) < 2:
                    raise EvalError(f"{path}:{number}: expected 'token TAG'")
                block.append((parts[0], parts[-1]))
                continue
            if block:
                yield _sentence(f"{path.name}:{start_line}", block)
            block, start_line = [], number + 1
    if block:
        yield _sentence(f"{path.name}:{start_line}", block)


def _sentence(item_id: str, tokens: list[tuple[str, str]]) -> RoleSentence:
    text, offsets = "", []
    for token, _ in tokens:
        if text:
            text += " "
        offsets.append((len(text), len(text) + len(token)))
        text += token
    spans: dict[str, list[list[int]]] = {"S": [], "T": []}
    previous = "O"
    for (start, end), (_, tag) in zip(offsets, tokens):
        prefix, _, role = tag.partition("-")
        if role in spans and (prefix == "B" or previous != role):
            spans[role].append([start, end])
        elif role in spans:
            spans[role][-1][1] = end
        previous = role if prefix in ("B", "I") else "O"
    make = lambda role: tuple(GoldSpan(s, e, text[s:e]) for s, e in spans[role])  # noqa: E731
    return RoleSentence(id=item_id, text=text, actor=make("S"), recipient=make("T"))
