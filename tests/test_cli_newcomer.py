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
