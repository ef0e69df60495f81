"""textrepair: repair spun or mangled article bodies, explain every change, and trace their source."""

from __future__ import annotations

from . import _compat

# First, so that code still using an old module path (textrepair.restore, textrepair.batch, ...)
# imports, with a DeprecationWarning, even while the package itself is being imported.
_compat.install()

from .core import display  # noqa: E402  (the imports below follow the layers: core, lexical, link, ...)
from .core.config import RepairConfig
from .core.edits import apply_edits, apply_plan, compose_edits, invert_edits, validate_edits
from .core.errors import (
    ConfigError,
    DecodeError,
    EditConflictError,
    FrontMatterError,
    InputTooLargeError,
    InputTypeError,
    NotTextError,
    RecordError,
    RecordProblem,
    TableFormatError,
    TextrepairError,
    UnknownTableError,
)
from .core.types import Edit, ParagraphScore, RepairResult, Segment, Signal, Span, StageRecord, Suggestion
from .core.version import __version__
from .lexical.phrases import PhraseEntry, PhraseTable
from .lexical.tables import available_tables, load_table, parse_table, read_table
from .link.context import learn_context_pairs
from .link.index import RecordIndex, link_document
from .link.records import Record, load_records
from .link.score import Link
from .pipeline import STAGES, plan_for, repair, repair_and_explain, repair_document
from .run.linking import repair_with_record
from .spin.detect import score_document, score_paragraphs  # light: tables and LM load lazily
from .spin.restore import suggest
from .text.decode import Decoded, decode_bytes
from .text.document import Document, parse_document, read_document
from .text.segment import split_articles, split_paragraphs, split_sentences, split_words

display.register("textrepair.report.render")  # notebook views of the core records (loaded on first use)
_compat.serve_left()  # names that left a module path that still exists (textrepair.link.repair_with_record)

__all__ = [
    "STAGES", "ConfigError", "DecodeError", "Decoded", "Document", "Edit", "EditConflictError",
    "FrontMatterError", "InputTooLargeError", "InputTypeError", "NotTextError", "ParagraphScore", "PhraseEntry",
    "PhraseTable", "RecordError", "RepairConfig", "RepairResult", "Segment", "Signal", "Span",
    "StageRecord", "Suggestion", "TableFormatError", "TextrepairError", "UnknownTableError",
    "__version__", "apply_edits", "apply_plan", "available_tables", "compose_edits", "decode_bytes",
    "invert_edits", "load_table", "parse_document", "parse_table", "plan_for", "read_document",
    "read_table", "repair", "repair_and_explain", "repair_document", "split_articles",
    "split_paragraphs", "split_sentences", "split_words", "validate_edits",
    # provenance (issue 3)
    "Link", "Record", "RecordIndex", "RecordProblem", "learn_context_pairs", "link_document",
    "load_records", "repair_with_record",
    # detection and restoration (issue 6); restoration alone is textrepair.spin.restore.restore (not
    # re-exported: the name would shadow the module of the old layout, textrepair.restore)
    "score_document", "score_paragraphs", "suggest",
]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """``textrepair.restore`` and the other old module paths, for code that reaches them as attributes."""
    return _compat.old_module(name)
