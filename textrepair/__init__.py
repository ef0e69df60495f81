"""textrepair: repair spun or mangled article bodies, explain every change, and trace their source."""

from __future__ import annotations

__version__ = "0.1.0"

from .config import ConfigError, RepairConfig
from .decode import Decoded, decode_bytes
from .document import Document, parse_document, read_document
from .edits import apply_edits, apply_plan, compose_edits, invert_edits, validate_edits
from .errors import (
    DecodeError,
    EditConflictError,
    FrontMatterError,
    InputTooLargeError,
    InputTypeError,
    RecordError,
    TableFormatError,
    TextrepairError,
    UnknownTableError,
)
from .pipeline import STAGES, plan_for, repair, repair_and_explain, repair_document
from .link import Link, RecordIndex, learn_context_pairs, link_document, repair_with_record
from .link import Record, RecordProblem, load_records
from .segment import split_articles, split_paragraphs, split_sentences, split_words
from .tables import PhraseEntry, PhraseTable, available_tables, load_table, parse_table, read_table
from .types import Edit, ParagraphScore, RepairResult, Segment, Signal, Span, StageRecord, Suggestion

__all__ = [
    "STAGES", "ConfigError", "DecodeError", "Decoded", "Document", "Edit", "EditConflictError",
    "FrontMatterError", "InputTooLargeError", "InputTypeError", "ParagraphScore", "PhraseEntry",
    "PhraseTable", "RecordError", "RepairConfig", "RepairResult", "Segment", "Signal", "Span",
    "StageRecord", "Suggestion", "TableFormatError", "TextrepairError", "UnknownTableError",
    "__version__", "apply_edits", "apply_plan", "available_tables", "compose_edits", "decode_bytes",
    "invert_edits", "load_table", "parse_document", "parse_table", "plan_for", "read_document",
    "read_table", "repair", "repair_and_explain", "repair_document", "split_articles",
    "split_paragraphs", "split_sentences", "split_words", "validate_edits",
    # provenance (issue 3)
    "Link", "Record", "RecordIndex", "RecordProblem", "learn_context_pairs", "link_document",
    "load_records", "repair_with_record",
    # detection and restoration (issue 6); restoration alone is textrepair.restore.restore (not
    # re-exported: the name would shadow the textrepair.restore module)
    "score_document", "score_paragraphs", "suggest",
]

from .detect import score_document, score_paragraphs  # noqa: E402  (light: tables and LM load lazily)
from .restore import suggest  # noqa: E402
