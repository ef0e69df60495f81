"""Linking: segments to records, abstention, same-topic distractors, incremental index, context pairs, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.cli import main
from textrepair.config import RepairConfig
from textrepair.document import parse_document, read_document
from textrepair.link import (LINK_THRESHOLD, RecordIndex, calibrated_score, clean_excerpt, learn_context_pairs,
                             link_document, repair_with_record, segment_view, slug_words, tokenize)
from textrepair.records import Record, load_records

DATA = Path(__file__).resolve().parent / "data" / "records"


@pytest.fixture(scope="module")
def folder_records():
    return load_records(DATA / "folder")[0]


@pytest.fixture(scope="module")
def seed_index(shared):
    records, _ = load_records(shared / "seeds")
    return RecordIndex(records)


def test_spun_body_links_to_its_record_not_the_same_topic_one(folder_records):
    doc = read_document(DATA / "spun-harbour.txt")
    links = link_document(doc, folder_records)
    assert [lk.record.id for lk in links] == ["harbour-bridge.md"]
    lk = links[0]
    assert LINK_THRESHOLD <= lk.score <= 1.0
    assert (lk.start, lk.end) == (doc.segments[0].start, doc.segments[0].end)
    names = {e.name for e in lk.evidence}
    assert {"title", "sentences"} <= names
    ranked = RecordIndex(folder_records).rank_segment(segment_view(doc.text, doc.segments[0]))
    scores = {r.record.id: r.score for r in ranked}
    assert scores["harbour-bridge.md"] > LINK_THRESHOLD > scores.get("sub/harbour-vote.md", 0.0)


def test_same_topic_body_gets_no_link(folder_records):
    doc = read_document(DATA / "same-topic.txt")
    assert link_document(doc, folder_records) == []
    index = RecordIndex(folder_records, include_related=True)
    assert all(lk.record.id != "harbour-bridge.md" for lk in index.link_document(doc))


def test_incremental_add_makes_a_record_findable(folder_records):
    doc = read_document(DATA / "spun-harbour.txt")
    index = RecordIndex([r for r in folder_records if r.id != "harbour-bridge.md"])
    assert index.link_document(doc) == []
    index.add(next(r for r in folder_records if r.id == "harbour-bridge.md"))
    assert len(index) == 2
    assert [lk.record.id for lk in index.link_document(doc)] == ["harbour-bridge.md"]
    assert index.get("harbour-bridge.md") is not None


def test_empty_index_and_empty_body_abstain(folder_records):
    assert RecordIndex().link_text("Some text about nothing in particular.") == []
    assert RecordIndex(folder_records).link_text("\n\n") == []


def test_jsonl_ids_are_reported():
    records, _ = load_records(DATA / "records.jsonl")
    links = RecordIndex(records).link_document(read_document(DATA / "spun-harbour.txt"))
    assert [lk.record.id for lk in links] == ["kessel-bridge"]


def test_seed_first_article_links_to_000_second_to_no_seed(seed_index, seed_body):
    doc = parse_document(seed_body)
    assert len(doc.segments) == 2
    links = seed_index.link_document(doc)
    by_start = {lk.start: lk for lk in links}
    first, second = doc.segments
    assert by_start[first.start].record.id.startswith("000_")
    assert second.start not in by_start


def test_seed_same_topic_records_rank_below(seed_index, seed_body):
    doc = parse_document(seed_body)
    ranked = seed_index.rank_segment(segment_view(doc.text, doc.segments[0]))
    assert ranked[0].record.id.startswith("000_")
    assert all(r.score < LINK_THRESHOLD for r in ranked[1:])  # 002/003/004: same company, other stories


def test_context_pairs_learned_from_the_record(seed_index, seed_body):
    doc = parse_document(seed_body)
    record = seed_index.link_document(doc)[0].record
    pairs = {(p.spun, p.original) for p in learn_context_pairs(doc.text, doc.segments[0], record)}
    assert ("BuzzFeed Information", "BuzzFeed News") in pairs


def test_context_pairs_from_the_written_case(folder_records):
    doc = read_document(DATA / "spun-harbour.txt")
    record = next(r for r in folder_records if r.id == "harbour-bridge.md")
    pairs = {(p.spun, p.original) for p in learn_context_pairs(doc.text, doc.segments[0], record)}
    assert ("accepted", "approved") in pairs and ("scheme", "plan") in pairs
    assert ("4", "four") not in pairs  # numbers are facts, not substitutions
    assert all(s.lower() != o.lower() for s, o in pairs)


def test_repair_with_record_edits_name_the_record(folder_records):
    pytest.importorskip("textrepair.restore")
    doc = read_document(DATA / "spun-harbour.txt")
    record = next(r for r in folder_records if r.id == "harbour-bridge.md")
    # threshold 0: restore every paragraph, so the test does not hang on the detector's calibration
    result = repair_with_record(doc, record, RepairConfig(threshold=0.0))
    assert result.meta["record"] == "harbour-bridge.md"
    learned = {(p["spun"], p["original"]) for p in result.meta["context_pairs"]}
    assert ("accepted", "approved") in learned
    from_record = {(e.original, e.replacement) for e in result.edits if e.source == "record"}
    assert ("accepted", "approved") in from_record
    assert from_record <= {(s, o) for s, o in learned} | {(s.capitalize(), o.capitalize()) for s, o in learned}


def test_cli_link_output_format(capsys):
    rc = main(["link", str(DATA / "spun-harbour.txt"), str(DATA / "same-topic.txt"),
               str(DATA / "missing.txt"), "--records", str(DATA / "folder")])
    out, err = capsys.readouterr()
    lines = [json.loads(x) for x in out.splitlines()]
    assert rc == 1  # the missing file
    assert [x["path"] for x in lines] == [str(DATA / n) for n in ("spun-harbour.txt", "same-topic.txt", "missing.txt")]
    link = lines[0]["links"][0]
    assert set(link) == {"record", "score", "start", "end", "evidence"}
    assert link["record"] == "harbour-bridge.md" and 0.5 <= link["score"] <= 1
    text = (DATA / "spun-harbour.txt").read_text(encoding="utf-8")
    assert text[link["start"] : link["end"]].startswith("Harbour Authority Approves")
    assert lines[1]["links"] == []
    assert "error" in lines[2]
    assert "broken-yaml.md" in err and "no-title.md" in err  # reported, not fatal


def test_cli_link_jsonl_records_and_text_format(capsys):
    rc = main(["link", str(DATA / "spun-harbour.txt"), "--records", str(DATA / "records.jsonl"),
               "--format", "text"])
    out, _ = capsys.readouterr()
    assert rc == 0 and out.split("\t")[1] == "kessel-bridge"


def test_cli_clean_records_adds_links(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes((DATA / "spun-harbour.txt").read_bytes())
    (src / "b.txt").write_bytes((DATA / "same-topic.txt").read_bytes())
    rc = main(["clean", str(src), "-o", str(tmp_path / "out"), "--records", str(DATA / "folder")])
    capsys.readouterr()
    assert rc == 0
    reports = [json.loads(x) for x in (tmp_path / "out" / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in reports] == ["a.txt", "b.txt"]
    assert [lk["record"] for lk in reports[0]["links"]] == ["harbour-bridge.md"]
    assert reports[0]["links"][0]["context_pairs"]
    assert reports[1]["links"] == []


def test_cli_link_without_usable_records_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "x.md").write_text("no front matter\n", encoding="utf-8")
    assert main(["link", str(DATA / "spun-harbour.txt"), "--records", str(tmp_path)]) == 2
    assert "no usable records" in capsys.readouterr().err


@pytest.mark.parametrize(("excerpt", "expected"), [
    ("Clearview AI received yet another fine for its activities in Europe, this time without",
     "Clearview AI received yet another fine for its activities in Europe, this time"),
    ("The company ...", "The"),
    ("A whole sentence.", "A whole sentence."),
    ("", ""),
])
def test_clean_excerpt_drops_the_cut_word(excerpt, expected):
    assert clean_excerpt(excerpt) == expected


def test_slug_words_skip_furniture_and_ids():
    words = slug_words("https://www.example.com/news/2021/08/clearview-ai-search-table-20221220-p5c7np.html?x=1")
    assert words[:4] == ["2021", "08", "clearview", "ai"] and "20221220" not in words and "news" not in words


def test_tokens_keep_whole_numbers_and_names():
    toks = tokenize("Regulation officers ran 1,250 searches for Clearview's $23 million.")
    kinds = {t.norm: t.kind for t in toks}
    assert kinds["1250"] == kinds["23"] == 1 and kinds["clearview"] == 2 and kinds["regulation"] == 3


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "title_words", "excerpt_words", "skeleton", "content",
                                        "sentences", "paraphrase", "verbatim", "slug", "date_conflict"]),
                       st.floats(0, 1), min_size=10, max_size=10))
def test_calibrated_score_is_a_probability(values):
    assert 0.0 <= calibrated_score(values) <= 1.0


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300))
def test_linking_arbitrary_text_never_fails(text):
    index = RecordIndex([Record("r", "Harbour Authority Approves Second Bridge", "The Kessel Harbour Authority approved a plan.")])
    for lk in index.link_text(text):
        assert 0 <= lk.start <= lk.end <= len(text) and 0.0 <= lk.score <= 1.0
