"""What a newcomer met on the command line (issue 10, item 3): each behaviour with a test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.cli import main
from textrepair.text.document import read_input
from textrepair.core.errors import NotAFileError

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


def test_jobs_with_records_is_honoured_and_byte_identical(tmp_path, pool_sizes, capsys):
    import shutil

    used = pool_sizes
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


# --- clean takes text files; other formats get a message that says what they are ----------------


def _docx_bytes() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _zip_bytes() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes/a.txt", "A note.")
    return buf.getvalue()


TEXT = "The ferry leaves at six and returns at ten.\n"


@pytest.mark.parametrize(("data", "kind", "words"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "pdf", ["PDF", "pdftotext"]),
    (_docx_bytes(), "docx", ["Word document", "plain text"]),
    (_zip_bytes(), "zip", ["ZIP archive", "unzip"]),
    (TEXT.encode("utf-16-le"), "utf-16-le", ["UTF-16LE", "without a byte-order mark", "iconv"]),
    (TEXT.encode("utf-16-be"), "utf-16-be", ["UTF-16BE", "iconv"]),
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 4, "png", ["PNG image"]),
])
def test_decode_says_what_a_non_text_file_probably_is(data, kind, words):
    from textrepair.text.decode import decode_bytes
    from textrepair.core.errors import DecodeError, NotTextError

    with pytest.raises(NotTextError) as info:
        decode_bytes(data, path="in/story.txt")
    err = info.value
    assert isinstance(err, DecodeError) and err.kind == kind and err.advice
    msg = str(err)
    assert msg.startswith("in/story.txt: looks like")
    for w in words:
        assert w in msg
    assert err.advice in msg


@pytest.mark.parametrize("data", [
    TEXT.encode(), TEXT.encode("utf-16"),  # UTF-16 with its BOM decodes
    b"GIF89a is the name of an image format.\n",  # letters of a signature in prose
    b"PK stands for penalty kick.\n", b"Hello\x00 world, " * 2 + b"plain text " * 20,
])
def test_text_is_not_mistaken_for_another_format(data):
    from textrepair.text.decode import decode_bytes

    assert decode_bytes(data).text


def test_the_advice_names_the_file_and_never_overwrites_it():
    from textrepair.text.decode import sniff_not_text

    err = sniff_not_text(b"%PDF-1.4\n", "in/My report.pdf")
    assert err is not None and "pdftotext 'My report.pdf' 'My report.txt'" in str(err)
    err = sniff_not_text(TEXT.encode("utf-16-le"), "notes.txt")
    assert err is not None and "notes.txt > notes.utf8.txt" in str(err)
    err = sniff_not_text(b"%PDF-1.4\n", "paper.txt")  # a PDF named .txt: not "pdftotext paper.txt paper.txt"
    assert err is not None and "paper.extracted.txt" in str(err)


def test_clean_takes_text_files_and_lists_what_it_skipped(tmp_path, capsys):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.md", "c.html", "d.HTM", "e.text", "README", "sub/f.txt"):
        (src / name).write_text("Caf&eacute; opened.\n", encoding="utf-8")
    (src / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "letter.docx").write_bytes(_docx_bytes())
    (src / "sub" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (src / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--no-restore"]) == 0
    err = capsys.readouterr().err
    report = [json.loads(x) for x in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["path"] for e in report] == ["README", "a.txt", "b.md", "c.html", "d.HTM", "e.text", "sub/f.txt"]
    assert all(e["status"] == "ok" for e in report)
    assert "skipped 4 file(s)" in err
    for rel in ("paper.pdf", "letter.docx", "sub/photo.jpg", ".DS_Store"):
        assert f"skipped: {rel}" in err
    assert "--glob" in err
    assert not (out / "paper.pdf").exists()


def test_clean_with_glob_still_chooses_and_explains_each_format(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "paper.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (src / "letter.docx").write_bytes(_docx_bytes())
    (src / "wide.txt").write_bytes(TEXT.encode("utf-16-le"))
    (src / "ok.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--no-restore", "--glob", "*"]) == 1
    err = capsys.readouterr().err
    assert "skipped" not in err
    report = {e["path"]: e for e in map(json.loads, (out / "report.jsonl").read_text(encoding="utf-8").splitlines())}
    assert report["ok.txt"]["status"] == "ok"
    assert "looks like a PDF" in report["paper.pdf"]["error"] and "pdftotext" in report["paper.pdf"]["error"]
    assert "Word document" in report["letter.docx"]["error"]
    assert "UTF-16LE" in report["wide.txt"]["error"] and "iconv" in report["wide.txt"]["error"]
    assert main(["clean", str(src), "-o", str(tmp_path / "o2"), "--no-restore", "--glob", "*.pdf"]) == 1
    capsys.readouterr()
    assert [json.loads(x)["path"] for x in (tmp_path / "o2" / "report.jsonl").read_text().splitlines()] == ["paper.pdf"]


# --- repair: a human view (--explain, --diff) and a slimmer JSON --------------------------------

POST = ("Harbor Bridge Reopens\n\nThe bridge (opens in new tab) reopened &amp; "
        "don\u00e2\u20ac\u2122t <b>stop</b> said vol\u200bunteers.\n\nPhoto credit: Jane Smith\n")
REPAIRED = "Harbor Bridge Reopens\n\nThe bridge reopened & don\u2019t stop said volunteers.\n"


def _post(tmp_path: Path) -> Path:
    p = tmp_path / "post.txt"
    p.write_text(POST, encoding="utf-8")
    return p


def test_repair_explain_shows_each_change_in_context_with_reason_and_confidence(tmp_path, capsys):
    p = _post(tmp_path)
    assert main(["repair", str(p), "--explain", "--no-restore"]) == 0
    out = capsys.readouterr().out
    head, *rest = out.splitlines()
    assert head.startswith(f"{p}: 7 changes (") and "remove_markup 3" in head
    changes, reasons = rest[0::2], rest[1::2]
    assert len(changes) == len(reasons) == 7
    assert changes[0].split(": ", 1)[1] == "The bridge[- (opens in new tab)-] reopened &amp; don\u00e2\u20ac\u2122t <b>stop</b>\u2026"
    assert "reopened [-&amp;-]{+&+} don" in changes[1]
    assert "vol[-\\u200b-]unteers." in changes[5]  # the invisible character made visible
    assert all(line.strip().startswith("line ") for line in changes)
    assert "remove_debris, confidence 1.00: link-text leak removed" in reasons[0]
    assert "HTML entity decoded" in reasons[1]


def test_repair_explain_without_changes(tmp_path, capsys):
    p = tmp_path / "clean.txt"
    p.write_text("Nothing to fix here.\n", encoding="utf-8")
    assert main(["repair", str(p), "--explain", "--no-restore"]) == 0
    assert capsys.readouterr().out == f"{p}: no changes\n"
    assert main(["repair", str(p), "--diff", "--no-restore"]) == 0
    assert capsys.readouterr().out == ""


def test_repair_explain_mentions_suggestions_not_made():
    from textrepair.report.explain import explain_edits
    from textrepair.core.types import Suggestion

    text = explain_edits("A text.", (), suggestions=(Suggestion(0, 1, "A", ("The",), 0.3),))
    assert "no changes; 1 possible restoration below the confidence threshold" in text


def _apply_word_diff(original: str, diff: str) -> tuple[str, list[str]]:
    """Rebuild the new text from ``original`` and a word diff; also the old side of each hunk."""
    import re

    old_lines = original.splitlines(keepends=True)
    chunks = re.split(r"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@\n", diff, flags=re.M)
    assert chunks[0].startswith("--- a/") and "\n+++ b/" in chunks[0]
    out, olds, pos = [], [], 0
    def sides(body: str) -> tuple[str, str]:
        old = re.sub(r"\[-(.*?)-\]", r"\1", re.sub(r"\{\+.*?\+\}", "", body, flags=re.S), flags=re.S)
        new = re.sub(r"\{\+(.*?)\+\}", r"\1", re.sub(r"\[-.*?-\]", "", body, flags=re.S), flags=re.S)
        unescape = {"t": "\t", "r": "\r"}
        return tuple(re.sub(r"\\(u[0-9a-f]{4}|t|r)",  # type: ignore[return-value]
                            lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "u" else unescape[m.group(1)],
                            x) for x in (old, new))

    for i in range(1, len(chunks), 5):
        first, count = int(chunks[i]), int(chunks[i + 1])
        body = chunks[i + 4]
        region = "".join(old_lines[first - 1 : first - 1 + count])
        old, new = sides(body)
        if old == region + "\n":  # a line break added to end the hunk
            old, new = sides(body[:-1])
        olds.append(old)
        assert old == region
        out.append("".join(old_lines[pos : first - 1]))
        out.append(new)
        pos = first - 1 + count
    out.append("".join(old_lines[pos:]))
    return "".join(out), olds


def test_repair_diff_is_a_unified_word_diff(tmp_path, capsys):
    p = _post(tmp_path)
    assert main(["repair", str(p), "--diff", "--no-restore"]) == 0
    diff = capsys.readouterr().out
    lines = diff.splitlines()
    assert lines[:3] == [f"--- a/{p}", f"+++ b/{p}", "@@ -3,1 +3,1 @@"]
    # whole words are marked: a mojibake fix inside "don't" shows the word
    assert "[-don\u00e2\u20ac\u2122t-]{+don\u2019t+}" in lines[3]
    assert "@@ -4,2 +3,0 @@" in lines  # the credit line and the blank line before it went
    assert _apply_word_diff(POST, diff)[0] == REPAIRED


@pytest.mark.parametrize("text", [POST, POST.rstrip("\n"), "<p>One</p>\n<p>Two</p>", "A &amp; B"])
def test_word_diff_rebuilds_the_repair(text):
    from textrepair import repair_and_explain
    from textrepair.report.explain import word_diff

    r = repair_and_explain(text, restore=False)
    rebuilt, _ = _apply_word_diff(text, word_diff(text, r.edits, path="t"))
    assert rebuilt == r.text


def test_word_diff_rebuilds_any_edit_plan():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from textrepair.core.edits import apply_edits
    from textrepair.report.explain import word_diff
    from textrepair.core.types import Edit

    @st.composite
    def plans(draw):
        text = draw(st.text(alphabet="ab \n", min_size=1, max_size=40))
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
        edits, last = [], -1
        for a, b in zip(cuts[0::2], cuts[1::2]):
            if a <= last:
                continue
            new = draw(st.text(alphabet="xy \n", max_size=4))
            if text[a:b] == new or (a == b and not new):
                continue
            edits.append(Edit(a, b, text[a:b], new, "s", "r"))
            last = b + 1  # leave a gap: a valid plan has no touching insertions/deletions
        return text, edits

    @settings(max_examples=300, deadline=None)
    @given(plans())
    def check(plan):
        text, edits = plan
        rebuilt, _ = _apply_word_diff(text, word_diff(text, edits, path="t")) if edits else (text, [])
        assert rebuilt == apply_edits(text, edits)

    check()


def test_repair_json_is_slimmer_and_keeps_what_machines_need(tmp_path, capsys):
    p = _post(tmp_path)
    assert main(["repair", str(p), "--format", "json", "--no-restore"]) == 0
    raw = capsys.readouterr().out
    payload = json.loads(raw)
    assert payload["schema"] == 3
    assert payload["text"] == REPAIRED
    from textrepair.core.edits import apply_edits, invert_edits
    from textrepair.core.types import Edit

    edits = [Edit.from_dict(e) for e in payload["edits"]]
    assert apply_edits(POST, edits) == REPAIRED  # the input is recoverable from the output alone
    assert apply_edits(REPAIRED, invert_edits(edits)) == POST
    assert all(set(s) == {"stage", "edit_count"} for s in payload["stages"])
    assert sum(s["edit_count"] for s in payload["stages"]) >= len(payload["edits"])
    assert raw.startswith('{"schema":3,"text":')  # compact separators: the output is for machines
    assert main(["repair", str(p), "--format", "json", "--no-restore", "--plan"]) == 0
    full = json.loads(capsys.readouterr().out)
    from textrepair.core.edits import apply_plan
    from textrepair.core.types import StageRecord

    stages = [StageRecord(s["stage"], tuple(Edit.from_dict(e) for e in s["edits"])) for s in full["stages"]]
    assert apply_plan(POST, stages) == REPAIRED
    assert [s["edit_count"] for s in payload["stages"]] == [len(s["edits"]) for s in full["stages"]]


def test_repair_view_options_exclude_each_other(tmp_path, capsys):
    p = _post(tmp_path)
    assert main(["repair", str(p), "--explain", "--diff"]) == 2
    assert main(["repair", str(p), "--explain", "--format", "json"]) == 2
    assert main(["repair", str(p), "--plan"]) == 2
    assert "--format json" in capsys.readouterr().err


def test_seed_json_is_a_third_smaller(seed_body, tmp_path, capsys):
    """The seed body (31 KB, ~900 edits): the stage-by-stage lists repeated every edit."""
    p = tmp_path / "seed.txt"
    p.write_text(seed_body, encoding="utf-8")
    assert main(["repair", str(p), "--format", "json"]) == 0
    slim = len(capsys.readouterr().out.encode())
    assert main(["repair", str(p), "--format", "json", "--plan"]) == 0
    full = len(capsys.readouterr().out.encode())
    assert slim < 0.75 * full


# --- --help: a description, every argument and option explained, examples that parse ------------


def _subparsers():
    import argparse

    from textrepair.cli import build_parser

    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return parser, action.choices


def test_help_describes_every_argument_and_option():
    import argparse

    parser, commands = _subparsers()
    assert "spun" in parser.description and "mangled" in parser.description
    assert "exit status" in parser.epilog
    assert set(commands) == {"clean", "repair", "scan", "link", "learn", "mine"}
    for name, sub in [("textrepair", parser), *commands.items()]:
        for action in sub._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            assert action.help and len(action.help) > 10, (name, action.dest)
        assert sub.description, name


def test_every_command_has_examples_that_parse():
    import shlex

    parser, commands = _subparsers()
    for name, sub in commands.items():
        assert "examples:" in (sub.epilog or ""), name
        examples = [line.strip() for line in sub.epilog.splitlines() if "textrepair " in line]
        mine = [x for x in examples if f"textrepair {name}" in x]
        assert mine, name
        for line in examples:
            command = line[line.index("textrepair "):]
            command = command.split("  ")[0].split(" > ")[0]  # drop the comment and a redirection
            argv = shlex.split(command)[1:]
            parser.parse_args(argv)  # SystemExit (a failed test) if the example is not valid


def test_help_exits_0_and_shows_examples(capsys):
    assert main(["clean", "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "textrepair clean articles/ -o repaired/" in out
    assert main(["--help"]) == 0
    assert "exit status" in capsys.readouterr().out


# --- link --records takes a folder of plain articles --------------------------------------------

ARTICLES = RECORDS / "articles"


def test_a_folder_of_plain_articles_loads_as_records():
    from textrepair.link.records import load_records

    records, problems = load_records(ARTICLES)
    assert problems == []
    by_id = {r.id: r for r in records}
    assert sorted(by_id) == ["allotments.txt", "choir.txt", "harbour-bridge.txt"]
    bridge = by_id["harbour-bridge.txt"]
    assert bridge.title == "Harbour Authority Approves Second Bridge Over The Kessel River"
    assert bridge.excerpt.startswith("The Kessel Harbour Authority on Tuesday approved")
    assert bridge.excerpt.endswith("cover half of the bill.")
    assert "\n\n" in bridge.excerpt  # paragraphs stay apart (each is one line)
    assert bridge.raw["text"].startswith("The Kessel") and bridge.raw["title"] == bridge.title
    assert by_id["choir.txt"].title == "Northport Choir Wins Regional Title"  # leading blank lines skipped
    assert by_id["allotments.txt"].excerpt.startswith("The waiting list")  # no blank line after the title


def test_plain_article_rules(tmp_path):
    from textrepair.link.records import ARTICLE_EXCERPT_CHARS, MAX_TITLE_CHARS, load_records

    (tmp_path / "title-only.txt").write_text("Just A Headline\n\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    long_first = "This first line is a whole paragraph of text rather than a headline, " * 4
    assert len(long_first) > MAX_TITLE_CHARS
    (tmp_path / "no-title.txt").write_text(long_first + "\n\nAnd more.\n", encoding="utf-8")
    sentence = "The tram line was extended by two stops this week. "
    (tmp_path / "long.txt").write_text("Tram Line Extended\n\n" + sentence * 200, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n")
    records, problems = load_records(tmp_path)
    by_id = {r.id: r for r in records}
    reasons = {p.path: p.reason for p in problems}
    assert sorted(by_id) == ["long.txt", "no-title.txt"]
    assert by_id["no-title.txt"].title == "" and by_id["no-title.txt"].excerpt.startswith("This first line")
    long = by_id["long.txt"].excerpt
    assert len(long) <= ARTICLE_EXCERPT_CHARS and long.endswith("this week.")
    assert len(by_id["long.txt"].raw["text"]) > 3 * ARTICLE_EXCERPT_CHARS  # the whole text is kept
    assert "text after its title" in reasons["title-only.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "PDF" in reasons["report.pdf"]


def test_a_mixed_folder_reads_front_matter_records_and_reports_plain_files(tmp_path):
    import shutil

    from textrepair.link.records import MIXED_FOLDER_REASON, load_records

    shutil.copy(RECORDS / "folder" / "harbour-bridge.md", tmp_path / "harbour-bridge.md")
    shutil.copy(ARTICLES / "choir.txt", tmp_path / "choir.txt")
    records, problems = load_records(tmp_path)
    assert [r.id for r in records] == ["harbour-bridge.md"]
    assert ("choir.txt", MIXED_FOLDER_REASON) in [(p.path, p.reason) for p in problems]
    assert [p.path for p in problems if not p.path.startswith("harbour-bridge.md#")] == ["choir.txt"]


def test_one_plain_article_file_is_a_record():
    from textrepair.link.records import load_records

    records, problems = load_records(ARTICLES / "harbour-bridge.txt")
    assert [r.title for r in records] == ["Harbour Authority Approves Second Bridge Over The Kessel River"]
    assert problems == []


def test_cli_link_finds_the_source_article_of_a_spun_copy(capsys):
    assert main(["link", str(RECORDS / "spun-harbour.txt"), str(RECORDS / "same-topic.txt"),
                 "--records", str(ARTICLES)]) == 0
    captured = capsys.readouterr()
    spun, other = (json.loads(x) for x in captured.out.splitlines())
    assert [lk["record"] for lk in spun["links"]] == ["harbour-bridge.txt"]
    assert spun["links"][0]["score"] >= 0.9
    assert other["links"] == []  # a report on the same topic is not a copy
    assert "skipped" not in captured.err


def test_clean_with_plain_articles_learns_substitutions_from_the_whole_text(tmp_path, capsys):
    import shutil

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(RECORDS / "spun-harbour.txt", src / "copy.txt")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--records", str(ARTICLES)]) == 0
    capsys.readouterr()
    (entry,) = [json.loads(x) for x in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    (link,) = entry["links"]
    pairs = {(p["spun"], p["original"]) for p in link["context_pairs"]}
    assert {("accepted", "approved"), ("scheme", "plan")} <= pairs  # from the lede
    assert ("invoice", "bill") in pairs  # from the last paragraph: the article text, not a lede only
