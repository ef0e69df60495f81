"""Compatibility shim: front-matter records now live in :mod:`textrepair.link.records`."""

from .link.records import (  # noqa: F401
    DATE_FIELDS,
    URL_FIELDS,
    Record,
    RecordProblem,
    expand_related,
    iter_record_files,
    load_folder,
    load_jsonl,
    load_mappings,
    load_record_file,
    load_records,
    parse_date,
    record_from_mapping,
    record_jsonable,
)

__all__ = [
    "DATE_FIELDS", "URL_FIELDS", "Record", "RecordProblem", "expand_related", "iter_record_files",
    "load_folder", "load_jsonl", "load_mappings", "load_record_file", "load_records", "parse_date",
    "record_from_mapping", "record_jsonable",
]
