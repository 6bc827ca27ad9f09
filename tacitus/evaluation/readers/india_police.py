"""IndiaPoliceEvents (Halterman et al. 2021) in its authors' layout, `data/final/`:

- `sents.jsonl`: `{"doc_id", "sent_id", "sent_labels": [...], "sent_text"}`, sentence ids
  counting within each document;
- `docs.jsonl`: `{"doc_id", "doc_text", "doc_labels": [...]}`;
- `metadata.jsonl`: `{"doc_id", "date", "url", "full_text"}`.

Labels are KILL, ARREST, FAIL, FORCE, ANY_ACTION; the text is lower-case. The path is the
folder (both levels are scored), or `sents.jsonl` (sentences) or `docs.jsonl` (documents);
`metadata.jsonl` beside it gives each document's publication date. Tacitus codes each
document once, as a user would; a sentence's labels are read off the events inside it, so each
sentence is located in the document text (the `doc_text`, else the metadata's `full_text`;
where a sentence is not found there, the document is its sentences joined by spaces).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldSpan, LabelledDocument, LabelledSentence
from . import json_records

SENTENCES, DOCUMENTS, METADATA = "sents.jsonl", "docs.jsonl", "metadata.jsonl"


def read(path: Path) -> Iterator[LabelledDocument]:
    sentences_file, documents_file = _files(path)
    folder = path if path.is_dir() else path.parent
    metadata = _by_doc(folder / METADATA) if (folder / METADATA).exists() else {}
    documents = _by_doc(documents_file) if documents_file else {}
    sentences = _sentences(sentences_file) if sentences_file else {}
    for doc_id in dict.fromkeys([*sentences, *documents]):
        yield _document(doc_id, sentences.get(doc_id), documents.get(doc_id),
                        metadata.get(doc_id, {}))


def _files(path: Path) -> tuple[Path | None, Path | None]:
    """(sentence file, document file) named by `path`."""
    if path.is_dir():
        found = [path / SENTENCES if (path / SENTENCES).exists() else None,
                 path / DOCUMENTS if (path / DOCUMENTS).exists() else None]
        if not any(found):
            raise EvalError(f"{path}: no {SENTENCES} or {DOCUMENTS} here (the IndiaPoliceEvents "
                            f"layout is data/final/)")
        return found[0], found[1]
    first = next(json_records(path), {})
    if "sent_labels" in first or "sent_text" in first:
        return path, None
    if "doc_labels" in first or "doc_text" in first:
        return None, path
    raise EvalError(f"{path}: neither sentences (sent_text, sent_labels) nor documents "
                    f"(doc_text, doc_labels) of IndiaPoliceEvents")


def _by_doc(path: Path) -> dict:
    records = {}
    for number, record in enumerate(json_records(path), 1):
        if "doc_id" not in record:
            raise EvalError(f"{path}: record {number} has no doc_id")
        records[record["doc_id"]] = record
    return records


def _sentences(path: Path) -> dict:
    """{doc_id: [(sent_id, text, labels)] in sentence order}."""
    by_doc: dict = {}
    for number, record in enumerate(json_records(path), 1):
        if not isinstance(record.get("sent_text"), str) or "doc_id" not in record:
            raise EvalError(f"{path}: record {number} needs doc_id and sent_text")
        by_doc.setdefault(record["doc_id"], []).append(
            (record.get("sent_id", number), record["sent_text"], _labels(record["sent_labels"])
             if "sent_labels" in record else ()))
    for rows in by_doc.values():
        rows.sort(key=lambda row: row[0])
    return by_doc


def _labels(value) -> tuple[str, ...]:
    return tuple(str(label).upper() for label in value or ())


def _document(doc_id, sentences, document, metadata) -> LabelledDocument:
    text = (document or {}).get("doc_text") or metadata.get("full_text") or ""
    spans = _locate(text, [s[1] for s in sentences]) if sentences else []
    if sentences and (not text or None in spans):
        text = " ".join(s[1].strip() for s in sentences)
        spans = _locate(text, [s[1] for s in sentences])
    labelled = tuple(LabelledSentence(id=f"{doc_id}:{sent_id}", span=span, labels=labels)
                     for (sent_id, _, labels), span in zip(sentences or (), spans))
    return LabelledDocument(
        id=str(doc_id), text=text, published=_date(metadata.get("date")), sentences=labelled,
        labels=_labels(document.get("doc_labels")) if document else None)


def _locate(text: str, sentences: list[str]) -> list[GoldSpan | None]:
    """Each sentence's span in `text`, in order; None where it is not found."""
    spans, cursor = [], 0
    for sentence in sentences:
        words = sentence.split()
        if not words:  # a blank "sentence" (the layout's leftovers) holds nothing to score
            spans.append(GoldSpan(cursor, cursor, ""))
            continue
        found = re.compile(r"\s*".join(map(re.escape, words))).search(text, cursor)
        if found is None:
            spans.append(None)
            continue
        spans.append(GoldSpan(found.start(), found.end(), found.group()))
        cursor = found.end()
    return spans


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
