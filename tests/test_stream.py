"""Streaming repair and JSON Lines in/out: every source, input order, bounded look-ahead, errors as entries."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import RepairConfig
from textrepair.run.folder import Progress, UsageError
from textrepair.cli import main
from textrepair.report.html import format_summary
from textrepair.run.stream import StreamItem, iter_documents, iter_jsonl, repair_stream, write_jsonl

NO_RESTORE = RepairConfig(restore=False)
MOJIBAKE = "The caf\u00c3\u00a9 opened <b>today</b>."
FIXED = "The café opened today."


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_iterable_of_strings_in_order_with_errors_for_non_strings():
    out = list(repair_stream([MOJIBAKE, b"bytes", "plain text", 7], NO_RESTORE))
    assert [r.key for r in out] == ["0", "1", "2", "3"]
    assert [r.status for r in out] == ["ok", "error", "ok", "error"]
    assert out[0].result.text == FIXED
    assert "decode bytes first" in out[1].error
    assert out[2].result.changed is False


def test_folder_source(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(MOJIBAKE, encoding="utf-8")
    (src / "sub" / "b.txt").write_text("fine text\n", encoding="utf-8")
    (src / "c.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    items = list(iter_documents(src))
    assert [i.key for i in items] == ["a.txt", "c.md", "sub/b.txt"]
    assert all(i.path is not None and i.text is None for i in items)  # read by the worker, not ahead
    results = list(repair_stream(src, NO_RESTORE))
    assert [r.status for r in results] == ["ok", "error", "ok"]
    assert results[0].result.text == FIXED
    assert "c.md" in results[1].error


def test_jsonl_source_file_object_and_errors(tmp_path):
    bad_utf8 = b'{"text": "caf\xe9"}'
    data = (b'{"id": 1, "body": "' + MOJIBAKE.encode().replace(b'"', b'\\"') + b'"}\n'
            b"\n"
            b"{not json\n"
            b"[1, 2]\n"
            b'{"id": 4}\n'
            b'{"id": 5, "body": null}\n' + bad_utf8 + b"\n" + b"[" * 100_000 + b"\n")
    items = list(iter_jsonl(io.BytesIO(data), text_field="body"))
    assert [i.line for i in items] == [1, 3, 4, 5, 6, 7, 8]  # the blank line 2 is skipped
    assert items[0].text == MOJIBAKE and items[0].fields["id"] == 1
    errors = [i.error for i in items[1:]]
    assert "invalid JSON" in errors[0]
    assert "expected a JSON object, found list" in errors[1]
    assert "no 'body' field" in errors[2] and items[3].fields == {"id": 4}
    assert "holds NoneType" in errors[3]
    assert "not valid UTF-8" in errors[4]
    assert "nests too deeply" in errors[5] or "invalid JSON" in errors[5]
    path = _jsonl(tmp_path / "in.jsonl", ['{"text": "a"}', '{"text": "b"}'])
    assert [i.text for i in iter_documents(path)] == ["a", "b"]
    assert [i.text for i in iter_documents(io.StringIO('{"text": "s"}\n'))] == ["s"]


def test_over_long_line_is_an_error_entry_and_the_stream_goes_on():
    long_line = b'{"text": "' + b"x" * 70_000 + b'"}\n'
    items = list(iter_jsonl(io.BytesIO(long_line + b'{"text": "after"}\n'), max_bytes=10))
    assert "longer than" in items[0].error and items[0].line == 1
    assert items[1].text == "after" and items[1].line == 2


def test_str_source_is_a_location_never_text():
    with pytest.raises(UsageError, match="no such folder"):
        iter_documents("this is not a path")


def test_pool_keeps_input_order_and_matches_serial():
    texts = [f"Doc {i} caf\u00c3\u00a9 <i>x</i>\n" * (1 + i % 5) for i in range(14)] + [None]
    serial = [(r.key, r.status, r.result.text if r.result else r.error) for r in repair_stream(texts, NO_RESTORE)]
    pooled = [(r.key, r.status, r.result.text if r.result else r.error)
              for r in repair_stream(texts, NO_RESTORE, jobs=2, window=3)]
    assert pooled == serial
    assert [k for k, _, _ in pooled] == [str(i) for i in range(15)]


def test_look_ahead_is_bounded_by_the_window():
    consumed = []

    def source():
        for i in range(1000):
            consumed.append(i)
            yield f"text {i}"

    stream = repair_stream(source(), NO_RESTORE, jobs=2, window=4)
    first = next(stream)
    assert first.key == "0"
    assert len(consumed) <= 5  # window + the one that made it full
    stream.close()  # cancels what is pending; the source is not drained
    assert len(consumed) <= 5


def test_write_jsonl_keeps_fields_and_replaces_text(tmp_path):
    items = [StreamItem("1", text=MOJIBAKE, fields={"id": 1, "text": MOJIBAKE, "status": "draft"}, line=1),
             StreamItem("2", fields={"id": 2}, error="line 2: no 'text' field", line=2)]
    out = tmp_path / "out.jsonl"
    run = write_jsonl(repair_stream(items, NO_RESTORE), out, keep_entries=True)
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == 1 and rows[0]["status"] == "draft" and rows[0]["text"] == FIXED
    assert rows[0]["textrepair"]["status"] == "ok" and rows[0]["textrepair"]["edits"]
    assert rows[1] == {"id": 2, "textrepair": {"status": "error", "line": 2, "error": "line 2: no 'text' field"}}
    assert run.summary.files == 2 and run.summary.errors == 1 and run.summary.edits == len(rows[0]["textrepair"]["edits"])
    assert [e["status"] for e in run.entries] == ["ok", "error"]


def test_cli_jsonl_with_text_field_output_field_and_report(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "a", "body": MOJIBAKE}), "oops",
                                         json.dumps({"id": "c", "body": "Fine."})])
    out = tmp_path / "out.jsonl"
    html = tmp_path / "report.html"
    code = main(["clean", "--jsonl", str(src), "-o", str(out), "--text-field", "body",
                 "--output-field", "repaired", "--no-restore", "--report-html", str(html)])
    assert code == 1  # one line failed
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3
    assert rows[0]["body"] == MOJIBAKE and rows[0]["repaired"] == FIXED
    assert rows[1]["textrepair"]["status"] == "error" and rows[1]["textrepair"]["line"] == 2
    assert rows[2]["repaired"] == "Fine." and rows[2]["textrepair"]["changed"] is False
    err = capsys.readouterr().err
    assert "| files" in err and "| errors" in err and "line 2: invalid JSON" in err
    page = html.read_text(encoding="utf-8")
    assert page.count('class="tr-file"') == 3


def test_cli_jsonl_usage_errors(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", ['{"text": "x"}'])
    assert main(["clean", str(tmp_path), "--jsonl", str(src), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert main(["clean", "-o", str(tmp_path / "o")]) == 2
    assert main(["clean", "--jsonl", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err


def test_cli_jsonl_composes_with_pipes():
    lines = "\n".join([json.dumps({"text": MOJIBAKE}), "{broken"]) + "\n"
    proc = subprocess.run([sys.executable, "-m", "textrepair", "clean", "--jsonl", "-", "-o", "-", "--no-restore"],
                          input=lines.encode(), capture_output=True, timeout=120, check=False)
    assert proc.returncode == 1
    out = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert out[0]["text"] == FIXED and out[1]["textrepair"]["status"] == "error"
    assert b"Traceback" not in proc.stderr


def test_cli_folder_prints_summary_table_and_writes_html_report(tmp_path, capsys):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(MOJIBAKE, encoding="utf-8")
    (src / "b.txt").write_bytes(b"\xff\xfe\x00bad")
    html = out / "report.html"
    code = main(["clean", str(src), "-o", str(out), "--no-restore", "--report-html", str(html)])
    err = capsys.readouterr().err
    assert "| paragraphs flagged" in err and "| links found" in err and "| edits made" in err
    page = html.read_text(encoding="utf-8")
    assert page.count('class="tr-file"') == 2
    assert 'href="a.txt"' in page  # the report sits in OUT: names link to the repaired files
    assert code in (0, 1)


def test_progress_shows_files_megabytes_and_eta():
    buf = io.StringIO()
    bar = Progress(2, stream=buf, enabled=True, total_bytes=3_000_000)
    bar.step(1_000_000)
    bar.step(2_000_000)
    bar.close()
    text = buf.getvalue()
    assert "2/2 files" in text and "3.0/3.0 MB" in text and "ETA" in text and "MB/s" in text
    stream_bar = Progress(0, stream=io.StringIO(), enabled=True)
    stream_bar.step(500_000)
    assert "1 docs" in stream_bar.line() and "0.50 MB" in stream_bar.line()


def test_summary_table_lists_the_counts():
    from textrepair.run.folder import RunSummary

    table = format_summary(RunSummary(files=3, errors=1, edits=7, flagged_paragraphs=2, links=1,
                                      bytes_in=2_500_000, seconds=2.0))
    for label, value in [("files", "3"), ("errors", "1"), ("paragraphs flagged", "2"), ("edits made", "7"),
                         ("links found", "1"), ("input", "2.50 MB")]:
        assert any(line.startswith(f"| {label} ") and line.rstrip(" |").endswith(value) for line in table.splitlines())


def test_cli_jsonl_stops_quietly_when_the_reader_goes_away(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [json.dumps({"text": f"caf\u00c3\u00a9 {i}"}) for i in range(3000)])
    # Input from a file, not a pipe we write: the child must never wait on us while we wait on it.
    proc = subprocess.Popen([sys.executable, "-m", "textrepair", "clean", "--jsonl", str(src), "-o", "-",
                             "--no-restore"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    _, err = proc.communicate(timeout=120)
    assert json.loads(first)["text"] == "café 0"
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert b"output closed" in err


def test_cli_jsonl_links_to_records_in_worker_processes(tmp_path, capsys):
    root = Path(__file__).resolve().parent.parent
    spun = (root / "textrepair" / "samples" / "spun_article.txt").read_text(encoding="utf-8")
    src = _jsonl(tmp_path / "in.jsonl", [json.dumps({"id": 1, "text": spun}), json.dumps({"id": 2, "text": "Nothing."})])
    out = tmp_path / "out.jsonl"
    code = main(["clean", "--jsonl", str(src), "-o", str(out), "--records", str(root / "examples" / "records"),
                 "--jobs", "2"])
    assert code == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [lk["record"] for lk in rows[0]["textrepair"]["links"]] == ["roadlens-approval.md"]
    assert rows[1]["textrepair"]["links"] == []
    assert "| links found        |" in capsys.readouterr().err


def test_cli_jsonl_refuses_to_overwrite_its_input_and_leaves_no_partial_output(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", ['{"text": "x"}'])
    assert main(["clean", "--jsonl", str(src), "-o", str(src), "--no-restore"]) == 2
    assert src.read_text(encoding="utf-8") == '{"text": "x"}\n'
    assert main(["clean", "--jsonl", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no output, no temporary file


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=40),
                          st.dictionaries(st.sampled_from(["text", "id", "x"]),
                                          st.one_of(st.text(max_size=20), st.integers(), st.none()), max_size=3)
                          .map(lambda d: json.dumps(d).encode())), max_size=8))
def test_any_bytes_become_items_never_exceptions(lines):
    data = b"\n".join(lines) + b"\n"
    items = list(iter_jsonl(io.BytesIO(data)))
    assert all((i.text is None) != (i.error is None) for i in items)  # each is text or an error, not both
    results = list(repair_stream(iter(items), NO_RESTORE))
    assert [r.key for r in results] == [i.key for i in items]
    for r in results:
        json.dumps(r.to_json())  # every output record serialises
