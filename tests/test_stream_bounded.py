"""JSON Lines and stream runs repair as folder runs do: large bodies in pieces, --max-edits per record."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from textrepair import RepairConfig
from textrepair.run.bounded import LARGE_BODY_CHARS
from textrepair.cli import main
from textrepair.run.stream import repair_stream

sys.path.insert(0, str(Path(__file__).resolve().parent / "data" / "hostile"))
import make_hostile  # noqa: E402  (tests/data/hostile/make_hostile.py)

NO_RESTORE = RepairConfig(restore=False)
# Four zero-width spaces: four edits (remove_invisible), and nothing else to do.
DEBRIS = "One\u200b two\u200b three\u200b four\u200b words."
PLAIN = "A plain sentence that needs nothing."


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_record_over_max_edits_is_an_error_entry_and_the_others_come_out(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [{"id": "a", "text": PLAIN}, {"id": "b", "text": DEBRIS}, {"id": "c", "text": "caf\u00c3\u00a9"}]
    src.write_text("".join(json.dumps(o) + "\n" for o in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", "--jsonl", str(src), "-o", str(out), "--no-restore", "--max-edits", "2"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "more than 2 edits" in err
    recs = _records(out)
    assert [r["id"] for r in recs] == ["a", "b", "c"]
    assert [r["textrepair"]["status"] for r in recs] == ["ok", "error", "ok"]
    bad = recs[1]["textrepair"]
    assert bad["line"] == 2 and "more than 2 edits" in bad["error"] and "--max-edits" in bad["error"]
    assert not bad["error"].startswith("2: 2:")  # the key is named once
    assert recs[1]["text"] == DEBRIS  # the input record is kept whole
    assert recs[2]["text"] == "café" and "pieces" not in recs[2]["textrepair"]
    # the same record under the default limit is repaired
    assert main(["clean", "--jsonl", str(src), "-o", str(out), "--no-restore"]) == 0
    assert _records(out)[1]["text"] == "One two three four words."


@pytest.mark.parametrize("jobs", [1, 2])
def test_repair_stream_applies_max_edits_in_process_and_in_a_pool(jobs):
    texts = [PLAIN, DEBRIS, PLAIN, DEBRIS]
    out = list(repair_stream(texts, NO_RESTORE, jobs=jobs, max_edits=3))
    assert [r.key for r in out] == ["0", "1", "2", "3"]
    assert [r.status for r in out] == ["ok", "error", "ok", "error"]
    assert out[1].error.startswith("1: needs more than 3 edits")
    assert [r.status for r in repair_stream(texts, NO_RESTORE, jobs=jobs, max_edits=4)] == ["ok"] * 4


def test_large_jsonl_record_is_repaired_in_pieces_like_the_folder_run(tmp_path):
    body = make_hostile.prose(LARGE_BODY_CHARS + 20_000)  # damaged all along, paragraph breaks
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "big.txt").write_bytes(body.encode("utf-8"))
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": body}) + "\n" + json.dumps({"text": PLAIN}) + "\n", encoding="utf-8")
    assert main(["clean", str(folder), "-o", str(tmp_path / "out"), "--no-restore"]) == 0
    assert main(["clean", "--jsonl", str(src), "-o", str(tmp_path / "out.jsonl"), "--no-restore"]) == 0
    report = json.loads((tmp_path / "out" / "report.jsonl").read_text(encoding="utf-8").splitlines()[0])
    big, plain = _records(tmp_path / "out.jsonl")
    assert report["pieces"] > 1 and report["changed"]
    assert big["text"] == (tmp_path / "out" / "big.txt").read_bytes().decode("utf-8")
    keys = ("changed", "edits", "paragraphs", "suggestions", "pieces", "paragraphs_scored")
    assert {k: big["textrepair"].get(k) for k in keys} == {k: report.get(k) for k in keys}
    assert plain["text"] == PLAIN and "pieces" not in plain["textrepair"]


def test_large_record_over_max_edits_is_refused_without_losing_the_next(tmp_path):
    body = make_hostile.prose(LARGE_BODY_CHARS + 20_000)
    records = list(repair_stream([body, PLAIN], NO_RESTORE, max_edits=50))
    assert [r.status for r in records] == ["error", "ok"]
    assert "more than 50 edits" in records[0].error and records[0].to_json()["textrepair"]["status"] == "error"
