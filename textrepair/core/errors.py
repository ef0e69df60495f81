"""The library's own exception hierarchy: every failure a caller can see is one of these, and every class is defined here."""

from __future__ import annotations


class TextrepairError(Exception):
    """Base class for every error textrepair raises on purpose."""


class InputTypeError(TextrepairError, TypeError):
    """A function that takes text was given something else (usually bytes)."""


class DecodeError(TextrepairError, ValueError):
    """A file's bytes are not text we can decode without guessing (binary, or empty)."""


class NotTextError(DecodeError):
    """A file's bytes are a known non-text format (PDF, Word, ZIP, image) or text in an encoding
    we do not guess (UTF-16 without a byte-order mark): ``kind`` names it, ``advice`` says what
    to do (e.g. "extract its text first (e.g. pdftotext)")."""

    def __init__(self, message: str, *, kind: str, advice: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.advice = advice


class FrontMatterError(TextrepairError, ValueError):
    """A leading ``---`` block is not valid YAML, is not a mapping, or exceeds a safety limit."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = path or "<text>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.reason = message


class EditConflictError(TextrepairError, ValueError):
    """Edits overlap, fall outside the text, or do not match the text they claim to replace."""


class TableFormatError(TextrepairError, ValueError):
    """A phrase table file has a bad header, version or row."""


class UnknownTableError(TextrepairError, LookupError):
    """A phrase table was asked for by a name that is not packaged."""


class RecordError(TextrepairError, ValueError):
    """A front-matter record could not be loaded (named with its path and reason)."""


class RecordProblem(RecordError):
    """A record that was skipped, with where it came from and why (a report entry, also raisable)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


class InputTooLargeError(TextrepairError, ValueError):
    """An input exceeds a documented, configurable size limit."""


class NotAFileError(TextrepairError, ValueError):
    """An input path is a FIFO, socket, device or folder: reported, never opened for reading."""


class TooManyEditsError(InputTooLargeError):
    """A file needs more edits than the configured maximum (it is almost certainly not prose)."""


class ConfigError(TextrepairError, ValueError):
    """An option has an impossible value or an unknown name."""


class UsageError(TextrepairError, ValueError):
    """A run was asked for something it must refuse (e.g. OUT inside SRC)."""


class PPSFormatError(TableFormatError):
    """A tortured-phrase CSV that does not follow the export format (message names the line)."""


class LearnError(TextrepairError, ValueError):
    """Bad input to learn/mine (an unreadable folder, no pairs)."""


class ClusterError(TextrepairError):
    """A cluster cannot be used: distributed is missing, the scheduler does not answer or was lost,
    it has no workers, or its workers run another textrepair or cannot load the tables."""


class WorkerLostError(TextrepairError):
    """The workers running one input died more often than the scheduler (or Spark) retries a task."""


BYTES_ERROR_TEXT = (
    "textrepair works on str, not bytes. Decode the bytes first, e.g. data.decode('utf-8'), "
    "or use textrepair.read_document(path) / textrepair.decode_bytes(data), which decode "
    "conservatively and record how."
)


def require_text(value: object, name: str = "text") -> str:
    """Return ``value`` if it is a str, else raise an :class:`InputTypeError` that says how to fix it."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise InputTypeError(BYTES_ERROR_TEXT)
    msg = f"{name} must be a str, not {type(value).__name__}"
    raise InputTypeError(msg)
