"""WikiEvents (KAIROS) documents: sentences of tokens and event mentions by token index.

The text is rebuilt as the sentences joined by newlines, and each token is located in its
sentence, so trigger offsets index that text. KAIROS types map with `kairos_plover.tsv`.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import DocumentEvents, GoldEvent, GoldSpan
from ..labels import to_plover
from . import json_records


def read(path: Path) -> Iterator[DocumentEvents]:
    for number, record in enumerate(json_records(path), 1):
        doc_id = record.get("doc_id") or f"{path.name}:{number}"
        try:
            text, offsets = _text(record)
            events = tuple(_event(text, offsets, m) for m in record.get("event_mentions") or ())
        except (KeyError, IndexError, TypeError) as error:
            raise EvalError(f"{path}: document {doc_id} is not in the WikiEvents shape "
                            f"({error!r})") from error
        yield DocumentEvents(id=doc_id, text=text, events=events)


def _text(record: dict) -> tuple[str, list[tuple[int, int]]]:
    parts, offsets, base = [], [], 0
    for tokens, sentence in record["sentences"]:
        cursor = 0
        for token in tokens:
            word = token[0] if isinstance(token, list) else token
            at = sentence.find(word, cursor)
            at = cursor if at < 0 else at
            offsets.append((base + at, base + at + len(word)))
            cursor = at + len(word)
        parts.append(sentence)
        base += len(sentence) + 1
    return "\n".join(parts), offsets


def _event(text: str, offsets: list[tuple[int, int]], mention: dict) -> GoldEvent:
    trigger = mention["trigger"]
    start, end = offsets[trigger["start"]][0], offsets[trigger["end"] - 1][1]
    target = to_plover("kairos_plover", mention["event_type"], prefix=True)
    return GoldEvent(event_type=target.event_type if target else None,
                     mode=target.mode if target else None, label=mention["event_type"],
                     trigger=GoldSpan(start, end, text[start:end]))
