"""Build the hostile corpus of issue 5: the committed small cases plus generated ones (huge files, links, FIFOs, odd names).

    python tests/data/hostile/make_hostile.py DEST [--large]

creates ``DEST/src`` (the input folder for ``textrepair clean``) and ``DEST/outside.txt`` (the
target of a link that must not be followed), and prints the expected outcome of every input.
The default, small corpus runs in seconds and is what ``tests/test_hostile.py`` uses, with
``--max-bytes`` set to :data:`SMALL_MAX_BYTES`; ``--large`` adds the issue's sizes (a 100 MB
file, a 20 MB single line, a 40 MB file of paragraphs) for ``benchmarks/bench_hostile.py``,
run with the default limits. Nothing generated here is committed. All text is written here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import unicodedata
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"

#: ``--max-bytes`` for the small corpus: "over-limit.txt" is above it, "one-line.txt" below.
SMALL_MAX_BYTES = 1_000_000

_SENTENCES = (
    "The harbour authority said on Monday that the new ferry terminal would open in June.",
    "Officials expect about 4,000 passengers a day once the second berth is finished.",
    "Local traders welcomed the plan, although some worried about parking near the quay.",
    "A spokesperson for the council declined to comment on the final cost of the project.",
    "Work on the breakwater is expected to continue through the winter, weather permitting.",
)
# A little damage so that outputs differ from inputs and edits are reported.
_DAMAGED = ("The caf\u00c3\u00a9 on the pier reopened &amp; the queue didn\u00e2\u20ac\u2122t shrink.",)

# Expected outcome of each committed case: None = repaired ("ok"); a string = an error whose
# message contains it.
EXPECTED_CASES: dict[str, str | None] = {
    "fm-alias-bomb.md": "alias bomb",
    "fm-merge-bomb.md": "alias bomb",
    "fm-deep-flow.md": "nests deeper than",
    "fm-deep-block.md": "nests deeper than",
    "fm-deep-unclosed.md": "nests deeper than",
    "fm-python-apply.md": "uses the YAML tag !!python/object/apply:os.system",
    "fm-python-name.md": "uses the YAML tag !!python/name:os.system",
    "fm-recursive-alias.md": "refers to itself",
    "fm-huge-number.md": "number of 20,002 characters",
    "fm-bad-date.md": "invalid value in front matter",
    "fm-not-a-mapping.md": "must be a mapping",
    "fm-unclosed.md": None,  # no closing line: not front matter, just text
    "nul-bytes.txt": None,
    "invalid-utf8-middle.txt": None,
    "mixed-line-endings.txt": None,
    "bom-utf8.txt": None,
    "bom-utf16le.txt": None,
    "rtl-mixed.txt": None,
    "combining-marks.txt": None,
    "name with spaces.txt": None,
    "ñandú café 日本語.txt": None,
    "emoji 📰 news.md": None,
    "control-chars.txt": None,
    "zero-width-spam.txt": None,
    "crlf-blank-lines.txt": None,
    "spaces-run.txt": None,
    "punctuation-run.txt": None,
    "one-char-lines.txt": None,
    "a-a-a.txt": None,
    "nested-brackets.txt": None,
    "html-unclosed.txt": None,
    "mojibake-long-line.txt": None,
    "binary.bin": "binary",
    "empty.txt": "empty",
    "utf16-no-bom.txt": "UTF-16",
    "report.jsonl": "overwrite the run report",
}


def prose(n_chars: int, *, paragraphs: bool = True, damage_every: int = 1) -> str:
    """About ``n_chars`` of news-like prose (one line when ``paragraphs`` is False), with a damaged
    sentence (mojibake, an entity) after every ``damage_every`` rounds of the plain ones (0: none)."""
    block = _unit(paragraphs, damage_every)
    return (block * (n_chars // len(block) + 1))[:n_chars].rstrip() + "\n"


def _unit(paragraphs: bool, damage_every: int) -> str:
    """The repeating block of :func:`prose`: whole sentences, each followed by its separator."""
    sep = "\n\n" if paragraphs else " "
    sentences = list(_SENTENCES) * max(damage_every, 1) + (list(_DAMAGED) if damage_every else [])
    return sep.join(sentences) + sep


def _write_prose(path: Path, n_chars: int, *, paragraphs: bool, damage_every: int = 1) -> None:
    """Write prose in blocks of ~1 MB, so a 100 MB file does not need 100 MB of memory here."""
    unit = _unit(paragraphs, damage_every)  # whole sentences, so the blocks join seamlessly
    block = unit * ((1 << 20) // len(unit))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        left = n_chars - 1
        while left > 0:
            piece = block[: min(left, len(block))]
            fh.write(piece)
            left -= len(piece)
        fh.write("\n")


def build(dest: Path, *, large: bool = False) -> dict[str, str | None]:
    """Create ``dest/src`` and ``dest/outside.txt``; return the expected outcome per input path."""
    src = dest / "src"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    expected = dict(EXPECTED_CASES)
    for name in EXPECTED_CASES:
        shutil.copyfile(CASES / name, src / name)

    # Front matter over 256 KiB (several megabytes with --large): refused before YAML sees it.
    keys = "".join(f"key{i}: value number {i}\n" for i in range(150_000 if large else 12_000))
    (src / "fm-huge.md").write_text("---\n" + keys + "---\n" + prose(2000), encoding="utf-8")
    expected["fm-huge.md"] = "over the limit of 262,144"

    # Huge files: one over the byte limit, one single line under it.
    if large:
        _write_prose(src / "over-limit.txt", 100_000_000, paragraphs=True)  # default limit: 50 MB
        # (damage every 10 / 20 rounds: ~20,000 edits each, under the default --max-edits)
        _write_prose(src / "one-line.txt", 20_000_000, paragraphs=False, damage_every=10)
        _write_prose(src / "paragraphs-40mb.txt", 40_000_000, paragraphs=True, damage_every=20)
        expected["paragraphs-40mb.txt"] = None
    else:
        _write_prose(src / "over-limit.txt", SMALL_MAX_BYTES + 200_000, paragraphs=True)
        _write_prose(src / "one-line.txt", 600_000, paragraphs=False)
    expected["over-limit.txt"] = "over the limit of"
    expected["one-line.txt"] = None

    # Edits beyond --max-edits (default 100,000): a zero-width space after every character.
    (src / "zero-width-everywhere.txt").write_text("\u200b".join("x" * 120_000) + "\n", encoding="utf-8")
    expected["zero-width-everywhere.txt"] = "edits"

    # Names: NFC and NFD forms of one name are two files on Linux and must give two outputs;
    # a name that is not UTF-8 at all.
    nfc = unicodedata.normalize("NFC", "café-nfc-nfd.txt")
    nfd = unicodedata.normalize("NFD", nfc)
    (src / nfc).write_text("Composed name.\n", encoding="utf-8")
    (src / nfd).write_text("Decomposed name.\n", encoding="utf-8")
    expected[nfc] = expected[nfd] = None
    if sys.platform != "darwin":  # macOS refuses names that are not UTF-8
        raw = os.fsencode(src) + b"/latin1-name-\xe9.txt"
        with open(raw, "wb") as fh:
            fh.write(b"A file whose name is not UTF-8.\n")
        expected[os.fsdecode(raw)[len(str(src)) + 1 :]] = None

    # The file system: links out of SRC, loops, broken links, a FIFO, a folder named like a file.
    outside = dest / "outside.txt"
    outside.write_text("This file is outside the input folder and must not be read.\n", encoding="utf-8")
    links = src / "links"
    links.mkdir()
    os.symlink(outside, links / "outside.txt")
    expected["links/outside.txt"] = "outside the input folder"
    os.symlink("../nul-bytes.txt", links / "inside.txt")
    expected["links/inside.txt"] = None
    os.symlink("..", links / "loop")
    expected["links/loop"] = "link to a folder"
    os.symlink("self-loop.txt", links / "self-loop.txt")
    expected["links/self-loop.txt"] = "broken symbolic link"
    os.symlink("b-loop.txt", links / "a-loop.txt")
    os.symlink("a-loop.txt", links / "b-loop.txt")
    expected["links/a-loop.txt"] = expected["links/b-loop.txt"] = "broken symbolic link"
    os.symlink("missing.txt", links / "broken.txt")
    expected["links/broken.txt"] = "broken symbolic link"
    if hasattr(os, "mkfifo"):
        os.mkfifo(src / "fifo.txt")
        expected["fifo.txt"] = "FIFO"
    (src / "folder.txt").mkdir()
    (src / "folder.txt" / "inside.txt").write_text(prose(500), encoding="utf-8")
    expected["folder.txt/inside.txt"] = None
    nested = src / "sub" / "report.jsonl"  # only the top-level name is reserved
    nested.parent.mkdir()
    nested.write_text(prose(300), encoding="utf-8")
    expected["sub/report.jsonl"] = None
    return expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--large", action="store_true", help="add the 100 MB / 20 MB / 40 MB files")
    args = ap.parse_args(argv)
    expected = build(args.dest, large=args.large)
    for rel, want in sorted(expected.items()):
        print(f"{rel!r}\t{'ok' if want is None else 'error: ' + want}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
