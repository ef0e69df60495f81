"""The clean/repair CLI: the issue's acceptance scenario, exit codes, --jobs, report, JSON output, stdin."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from textrepair import RepairConfig
from textrepair.run.folder import REPORT_NAME, Progress, clean_folder
from textrepair.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "textrepair" / "samples"
MOJIBAKE = "I donâ€™t know what the cafÃ© will do.\n"


def _tree_hash(root: Path) -> dict[str, str]:
    """Every file under ``root`` (names, bytes, modes) so a run can be shown to leave it untouched."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        out[rel] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest() + oct(p.stat().st_mode)
    return out


def _report(out: Path) -> dict[str, dict]:
    lines = (out / REPORT_NAME).read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    return {e["path"]: e for e in entries}


@pytest.fixture()
def acceptance_folder(tmp_path, shared) -> Path:
    """The issue's acceptance folder: the seeds plus a binary, a latin-1, an empty, a broken-YAML
    and a mojibake file (seeds copied from ../shared at test time)."""
    src = tmp_path / "in"
    src.mkdir()
    for seed in (shared / "seeds").glob("*.txt"):
        shutil.copy(seed, src / seed.name)
    (src / "binary.bin").write_bytes(bytes(range(256)) * 16)
    (src / "latin1.txt").write_bytes("Crème brûlée at the café, naïve.\n".encode("latin-1"))
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.md").write_text('---\ntitle: "never closed\ntopics: [AI\n---\nBody text.\n', encoding="utf-8")
    (src / "mojibake.txt").write_text(MOJIBAKE, encoding="utf-8")
    return src


def test_acceptance_scenario(acceptance_folder, tmp_path, capsys):
    src, out = acceptance_folder, tmp_path / "out"
    before = _tree_hash(src)
    # --glob '*': every file, the binary one too (by default clean takes text files only and
    # lists the others as skipped, see test_cli_newcomer.py)
    code = main(["clean", str(src), "-o", str(out), "--no-restore", "--glob", "*"])
    captured = capsys.readouterr()
    assert code == 1  # some files had errors
    assert _tree_hash(src) == before  # the input folder is byte-identical
    assert "Traceback" not in captured.err + captured.out

    report = _report(out)
    inputs = sorted(p.name for p in src.iterdir())
    assert sorted(report) == inputs  # one report line per input
    bad = {"binary.bin": "binary", "empty.txt": "empty", "broken.md": "YAML"}
    for name, entry in report.items():
        if name in bad:
            assert entry["status"] == "error"
            assert name in entry["error"] and bad[name] in entry["error"]
            assert not (out / name).exists()
            assert name in captured.err  # the summary names it too
        else:
            assert entry["status"] == "ok", entry
            assert (out / name).is_file()
            assert {"edits", "segments", "encoding"} <= set(entry)
    assert "line 2" in report["broken.md"]["error"]  # where the unclosed quote starts
    assert report["latin1.txt"]["encoding"] == "cp1252" and report["latin1.txt"]["decode_notes"]
    assert (out / "latin1.txt").read_text(encoding="utf-8") == "Crème brûlée at the café, naïve.\n"
    assert (out / "mojibake.txt").read_text(encoding="utf-8") == "I don’t know what the café will do.\n"
    fixes = report["mojibake.txt"]["edits"]
    assert [(e["found"], e["replacement"], e["stage"]) for e in fixes] == [
        ("â€™", "’", "fix_mojibake"), ("Ã©", "é", "fix_mojibake")]
    # front-matter-only seeds come out byte-identical; the seed body keeps its two segments
    for seed in src.glob("0*.txt"):
        entry = report[seed.name]
        text = (out / seed.name).read_bytes()
        if not entry["edits"]:
            assert text == seed.read_bytes()
    body = next(e for n, e in report.items() if n.startswith("001_"))
    assert len(body["segments"]) == 2


@pytest.mark.parametrize("inside", [".", "sub", "sub/deeper"])
def test_output_inside_input_is_refused(tmp_path, capsys, inside):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Text.\n", encoding="utf-8")
    before = _tree_hash(src)
    out = src if inside == "." else src / inside
    assert main(["clean", str(src), "-o", str(out), "--no-restore"]) == 2
    assert "refusing" in capsys.readouterr().err
    assert _tree_hash(src) == before


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["clean", str(tmp_path / "missing"), "-o", str(tmp_path / "out")]) == 2
    assert main(["clean"]) == 2
    assert main(["nonsense"]) == 2
    assert main(["repair", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "missing.txt" in err and "Traceback" not in err


def test_all_good_exits_0(tmp_path):
    src = tmp_path / "in"
    (src / "nested").mkdir(parents=True)
    (src / "a.txt").write_text("Clean text.\n", encoding="utf-8")
    (src / "nested" / "b.md").write_text("---\ntitle: x\n---\nBody &amp; more.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--no-restore"]) == 0
    assert (out / "nested" / "b.md").read_text(encoding="utf-8") == "---\ntitle: x\n---\nBody & more.\n"
    assert set(_report(out)) == {"a.txt", "nested/b.md"}


def test_glob_selects_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("A.\n", encoding="utf-8")
    (src / "b.md").write_text("B.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--glob", "*.md", "--no-restore"]) == 0
    assert set(_report(out)) == {"b.md"} and not (out / "a.txt").exists()


def test_input_named_like_the_report_does_not_clobber_it(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / REPORT_NAME).write_text('{"not": "the report"}\n', encoding="utf-8")
    (src / "sub" / REPORT_NAME).write_text('{"nested": "is fine"}\n', encoding="utf-8")
    (src / "a.txt").write_text("A.\n", encoding="utf-8")
    out = tmp_path / "out"
    # (--glob '*': by default a .jsonl input is skipped as not text, and could not clobber anything)
    assert main(["clean", str(src), "-o", str(out), "--no-restore", "--glob", "*"]) == 1
    report = _report(out)  # still parses as the run report
    assert report[REPORT_NAME]["status"] == "error" and "overwrite" in report[REPORT_NAME]["error"]
    assert report["a.txt"]["status"] == "ok" and report["sub/report.jsonl"]["status"] == "ok"


def test_jobs_give_byte_identical_outputs_and_report(acceptance_folder, tmp_path):
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, acceptance_folder / sample.name)
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["clean", str(acceptance_folder), "-o", str(one), "--no-restore", "--jobs", "1"]) == 1
    assert main(["clean", str(acceptance_folder), "-o", str(two), "--no-restore", "--jobs", "2"]) == 1
    assert _tree_hash(one) == _tree_hash(two)


def test_clean_folder_with_jobs_uses_processes(tmp_path, pool_sizes):
    used = pool_sizes
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"Text {i}.\n", encoding="utf-8")
    summary = clean_folder(src, tmp_path / "out", jobs=2, config=RepairConfig(restore=False),
                           progress=False)
    assert used == [2] and summary.files == 3 and summary.errors == 0


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal():
    tty, pipe = _Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(2, stream=stream)
        bar.step()
        bar.step()
        bar.close()
    assert "2/2 files" in tty.getvalue() and "\r" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_clean_is_silent_without_a_terminal(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("A.\n", encoding="utf-8")
    main(["clean", str(src), "-o", str(tmp_path / "out"), "--no-restore"])
    captured = capsys.readouterr()
    assert "\r" not in captured.err and captured.out == ""


# --- repair ---------------------------------------------------------------------------------

def test_repair_prints_the_document_with_front_matter_verbatim(tmp_path, capsys):
    p = tmp_path / "post.md"
    p.write_text("---\ntitle: \"A &amp; B\"\n---\nCaf&eacute; donâ€™t.\n", encoding="utf-8")
    assert main(["repair", str(p), "--no-restore"]) == 0
    assert capsys.readouterr().out == "---\ntitle: \"A &amp; B\"\n---\nCafé don’t.\n"


def test_repair_json_format(tmp_path, capsys):
    p = tmp_path / "post.txt"
    text = "Harbor Bridge Reopens After Repairs\n\nThe bridge (opens in new tab) reopened.\n"
    p.write_text(text, encoding="utf-8")
    assert main(["repair", str(p), "--format", "json", "--no-restore"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"text", "edits", "paragraphs", "segments"} <= set(payload)
    assert payload["text"] == "Harbor Bridge Reopens After Repairs\n\nThe bridge reopened.\n"
    (edit,) = payload["edits"]
    assert text[edit["start"] : edit["end"]] == edit["found"] == " (opens in new tab)"
    assert edit["stage"] == "remove_debris" and edit["reason"]
    assert [text[p["start"] : p["end"]] for p in payload["paragraphs"]][0] == \
        "Harbor Bridge Reopens After Repairs"
    assert len(payload["segments"]) == 1


def test_repair_reads_stdin(monkeypatch, capsys):
    data = "donâ€™t <b>stop</b>\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["repair", "-", "--no-restore"]) == 0
    assert capsys.readouterr().out == "don’t stop\n"


def test_repair_bad_input_is_a_message_not_a_traceback(tmp_path, capsys):
    p = tmp_path / "bad.md"
    p.write_text("---\n- a list\n---\nBody\n", encoding="utf-8")
    assert main(["repair", str(p)]) == 2
    err = capsys.readouterr().err
    assert "bad.md" in err and "line 2" in err and "Traceback" not in err


# --- the installed command ----------------------------------------------------------------

def _installed_command() -> str | None:
    candidate = Path(sys.executable).parent / ("textrepair.exe" if os.name == "nt" else "textrepair")
    return str(candidate) if candidate.exists() else shutil.which("textrepair")


def test_installed_command_cleans_the_bundled_samples(tmp_path):
    """The README's first command, with default options (restoration on when available)."""
    exe = _installed_command()
    if exe is None:
        pytest.skip("the textrepair console script is not installed")
    out = tmp_path / "out"
    proc = subprocess.run([exe, "clean", str(SAMPLES), "-o", str(out)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    names = sorted(p.name for p in SAMPLES.iterdir())
    assert sorted(_report(out)) == names
    assert all((out / n).is_file() for n in names)
    cleaned = (out / "scraped_debris.txt").read_text(encoding="utf-8")
    assert "â€" not in cleaned and "<p>" not in cleaned and "(opens in new tab)" not in cleaned
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and "textrepair" in version.stdout


def test_installed_command_survives_a_closed_pipe(tmp_path):
    """`textrepair repair FILE | head` ends without a traceback when the reader goes away.

    The reader closes the pipe before the output is written, so the write always meets a
    broken pipe (a reader that closes mid-write is not reliably reported by every kernel)."""
    exe = _installed_command()
    if exe is None:
        pytest.skip("the textrepair console script is not installed")
    big = tmp_path / "big.txt"
    big.write_text("A line of text with donâ€™t in it.\n" * 20000, encoding="utf-8")
    proc = subprocess.Popen([exe, "repair", str(big), "--no-restore"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=120)
    assert "Traceback" not in err and "Broken pipe" not in err
    assert proc.returncode == 0
