"""What a newcomer met on the command line (issue 10, item 3): each behaviour with a test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.cli import main
from textrepair.document import read_input
from textrepair.errors import NotAFileError

# --- a folder where a file is expected names the folder ------------------------------------------


def test_read_input_on_a_folder_names_the_folder(tmp_path):
    with pytest.raises(NotAFileError) as info:
        read_input(tmp_path)
    assert str(tmp_path) in str(info.value) and "folder" in str(info.value)


def test_repair_on_a_folder_names_it_and_says_what_to_use(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    assert main(["repair", str(folder)]) == 2
    err = capsys.readouterr().err
    assert str(folder) in err and "folder" in err and "clean" in err
    assert "Errno" not in err and "3:" not in err


def test_scan_and_link_name_the_path_of_a_folder_or_a_missing_file(tmp_path, capsys):
    folder, missing = tmp_path / "articles", tmp_path / "missing.txt"
    folder.mkdir()
    assert main(["scan", str(folder), str(missing)]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["path"] for x in lines] == [str(folder), str(missing)]
    for entry in lines:
        assert entry["error"].startswith(f"{entry['path']}: ")
        assert "Errno" not in entry["error"]
    assert "folder" in lines[0]["error"]
    records = Path(__file__).resolve().parent / "data" / "records" / "folder"
    assert main(["link", str(folder), "--records", str(records)]) == 1
    (entry,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert entry["error"] == f"{folder}: a folder, not a regular file"


# --- outputs share one file mode -------------------------------------------------------------------


def _mode(p: Path) -> int:
    return p.stat().st_mode & 0o777


@pytest.mark.skipif(not hasattr(__import__("os"), "fchmod"), reason="POSIX file modes")
def test_report_html_and_jsonl_output_get_the_mode_of_the_other_outputs(tmp_path, capsys):
    import os

    old = os.umask(0o022)
    try:
        src = tmp_path / "in"
        src.mkdir()
        (src / "a.txt").write_text("Caf&eacute; opened.\n", encoding="utf-8")
        out, html = tmp_path / "out", tmp_path / "report.html"
        assert main(["clean", str(src), "-o", str(out), "--no-restore", "--report-html", str(html)]) == 0
        assert _mode(out / "a.txt") == _mode(out / "report.jsonl") == 0o644
        assert _mode(html) == 0o644
        lines = tmp_path / "in.jsonl"
        lines.write_text('{"text": "Caf&eacute;."}\n', encoding="utf-8")
        jsonl_out, html2 = tmp_path / "out.jsonl", tmp_path / "lines.html"
        assert main(["clean", "--jsonl", str(lines), "-o", str(jsonl_out), "--no-restore",
                     "--report-html", str(html2)]) == 0
        assert _mode(jsonl_out) == _mode(html2) == 0o644
    finally:
        os.umask(old)
    capsys.readouterr()


# --- impossible option values are usage errors ---------------------------------------------------


def _folder(tmp_path: Path, n: int = 1) -> Path:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for i in range(n):
        (src / f"{i}.txt").write_text(f"Text number {i} &amp; more.\n", encoding="utf-8")
    return src


@pytest.mark.parametrize("option", [
    ["--jobs", "0"], ["--jobs", "-2"], ["--jobs", "two"], ["--max-bytes", "0"], ["--max-edits", "-1"],
    ["--threshold", "1.5"], ["--threshold", "nan"], ["--link-threshold", "-0.1"],
])
def test_impossible_clean_options_exit_2_before_any_work(tmp_path, capsys, option):
    src, out = _folder(tmp_path), tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--no-restore", *option]) == 2
    err = capsys.readouterr().err
    assert option[0] in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("argv", [
    ["repair", "x.txt", "--max-bytes", "0"], ["repair", "x.txt", "--threshold", "2"],
    ["scan", "x.txt", "--max-bytes", "-1"], ["scan", "x.txt", "--threshold", "-1"],
    ["link", "x.txt", "--records", "r", "--link-threshold", "1.1"], ["link", "x.txt", "--records", "r", "--max-bytes", "0"],
    ["learn", "a", "b", "-o", "-", "--min-count", "0"], ["mine", "d", "-o", "-", "--min-texts", "0"],
])
def test_impossible_values_are_usage_errors_in_every_subcommand(capsys, argv):
    assert main(argv) == 2
    assert "must be" in capsys.readouterr().err


def test_clean_with_a_missing_table_is_refused_up_front(tmp_path, capsys):
    src, out = _folder(tmp_path, 3), tmp_path / "out"
    missing = tmp_path / "missing.tsv"
    assert main(["clean", str(src), "-o", str(out), "--table", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "Errno" not in err
    assert not out.exists()  # refused before the run, not once per file
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"text": "A."}\n', encoding="utf-8")
    assert main(["clean", "--jsonl", str(lines), "-o", str(tmp_path / "o.jsonl"), "--table", str(missing)]) == 2
    assert not (tmp_path / "o.jsonl").exists()


RECORDS = Path(__file__).resolve().parent / "data" / "records"


def test_jobs_with_records_is_honoured_and_byte_identical(tmp_path, monkeypatch, capsys):
    import shutil

    import textrepair.batch as batch

    used = []

    class Spy(batch.ProcessPoolExecutor):  # type: ignore[misc]
        def __init__(self, *a, **kw):
            used.append(kw.get("max_workers"))
            super().__init__(*a, **kw)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", Spy)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(RECORDS / "spun-harbour.txt", src / "a.txt")
    shutil.copy(RECORDS / "same-topic.txt", src / "b.txt")
    (src / "c.txt").write_text("Nothing to link here at all.\n", encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    records = str(RECORDS / "folder")
    assert main(["clean", str(src), "-o", str(one), "--records", records, "--jobs", "1"]) == 0
    assert used == []
    assert main(["clean", str(src), "-o", str(two), "--records", records, "--jobs", "2"]) == 0
    assert used == [2]  # the pool was used, with the linker
    capsys.readouterr()
    files = sorted(p.name for p in one.iterdir())
    assert files == sorted(p.name for p in two.iterdir())
    for name in files:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    report = [json.loads(x) for x in (two / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [lk["record"] for lk in report[0]["links"]] == ["harbour-bridge.md"]
