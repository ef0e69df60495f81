"""Linking against a folder of plain articles (``link --records FOLDER``, issue 10): a journalist's case.

Builds at run time, in a temporary folder (nothing from ../shared is committed), one plain article
per original of ../shared/corpus/pairs and corpus/dict (its original.txt as found: the first line
is taken as the title, whatever it is), then links through ``load_records`` + ``RecordIndex``:

- every spun copy: is its top link its own original (or a byte-identical copy of it: some
  originals were spun more than once)?
- every corpus/clean text (unrelated news): is it linked to any article (a false link)?
- holding each original out in turn: is its spun copy then linked to another article?

Nothing is fitted here: the article rules (first line = title up to 200 characters, excerpt =
the first 2,500 characters of the text cut at a sentence end) are fixed in textrepair.link.records.

Run: python benchmarks/bench_link_articles.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.text.document import read_document  # noqa: E402
from textrepair.link import RecordIndex  # noqa: E402
from textrepair.link.records import load_records  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} not found: nothing to measure")
        return 0
    pairs = [d for kind in ("pairs", "dict") for d in sorted((SHARED / kind).iterdir())
             if (d / "original.txt").is_file() and (d / "spun.txt").is_file()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for d in pairs:
            shutil.copy(d / "original.txt", folder / f"{d.parent.name}_{d.name}.txt")
        t0 = time.monotonic()
        records, problems = load_records(folder)
        index = RecordIndex(records)
        t_load = time.monotonic() - t0
        right = wrong = none = 0
        t1 = time.monotonic()
        for d in pairs:
            links = index.link_document(read_document(d / "spun.txt"))
            want = (d / "original.txt").read_bytes()
            if not links:
                none += 1
            elif (folder / links[0].record.id).read_bytes() == want:
                right += 1
            else:
                wrong += 1
                print(f"  wrong: {d.parent.name}/{d.name} -> {links[0].record.id} ({links[0].score:.2f})")
        t_link = time.monotonic() - t1
        clean = sorted((SHARED / "clean").glob("*.txt"))
        false_links = 0
        for f in clean:
            links = index.link_document(read_document(f))
            if links:
                false_links += 1
                print(f"  clean/{f.name} linked to {links[0].record.id} ({links[0].score:.2f})")
        held_false = 0
        for d in pairs:
            want = (d / "original.txt").read_bytes()
            others = [r for r in records if (folder / r.id).read_bytes() != want]
            links = RecordIndex(others).link_document(read_document(d / "spun.txt"))
            if links:
                held_false += 1
                print(f"  held out {d.parent.name}/{d.name}: linked to {links[0].record.id} ({links[0].score:.2f})")
    print(f"articles: {len(records)} loaded, {len(problems)} problems ({t_load:.2f} s incl. index)")
    print(f"spun copies: {right}/{len(pairs)} linked to their original, {wrong} to another, {none} unlinked "
          f"({t_link:.1f} s)")
    print(f"clean texts: {false_links}/{len(clean)} linked to an article (false links)")
    print(f"original held out: {held_false}/{len(pairs)} spun copies linked to another article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
