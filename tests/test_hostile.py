"""Hostile, huge and interrupted inputs (issue 5): parser attacks, odd files, the file system, kills and --resume, determinism, fuzzing."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair import RepairConfig, apply_edits, apply_plan, parse_document, repair_and_explain
from textrepair.run import folder
from textrepair.run import worker
from textrepair.run.folder import REPORT_NAME, RUN_RECORD_NAME, clean_folder, iter_inputs, walk_inputs
from textrepair.run.bounded import TooManyEditsError, body_pieces, repair_bounded
from textrepair.cli import main
from textrepair.text.decode import _cp1252_or_latin1, decode_bytes
from textrepair.text.document import read_document
from textrepair.core.errors import FrontMatterError, NotAFileError, TextrepairError
from textrepair.text.frontmatter import MAX_DEPTH, jsonable, load_yaml_mapping
from textrepair.pipeline import repair_document

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402  (tests/data/hostile/make_hostile.py)

ROOT = Path(__file__).resolve().parent.parent
NO_RESTORE = RepairConfig(restore=False)


def _report_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / REPORT_NAME).read_text(encoding="utf-8").splitlines()]


def _report(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in _report_lines(out)}


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (outputs, report, run record) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``python -m textrepair ARGS`` in a fresh process (so a crash or hang cannot take pytest with it)."""
    return subprocess.run([sys.executable, "-m", "textrepair", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, errors="backslashreplace")


# --- 1. front matter that attacks the parser ------------------------------------------------------

FM_CASES = {k: v for k, v in make_hostile.EXPECTED_CASES.items() if k.startswith("fm-") and v}


@pytest.mark.parametrize("name", sorted(FM_CASES))
def test_front_matter_attacks_are_refused_with_a_clear_message(name):
    text = (HOSTILE / "cases" / name).read_text(encoding="utf-8")
    with pytest.raises(FrontMatterError) as info:
        parse_document(text, path=name)
    assert FM_CASES[name] in str(info.value) and str(info.value).startswith(f"{name}, line ")


def test_alias_bomb_is_refused_before_anything_is_built(monkeypatch):
    """The event scan refuses the bomb: yaml.load (which would compose and construct) never runs."""
    bomb = (HOSTILE / "cases" / "fm-alias-bomb.md").read_text(encoding="utf-8").split("---\n")[1]

    def no_load(*args, **kwargs):
        raise AssertionError("yaml.load ran on an alias bomb")

    monkeypatch.setattr(yaml, "load", no_load)
    with pytest.raises(FrontMatterError, match="alias bomb"):
        load_yaml_mapping(bomb)


@pytest.mark.parametrize("source, fragment", [
    ("x: " + "[" * 100_000 + "\n", "nests deeper"),            # crashed the C composer before
    ("x:\n" + "- " * 50_000 + "a\n", "nests deeper"),
    ("? " * 50_000 + "a\n", "nests deeper"),
    ("b: &b {" + ", ".join(f"k{i}: 1" for i in range(3000)) + "}\nc: {<<: [" + ", ".join(["*b"] * 3000) + "]}\n",
     "alias bomb"),                                            # merge keys: 25 s before
    ("a: &a [*a]\n", "refers to itself"),
    ("x: " + "59:" * 3000 + "59\n", "number of"),             # sexagesimal: quadratic conversion
    ("x: 0b" + "1" * 20_000 + "\n", "number of"),
    ("x: 2001-02-30\n", "invalid value"),
    ("x: !!timestamp junk\n", "invalid value"),
    ("x: !!float abc\n", "invalid value"),
    ("x: !!python/object/new:os.system [ls]\n", "uses the YAML tag !!python/object/new:os.system"),
])
def test_yaml_attacks_raise_front_matter_errors(source, fragment):
    with pytest.raises(FrontMatterError, match=fragment):
        load_yaml_mapping(source, path="f.md")


def test_limits_are_not_stricter_than_needed():
    nested = "x: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2) + "\n"
    assert load_yaml_mapping(nested)["x"]
    shared = "defaults: &d {lang: en, tags: [a, b]}\none: *d\ntwo: {<<: *d, lang: fr}\n"
    meta = load_yaml_mapping(shared)
    assert meta["one"]["tags"] == ("a", "b") and meta["two"]["lang"] == "fr"
    assert load_yaml_mapping("id: " + "9" * 4000 + "\n")["id"] > 0  # long ids below the limit load


def test_jsonable_is_deterministic_and_json_safe():
    meta = load_yaml_mapping("s: !!set {b, a, c}\nn: .nan\ni: -.inf\n")
    out = jsonable(meta)
    assert out == {"s": ["a", "b", "c"], "n": "nan", "i": "-inf"}
    json.dumps(out, allow_nan=False)


# --- 2. huge and odd files ----------------------------------------------------------------------


def test_fallback_decoding_maps_every_byte_like_cp1252():
    data = bytes(range(0x20, 0x100)) * 3
    assert decode_bytes(data).text == "".join(_cp1252_or_latin1(b) if b >= 0x80 else chr(b) for b in data)
    mostly = "naïve café ".encode() * 50 + b"\xe9\x81 end"
    dec = decode_bytes(mostly)
    assert dec.encoding == "utf-8+cp1252" and dec.text.endswith("é\x81 end") and "2 byte(s)" in dec.notes[0]


def test_body_pieces_cover_the_body_and_respect_breaks():
    line = ("A sentence ends here. " * 200) + "x" * 50
    pieces = body_pieces(line, 0, len(line), 1000)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(line)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(e - s <= 1000 for s, e in pieces) and all(line[e - 2 : e] == ". " for _, e in pieces[:-1])
    paras = "Para one is here.\n\nPara two.\r\n\r\n" * 100
    assert all(paras[e - 1] == "\n" for _, e in body_pieces(paras, 0, len(paras), 300)[:-1])
    # no ASCII anywhere: a hard cut, but never before a combining mark or around a joiner
    marks = ("e\u0301\u0302" + "👩\u200d💻") * 400
    for s, e in body_pieces(marks, 0, len(marks), 500)[1:]:
        assert not unicodedata.combining(marks[s]) and marks[s] != "\u200d" and marks[s - 1] != "\u200d"


def test_large_bodies_are_repaired_in_pieces_with_valid_plans():
    text = "---\ntitle: Big\n---\n" + make_hostile.prose(40_000) + make_hostile.prose(20_000, paragraphs=False)
    doc = parse_document(text)
    pieces = repair_bounded(doc, NO_RESTORE, large_body=5_000, piece_chars=4_000)
    whole = repair_document(doc, NO_RESTORE)
    assert pieces.meta["pieces"] > 10
    assert apply_edits(text, pieces.edits) == pieces.text and apply_plan(text, pieces.stages) == pieces.text
    assert pieces.text == whole.text  # the damage is local, so cutting at breaks changes nothing
    with pytest.raises(TooManyEditsError, match="more than 10 edits and suggestions"):
        repair_bounded(doc, NO_RESTORE, max_edits=10, large_body=5_000, piece_chars=4_000)


def test_a_single_long_line_is_repaired_in_linear_time_shape():
    """A 300 kB one-line body with damage all along goes through every stage (restoration on)."""
    text = make_hostile.prose(300_000, paragraphs=False)
    result = repair_and_explain(text)
    assert apply_edits(text, result.edits) == result.text
    assert "café" in result.text and "&amp;" not in result.text and "â€™" not in result.text


# --- the acceptance run over the hostile corpus ------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str | None]]:
    dest = tmp_path_factory.mktemp("hostile")
    return dest / "src", make_hostile.build(dest)


def test_hostile_corpus_acceptance(corpus, tmp_path):
    """`textrepair clean` over the corpus: exit 1, no traceback, one report line per entry with the
    expected status and message, outputs exactly for the files that succeeded, bounded memory."""
    src, expected = corpus
    out = tmp_path / "out"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # --glob '*': every entry, not only text files by name (clean's default since issue 10)
    proc = _cli("clean", str(src), "-o", str(out), "--max-bytes", str(make_hostile.SMALL_MAX_BYTES),
                "--glob", "*")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    report = _report(out)
    assert set(report) == set(expected)
    for rel, want in expected.items():
        entry = report[rel]
        if want is None:
            assert entry["status"] == "ok", (rel, entry.get("error"))
            assert (out / rel).is_file() and len(entry["sha256"]) == 64
        else:
            assert entry["status"] == "error" and want in entry["error"], (rel, entry)
            assert rel == REPORT_NAME or not (out / rel).exists() or (out / rel).is_dir()
    outputs = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert outputs == {r for r, w in expected.items() if w is None} | {REPORT_NAME, RUN_RECORD_NAME}
    # (ru_maxrss of the largest child so far; only meaningful when no bigger child ran before)
    if peak_kb > before:
        assert peak_kb < 1024 * 1024, f"peak RSS {peak_kb} kB"


def test_odd_files_come_out_right(corpus, tmp_path):
    src, _ = corpus
    out = tmp_path / "out"
    clean_folder(src, out, config=NO_RESTORE, max_bytes=make_hostile.SMALL_MAX_BYTES, progress=False)
    same = ["rtl-mixed.txt", "combining-marks.txt", "bom-utf8.txt", "mixed-line-endings.txt",
            "name with spaces.txt", "ñandú café 日本語.txt", "emoji 📰 news.md", "crlf-blank-lines.txt",
            "spaces-run.txt", "a-a-a.txt", "nested-brackets.txt", "one-char-lines.txt"]
    for name in same:  # nothing to repair: byte-identical (BOM, CRLF/CR, bidi marks, NFD kept)
        assert (out / name).read_bytes() == (src / name).read_bytes(), name
    assert b"\x00" not in (out / "nul-bytes.txt").read_bytes()
    assert (out / "nul-bytes.txt").read_text(encoding="utf-8") == \
        (src / "nul-bytes.txt").read_text(encoding="utf-8").replace("\x00", "")
    assert (out / "bom-utf16le.txt").read_text(encoding="utf-8") == \
        (src / "bom-utf16le.txt").read_bytes().decode("utf-16")
    fixed = (out / "invalid-utf8-middle.txt").read_text(encoding="utf-8")
    assert "Café owners" in fixed
    report = _report(out)
    assert report["invalid-utf8-middle.txt"]["encoding"] == "utf-8+cp1252"
    assert "\u200b" not in (out / "zero-width-spam.txt").read_text(encoding="utf-8")
    assert "don’t café" in (out / "mojibake-long-line.txt").read_text(encoding="utf-8")
    nfc = unicodedata.normalize("NFC", "café-nfc-nfd.txt")
    nfd = unicodedata.normalize("NFD", nfc)
    assert (out / nfc).read_text(encoding="utf-8") != (out / nfd).read_text(encoding="utf-8")
    latin1 = [p for p in report if p.startswith("latin1-name-")]
    assert latin1 and (out / latin1[0]).is_file()  # the surrogate-escaped name round-trips


# --- 3. the file system --------------------------------------------------------------------------


def test_walk_never_leaves_src_or_hangs(corpus):
    src, _ = corpus
    entries = {e.rel: e for e in walk_inputs(src)}
    assert entries["links/inside.txt"].problem is None
    assert "outside the input folder" in entries["links/outside.txt"].problem
    assert "folder" in entries["links/loop"].problem
    assert not any(rel.startswith("links/loop/") for rel in entries)
    assert "FIFO" in entries["fifo.txt"].problem
    # the library walk (stream/dist folder sources) never yields what cannot be read safely
    paths = {p.relative_to(src).as_posix() for p in iter_inputs(src)}
    assert "links/inside.txt" in paths and "links/broken.txt" in paths
    assert not paths & {"fifo.txt", "links/outside.txt", "links/loop"}
    with pytest.raises(NotAFileError, match="FIFO"):  # read_document does not block on a FIFO
        read_document(src / "fifo.txt")


def test_an_unreadable_file_and_folder_are_reported_not_fatal(tmp_path, monkeypatch):
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "x.txt").write_text("Hidden.\n", encoding="utf-8")
    (src / "a.txt").write_text("Readable.\n", encoding="utf-8")
    (src / "b.txt").write_text("Unreadable.\n", encoding="utf-8")
    real_read, real_scandir = worker.read_input, os.scandir

    def read_input(path, max_bytes):
        if path.name == "b.txt":  # tests run as root, where chmod 000 does not stop a read
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, max_bytes)

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(worker, "read_input", read_input)
    monkeypatch.setattr(os, "scandir", scandir)
    summary = clean_folder(src, tmp_path / "out", config=NO_RESTORE, progress=False)
    report = _report(tmp_path / "out")
    assert summary.errors == 2 and report["a.txt"]["status"] == "ok"
    assert "Permission denied" in report["b.txt"]["error"]
    assert "cannot list folder" in report["locked"]["error"]


def test_two_inputs_never_write_one_output(tmp_path, monkeypatch):
    """On a file system that folds names (macOS, Windows, FAT, ext4 casefold folders) "A.txt" and
    "a.txt", or the NFC and NFD forms of a name, are one file: the second input is refused.
    The probe is checked on this (Linux) file system, then told it folds case."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    assert folder._name_folding(out) is None  # ext4/tmpfs: names are bytes
    assert not list(out.iterdir())  # the probe files are gone
    (src / "A.txt").write_text("Upper.\n", encoding="utf-8")
    (src / "a.txt").write_text("Lower.\n", encoding="utf-8")
    (src / "b.txt").write_text("Other.\n", encoding="utf-8")
    monkeypatch.setattr(folder, "_name_folding", lambda out: str.casefold)
    clean_folder(src, out, config=NO_RESTORE, progress=False)
    report = _report(out)
    assert report["A.txt"]["status"] == "ok" and (out / "A.txt").read_text(encoding="utf-8") == "Upper.\n"
    assert report["a.txt"]["status"] == "error" and "same file as the output of A.txt" in report["a.txt"]["error"]
    assert report["b.txt"]["status"] == "ok"


def test_outputs_never_land_in_src_and_write_errors_are_reported(tmp_path):
    data = tmp_path / "data"
    src = data / "in"
    (src / "in").mkdir(parents=True)
    (src / "x.txt").write_text("Input x.\n", encoding="utf-8")
    (src / "in" / "x.txt").write_text("Would overwrite in/x.txt.\n", encoding="utf-8")
    (src / "y.txt").write_text("Input y.\n", encoding="utf-8")
    (data / "y.txt").mkdir()  # a folder where an output should go
    assert main(["clean", str(src), "-o", str(data), "--no-restore"]) == 1
    report = _report(data)
    assert "inside the input folder" in report["in/x.txt"]["error"]
    assert (src / "x.txt").read_text(encoding="utf-8") == "Input x.\n"  # the input is untouched
    assert "cannot write its output" in report["y.txt"]["error"]
    assert report["x.txt"]["status"] == "ok"


# --- 4. interruptions and --resume -------------------------------------------------------------


def _many_files(src: Path, n: int = 60) -> None:
    src.mkdir(parents=True)
    for i in range(n):
        (src / f"f{i:03d}.txt").write_text(f"Item {i}. " + make_hostile.prose(2000 + 41 * i), encoding="utf-8")


def _kill_after(args: list[str], report: Path, lines: int, sig: int = signal.SIGKILL) -> int:
    proc = subprocess.Popen([sys.executable, "-m", "textrepair", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if report.read_bytes().count(b"\n") >= lines:
                break
        except FileNotFoundError:
            pass
        time.sleep(0.002)
    proc.send_signal(sig)
    return proc.wait(timeout=60)


def test_a_killed_run_leaves_complete_outputs_and_resume_finishes_it(tmp_path):
    src, ref, out = tmp_path / "in", tmp_path / "ref", tmp_path / "out"
    _many_files(src)
    assert main(["clean", str(src), "-o", str(ref)]) == 0
    _kill_after(["clean", str(src), "-o", str(out)], out / REPORT_NAME, 8)
    reference = _tree(ref)
    partial = _tree(out)
    done = [e["path"] for e in _report_lines(out)]
    assert 0 < len(done) < 60, "the kill should land mid-run"
    for rel, data in partial.items():  # every output left behind is complete
        if rel not in (REPORT_NAME, RUN_RECORD_NAME) and not rel.endswith(".part"):
            assert data == reference[rel], rel
    assert all(rel in partial for rel in done)
    assert main(["clean", str(src), "-o", str(out), "--resume"]) == 0
    assert _tree(out) == reference  # same outputs, same report (byte for byte), no leftovers


def test_resume_after_a_torn_report_line_and_a_stale_temporary_file(tmp_path):
    src, ref, out = tmp_path / "in", tmp_path / "ref", tmp_path / "out"
    _many_files(src, 12)
    (src / "broken.md").write_text("---\na: [\n---\nBody.\n", encoding="utf-8")
    assert main(["clean", str(src), "-o", str(ref), "--no-restore"]) == 1
    assert main(["clean", str(src), "-o", str(out), "--no-restore"]) == 1
    lines = (out / REPORT_NAME).read_bytes().splitlines(keepends=True)
    (out / REPORT_NAME).write_bytes(b"".join(lines[:5]) + lines[5][:40])  # killed mid-line
    for rel in [json.loads(x)["path"] for x in lines[5:]]:
        (out / rel).unlink(missing_ok=True)
    (out / ".f007.txt.abcd1234.part").write_bytes(b"half an outp")
    (src / "f002.txt").write_text("Changed since the first run &amp; repaired again.\n", encoding="utf-8")
    assert main(["clean", str(src), "-o", str(ref), "--no-restore"]) == 1
    assert main(["clean", str(src), "-o", str(out), "--no-restore", "--resume"]) == 1
    assert _tree(out) == _tree(ref)
    assert (out / "f002.txt").read_text(encoding="utf-8") == "Changed since the first run & repaired again.\n"


def test_resume_refuses_other_options_and_starts_fresh_without_a_report(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    _many_files(src, 3)
    assert main(["clean", str(src), "-o", str(out), "--resume", "--no-restore"]) == 0  # nothing to resume
    assert main(["clean", str(src), "-o", str(out), "--resume"]) == 2
    assert "different options (config)" in capsys.readouterr().err
    assert main(["clean", str(src), "-o", str(out), "--resume", "--no-restore"]) == 0
    assert main(["clean", "--jsonl", "-", "-o", "-", "--resume"]) == 2


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_of_a_killed_parallel_run_exit(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _many_files(src)
    proc = subprocess.Popen([sys.executable, "-m", "textrepair", "clean", str(src), "-o", str(out), "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and len(workers) < 2:
        for task in Path(f"/proc/{proc.pid}/task").glob("*/children"):
            workers.update(int(x) for x in task.read_text().split())
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    assert workers, "the run should have started its pool"

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def test_sigterm_removes_the_temporary_file_and_exits_130(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _many_files(src)
    code = _kill_after(["clean", str(src), "-o", str(out)], out / REPORT_NAME, 5, signal.SIGTERM)
    assert code == 130
    assert not list(out.rglob("*.part"))
    assert main(["clean", str(src), "-o", str(out), "--resume"]) == 0


# --- 5. determinism --------------------------------------------------------------------------------


def test_outputs_and_reports_are_identical_across_runs_and_jobs(corpus, tmp_path):
    src, _ = corpus
    limit = str(make_hostile.SMALL_MAX_BYTES)
    trees = []
    for name, jobs in (("one", "1"), ("again", "1"), ("two", "2")):
        out = tmp_path / name
        assert main(["clean", str(src), "-o", str(out), "--jobs", jobs, "--max-bytes", limit]) == 1
        trees.append(_tree(out))
    assert trees[0] == trees[1] == trees[2]


# --- 6. fuzzing: arbitrary text and bytes through the whole pipeline -----------------------------

HOSTILE_FRAGMENTS = [
    "---\n", "...\n", "---\r\n", "&a ", "*a", "<<: ", "[", "]", "{", "}", "!!python/object:os.system",
    "!!binary", "!!set", "? ", "- ", ": ", "key: value\n", "\x00", "\ufeff", "\u200b", "\u202e",
    "\u05e9", "\u0301", "👩\u200d💻", "\r\n\r\n", "\r", " date 2022-05-11 ", "<!--", "-->", "<script>",
    "&amp;", "â€™", "Ã©", "in line with", "according to", "U.S.", "Mr.", ". ", "a-", "(", ")",
]
_piece = st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=4))
hostile_text = st.lists(_piece, max_size=30).map("".join)
front_matter = st.lists(_piece, max_size=12).map(lambda xs: "---\n" + "".join(xs) + "\n---\n")
documents = st.tuples(st.one_of(st.just(""), front_matter), hostile_text).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_pipeline(text: str) -> None:
    try:
        doc = parse_document(text)
    except TextrepairError:
        return
    result = repair_document(doc, RepairConfig())  # restoration on
    assert apply_edits(text, result.edits) == result.text
    assert apply_plan(text, result.stages) == result.text


@FUZZ
@given(documents)
def test_fuzz_text_through_the_pipeline(text):
    _check_pipeline(text)


@FUZZ
@given(st.one_of(st.binary(max_size=200), documents.map(lambda t: t.encode("utf-8", "surrogatepass")),
                 documents.map(lambda t: t.encode("utf-16"))))
def test_fuzz_bytes_through_decode_and_the_pipeline(data):
    try:
        decoded = decode_bytes(data)
    except TextrepairError:
        return
    _check_pipeline(decoded.text)


@FUZZ
@given(documents)
def test_fuzz_pieces_keep_plans_valid(text):
    try:
        doc = parse_document(text)
    except TextrepairError:
        return
    result = repair_bounded(doc, NO_RESTORE, large_body=8, piece_chars=16)
    assert apply_edits(text, result.edits) == result.text
    assert apply_plan(text, result.stages) == result.text


def test_fuzz_target_runs(tmp_path):
    """benchmarks/fuzz_repair.py runs (the coverage-guided fuzzer is atheris; its fallback is random)."""
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fuzz_repair.py"), "--runs", "20",
                           "--random"], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "crashes: 0" in proc.stdout
