"""Build the science domain's data in textrepair/data/: the tortured-phrase word table and the term vocabulary.

Run (CI never runs this; it loads the committed outputs):

    python data/build_science_table.py [--pairs ../shared/corpus/tortured/dev_pairs.tsv]
    python data/build_science_table.py --terms-only   # science-terms.tsv.gz only; reads no pairs

Sources (build time only):
- ``tortured-words.tsv`` (phrase-table format, textrepair.lexical.tables): word-level substitutions learned
  from the tortured-phrase pairs of the Problematic Paper Screener export (the development copy
  ``corpus/tortured/dev_pairs.tsv``: 2,965 plain (tortured, expected) rows, the rarer part of the
  export as kept in the public repository hahuyhoang411/tortured-phrase, data/tortured.csv). Every
  row is fitted on ALL dev rows (the acceptance set is other rows); each pair is aligned word by
  word (textrepair.spin.tortured.align_words) and only the aligned units are written, with how many
  aligned pairs show them ("pps-dev: 4 of 5 aligned"): the phrase rows themselves are not shipped.
  A unit kept as written is a row too (spun == original): it tells how often a word is *not*
  substituted.
- ``science-terms.tsv.gz``: multiword lemmas of WordNet 3.0 (Debian ``wordnet-base``,
  /usr/share/wordnet/data.*; licence in data/LICENSES/WordNet), lowercase, 2-5 words of letters,
  hyphens and apostrophes, source "wordnet"; plus ``data/science_terms_curated.txt`` (common terms of
  scientific writing written from general knowledge for this project, source "curated"): the "known
  term" vocabulary. (Measured and left out: the symspellpy bigram list and Moby's multiword entries;
  see docs/tortured-phrases.md.)
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "textrepair" / "data"
WORDNET = Path("/usr/share/wordnet")
DEFAULT_PAIRS = ROOT.parent / "shared" / "corpus" / "tortured" / "dev_pairs.tsv"
SOURCE = "pps-dev"
_TERM_OK = re.compile(r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){1,4}$")


def read_pairs(path: Path) -> list[tuple[str, str, int]]:
    """(tortured, expected, papers) rows of a dev_pairs.tsv file (header skipped)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        parts = line.split("\t")
        if n == 0 and parts[:2] == ["tortured", "expected"]:
            continue
        if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
            papers = int(parts[2]) if len(parts) > 2 and parts[2].strip().isdigit() else 0
            rows.append((parts[0].strip(), parts[1].strip(), papers))
    return rows


def wordnet_terms(root: Path = WORDNET) -> list[str]:
    """Multiword WordNet lemmas (lowercase, spaces), sorted."""
    out: set[str] = set()
    for f in sorted(root.glob("data.*")):
        for line in f.read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            p = line.split()
            n = int(p[3], 16)
            for k in range(n):
                w = re.sub(r"\(.*\)$", "", p[4 + 2 * k]).lower().replace("_", " ")
                if _TERM_OK.match(w):
                    out.add(w)
    return sorted(out)


def build_word_table(rows: list[tuple[str, str, int]]) -> str:
    from textrepair.lexical.tables import PhraseEntry, format_table
    from textrepair.spin.tortured import learn_substitutions, table_rows

    table = learn_substitutions(((t, e) for t, e, _ in rows), source=SOURCE)
    entries = [PhraseEntry(s, o, min(1.0, w), src) for s, o, w, src in table_rows(table)]
    desc = (f"Tortured-phrase word substitutions (spun -> original) aligned from {len(rows):,} plain rows of the "
            "Problematic Paper Screener tortured-phrase export (dev copy; rows not shipped). "
            "weight = count / (total + 1); source gives the counts; spun == original rows count words kept.")
    return format_table(entries, name="tortured-words", description=desc)


def write_terms() -> int:
    """Write ``science-terms.tsv.gz`` from WordNet and the curated list; the number of terms."""
    wn = wordnet_terms()
    curated = [ln.strip().lower() for ln in (ROOT / "data" / "science_terms_curated.txt").read_text(encoding="utf-8").splitlines()
               if ln.strip() and not ln.startswith("#")]
    source = {t: "wordnet" for t in wn}
    for t in curated:
        source[t] = "curated" if t not in source else source[t]
    terms = sorted(source)
    body = ("# Multiword terms: WordNet 3.0 lemmas (Princeton WordNet licence: data/LICENSES/WordNet) and the\n"
            "# project's curated list (data/science_terms_curated.txt)\n" + "".join(f"{t}\t{source[t]}\n" for t in terms))
    (OUT / "science-terms.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    return len(terms)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    # The term vocabulary does not depend on the pairs: rebuilding it alone keeps the word table as committed.
    ap.add_argument("--terms-only", action="store_true", help="rebuild science-terms.tsv.gz only (reads no pairs)")
    args = ap.parse_args(argv)
    if not (WORDNET / "data.noun").is_file():
        raise SystemExit("WordNet 3.0 missing: apt-get install -y wordnet-base")
    if args.terms_only:
        print(f"science-terms.tsv.gz: {write_terms():,} terms", file=sys.stderr)
        return 0
    if not args.pairs.is_file():
        raise SystemExit(f"{args.pairs}: no tortured-phrase pairs to learn from")
    rows = read_pairs(args.pairs)
    text = build_word_table(rows)
    (OUT / "tortured-words.tsv").write_text(text, encoding="utf-8")
    n = write_terms()
    print(f"tortured-words.tsv: {text.count(chr(10)) - 4} rows; science-terms.tsv.gz: {n:,} terms",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
