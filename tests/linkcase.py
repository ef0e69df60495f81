"""A record index for a JSON linking case (tests/cases/link_*.json): the case's record among the general test records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textrepair.link import RecordIndex
from textrepair.link.records import load_mappings, load_records

GENERAL = Path(__file__).resolve().parent / "data" / "records" / "general" / "records"


def case_index(case: dict[str, Any]) -> RecordIndex:
    """The case's ``record`` (id, title, excerpt, url) indexed with the general records."""
    r = case["record"]
    records, problems = load_mappings([{"id": r["id"], "title": r["title"], "excerpt": r["excerpt"], "webUrl": r["url"]}])
    assert problems == []
    others, problems = load_records(GENERAL)
    assert problems == []
    return RecordIndex(records + others)
