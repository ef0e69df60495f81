"""Tortured phrases: why the expected term is not among a held-out row's candidates (reach misses).

    python benchmarks/analyse_tortured_reach.py [--split row,term] [--min-papers 10] [--show 15]

For each split of ``bench_tortured.py`` (same seeds), a model with the word table of the fit part
(the constants do not matter: candidates come before the features) generates the candidates of
every report row found in at least ``--min-papers`` papers. For each row whose expected term is not
among them, the pair is aligned unit by unit (``align_words``) and each unit the model cannot
produce is classed:

- ``link only, term not listed``: the term-driven generator links the words (through a lemma, or a
  thesaurus link the beam does not follow), but only inside a listed term, and this one is not;
- ``inflection``: the model reaches the expected word in another inflection only (network / networks);
- ``two hops``: the expected word is a thesaurus neighbour of one of the spun word's neighbours;
- ``word count``: a unit of 2-3 spun words or of two expected words the table never showed;
- ``unseen``: the spun word (and its lemmas) never appeared in the fit part's table, no link;
- ``other original``: the table knows the spun word, but not for this original, and no link.

A row whose every unit is producible but whose term is missing was pruned (beam / term list);
``unaligned`` rows could not be aligned at all. Prints the counts (every cause, and rows with one
cause only: the reach a fix of that cause alone would add) and examples.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_tortured as B  # noqa: E402
from bench_tortured import T  # noqa: E402
from textrepair.lexical import lexicon  # noqa: E402


def beam_options(model: T.ScienceModel, s: str) -> set[str]:
    """What the beam may write for spun unit ``s`` (any term)."""
    ws = s.split()
    return {x for n, x, _, _, _ in model._options(ws, 0) if n == len(ws)}


def link_options(model: T.ScienceModel, s: str) -> set[str]:
    """What the term-driven generator may write for ``s`` (only inside a listed term)."""
    return {v[0] for v in model.links(s).values()} if " " not in s else set()


def unit_causes(model: T.ScienceModel, s: str, o: str, listed: bool) -> str | None:
    """Why the model cannot write ``o`` for ``s`` (None if it can); ``listed``: the expected term is
    in the vocabulary (so term links count)."""
    if s == o or (" " not in s + o and T._same_lemma(s, o)):
        return None
    beam = beam_options(model, s)
    link = link_options(model, s)
    if o in beam or (listed and o in link):
        return None
    if " " in s or " " in o:
        return "word count"
    if o in link:
        return "link only, term not listed"
    lem = set(lexicon.lemmas(o))
    made = beam | link
    if any(set(lexicon.lemmas(x)) & lem for x in made if " " not in x):
        return "inflection"
    first = {x for x in made if x != s}
    if any(o in lexicon.synonyms(x) for x in first):
        return "two hops"
    known = model.table.totals.get(s, 0) or any(model.table.totals.get(b, 0) for b in lexicon.lemmas(s))
    return "other original" if known else "unseen"


def analyse(kind: str, rows, terms, min_papers: int, show: int, **kw) -> None:
    fit_rows, test = B.split(rows, kind)
    model = B.make_model(fit_rows, terms, **kw)
    freq = [r for r in test if r[2] >= min_papers]
    every: Counter[str] = Counter()
    only: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    missed = 0
    for t, e, p in freq:
        tw, ew = T.words_of(t), tuple(T.words_of(e))
        if any(B.same(c.words, ew) for c in model.candidates(tw)):
            continue
        missed += 1
        al = T.align_words(tw, ew)
        if al is None:
            causes = ["unaligned"]
            bad = []
        else:
            listed = bool(model.known(ew)) and model.known(ew) != "collocation"
            bad = [(s, o, unit_causes(model, s, o, listed)) for s, o in al]
            bad = [(s, o, c) for s, o, c in bad if c]
            causes = sorted({c for _, _, c in bad}) or ["pruned"]
        every.update(causes)
        if len(causes) == 1 and len(bad) <= 1:
            only[causes[0]] += 1
        for c in causes:
            examples.setdefault(c, []).append(
                f"{t!r} -> {e!r} ({p} papers): " + ", ".join(f"{s} -> {o} [{c2}]" for s, o, c2 in bad))
    print(f"split by {kind}: {len(freq)} report rows in >= {min_papers} papers, expected term reached "
          f"{len(freq) - missed} ({(len(freq) - missed) / max(1, len(freq)):.3f}), missed {missed}")
    print("  cause                rows with it   rows with only it (one unit)")
    for c, n in every.most_common():
        print(f"  {c:<20} {n:>12}   {only[c]:>12}")
    for c, xs in examples.items():
        print(f"  e.g. {c}:")
        for x in xs[:show]:
            print("    " + x)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="row,term")
    ap.add_argument("--min-papers", type=int, default=B.FREQUENT_PAPERS)
    ap.add_argument("--show", type=int, default=8)
    ap.add_argument("--lemma-thesaurus", action="store_true",
                    help="the beam also follows the thesaurus through a word's lemmas (measured, off by default)")
    args = ap.parse_args(argv)
    if not B.PAIRS.is_file():
        print(f"skipped: {B.PAIRS} not found")
        return 0
    rows = B.read_rows()
    terms = T.packaged_terms(("wordnet", "curated"))
    for kind in args.split.split(","):
        analyse(kind, rows, terms, args.min_papers, args.show, thesaurus_lemmas=args.lemma_thesaurus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
