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
    │   └── CodingError       a stage failed on this article (the cause is chained)
    ├── EvalError             a gold file cannot be read in the named format
    ├── DatabaseError         the event database cannot be opened, read, migrated or written
    ├── FilterError           an event filter (a flag, a URL parameter) is malformed
    └── OutputError           an output file cannot be written (or would overwrite the database)

    TimeBudgetExceeded        (a BaseException) an article took longer than Options.time_budget;
                              batch coding turns it into that article's failure row

`tacitus.read` raises only `InputError`s and `tacitus.code` only `TacitusError`s (anything
unexpected inside a stage comes out as `CodingError`); see docs/robustness.md.
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


class CodingError(PipelineError):
    """A stage raised something unexpected on one article; `__cause__` holds what."""

    def __init__(self, source: str | None, error: BaseException):
        self.source = source or "<article>"
        self.error = error
        super().__init__(f"{self.source}: coding failed ({type(error).__name__}: {error}). "
                         "The article is skipped; please report it with the article attached")


class EvalError(TacitusError):
    pass


class DatabaseError(TacitusError):
    pass


class FilterError(TacitusError):
    pass


class OutputError(TacitusError):
    pass


class TimeBudgetExceeded(BaseException):
    """Raised inside the coding of an article that ran past `Options.time_budget`. A
    BaseException, like KeyboardInterrupt, so that no stage's `except Exception` can swallow
    it; `ingest.code_chunk` catches it and records the article as failed."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"coding took longer than the time budget of {seconds:g} s "
                         "(Options.time_budget, --time-budget)")
