"""Tacitus' exceptions. Every message names the input and says what to do next.

    TacitusError
    ├── InputError            an article cannot be read
    │   ├── EmptyInput        nothing to code after extraction
    │   ├── BinaryInput       not text or HTML
    │   ├── InputTooLarge     over Options.max_bytes
    │   ├── NotEnglish        Tacitus codes English news only
    │   └── FetchError        a URL could not be fetched
    ├── KnowledgeError        a knowledge file is malformed
    ├── PipelineError         stages are out of order or missing
    ├── EvalError             a gold file cannot be read in the named format
    ├── DatabaseError         the event database cannot be opened or migrated
    └── FilterError           an event filter (a flag, a URL parameter) is malformed
"""
from __future__ import annotations


class TacitusError(Exception):
    """Base class; `str(error)` is a message fit for the user."""


class InputError(TacitusError):
    def __init__(self, source: str | None, problem: str, hint: str = ""):
        self.source = source or "<input>"
        self.problem = problem
        message = f"{self.source}: {problem}"
        super().__init__(f"{message}. {hint}".strip() if hint else message)


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class NotEnglish(InputError):
    pass


class FetchError(InputError):
    pass


class KnowledgeError(TacitusError):
    pass


class PipelineError(TacitusError):
    pass


class EvalError(TacitusError):
    pass


class DatabaseError(TacitusError):
    pass


class FilterError(TacitusError):
    pass
