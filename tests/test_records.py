"""Records: loading from folders, JSON Lines and mappings; malformed records are reported and skipped."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from textrepair.core.errors import RecordError
from textrepair.link.records import Record, RecordProblem, expand_related, load_records, parse_date

DATA = Path(__file__).resolve().parent / "data" / "records"


@pytest.fixture(scope="module")
def folder():
    return load_records(DATA / "folder")


def test_folder_ids_are_relative_paths(folder):
    records, _ = folder
    assert [r.id for r in records] == ["harbour-bridge.md", "sub/harbour-vote.md"]


def test_malformed_records_are_reported_with_path_and_reason(folder):
    _, problems = folder
    by_path = {p.path: p.reason for p in problems}
    assert set(by_path) == {"broken-yaml.md", "no-title.md", "not-a-record.txt",
                            "harbour-bridge.md#related[1]"}
    assert "line" in by_path["broken-yaml.md"] and "YAML" in by_path["broken-yaml.md"]
    assert "neither a title nor an excerpt" in by_path["no-title.md"]
    assert "no front-matter block" in by_path["not-a-record.txt"]
    assert "mapping" in by_path["harbour-bridge.md#related[1]"]
    assert all(isinstance(p, RecordError) for p in problems)
    assert problems[0].to_dict() == {"path": problems[0].path, "reason": problems[0].reason}


def test_record_fields(folder):
    r = folder[0][0]
    assert r.title.startswith("Harbour Authority Approves")
    assert r.excerpt.endswith("take four years.")
    assert r.published == datetime(2024, 6, 11, 9, 30, tzinfo=timezone.utc)
    assert r.url == "https://northport-gazette.example/news/harbour-authority-approves-second-kessel-bridge"
    assert set(r.urls) == {"originalUrl", "webUrl"}
    assert r.provider == "Northport Gazette"
    assert r.topics == ("Infrastructure",)
    assert r.raw["provider"]["domain"] == "northport-gazette.example"
    hash(r)  # frozen and hashable, though it holds mappings


def test_related_entries_are_records_too(folder):
    r = folder[0][0]
    assert len(r.related) == 1  # the malformed second entry is skipped
    rel = r.related[0]
    assert rel.id == "harbour-bridge.md#related[0]"
    assert rel.title == "Kessel ferry operators fear for their jobs"
    assert [x.id for x in expand_related([r])] == ["harbour-bridge.md", "harbour-bridge.md#related[0]"]


def test_jsonl_ids_lines_and_problems():
    records, problems = load_records(DATA / "records.jsonl")
    assert [r.id for r in records] == ["kessel-bridge", "records.jsonl:2", "7"]
    reasons = {p.path: p.reason for p in problems}
    assert "duplicate id" in reasons["records.jsonl:4"]
    assert "invalid JSON" in reasons["records.jsonl:6"]
    assert "mapping" in reasons["records.jsonl:7"]
    assert "neither a title nor an excerpt" in reasons["records.jsonl:8 (id empty)"]
    assert records[0].published == datetime(2024, 6, 11, 9, 30, tzinfo=timezone.utc)


def test_mappings_list_and_dict():
    records, problems = load_records([{"title": "A"}, {"id": "b", "excerpt": "B text"}, {"title": 3.5},
                                      {"title": ["not", "text"]}])
    assert [r.id for r in records] == ["[0]", "b", "[2]"]
    assert records[2].title == "3.5"
    assert len(problems) == 1 and problems[0].path == "[3]" and "must be text" in problems[0].reason
    records, problems = load_records({"x": {"title": "X"}, "y": "nope"})
    assert [r.id for r in records] == ["x"] and [p.path for p in problems] == ["y"]


def test_missing_source_raises_a_record_error(tmp_path):
    with pytest.raises(RecordProblem):
        load_records(tmp_path / "absent")


def test_single_file_source(tmp_path):
    p = tmp_path / "one.md"
    p.write_text('---\ntitle: "One"\npublishedDateTime: 2021-08-25T15:25:00Z\n---\n', encoding="utf-8")
    records, problems = load_records(p)
    assert [r.id for r in records] == ["one.md"] and not problems
    assert records[0].published == datetime(2021, 8, 25, 15, 25, tzinfo=timezone.utc)


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-08-25T15:25:00Z", datetime(2021, 8, 25, 15, 25, tzinfo=timezone.utc)),
    ("2021-08-25", datetime(2021, 8, 25, tzinfo=timezone.utc)),
    ("yesterday", None),
    (None, None),
    (20210825, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_real_aggregator_records_load(shared):
    records, problems = load_records(shared / "corpus" / "records")
    assert len(records) >= 30 and not problems
    assert all(r.published is None or r.published.tzinfo is not None for r in records)
    assert any(r.related for r in records)
    seeds, problems = load_records(shared / "seeds")
    assert sorted(r.id[:3] for r in seeds) == ["000", "002", "003", "004"]
    assert [p.path[:3] for p in problems] == ["001"]  # the body has no front matter


def test_record_is_frozen():
    r = Record("x", "t")
    with pytest.raises(AttributeError):
        r.title = "u"  # type: ignore[misc]
