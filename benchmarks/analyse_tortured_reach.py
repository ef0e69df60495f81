"""Tortured phrases: why the expected term is not among a held-out row's candidates (reach misses).

    python benchmarks/analyse_tortured_reach.py [--split row,term] [--min-papers 10] [--show 15]
    python benchmarks/analyse_tortured_reach.py --hierarchy hgo --part fit   # what WordNet hierarchy links add

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

With ``--hierarchy RELS`` (letters of :data:`textrepair.lexical.hierarchy.RELATIONS`), a second
model with ``ScienceModel(hierarchy=RELS)`` generates the candidates of every missed row too: per
cause, how many rows it reaches, and how many hierarchy candidates it adds per content word.
``--part fit`` analyses the split's fit part out of fold instead (3 inner folds by expected term,
each with the table of the other two), leaving the report part unseen.
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


def analyse(kind: str, rows, terms, min_papers: int, show: int, part: str = "report",
            hierarchy: str = "", **kw) -> None:
    fit_rows, test = B.split(rows, kind)
    if part == "fit":  # out of fold on the fit part: the report part stays unseen
        fs = B.folds(fit_rows)
        jobs = [([x for m, f in enumerate(fs) if m != n for x in f], fs[n]) for n in range(len(fs))]
    else:
        jobs = [(fit_rows, test)]
    every: Counter[str] = Counter()
    only: Counter[str] = Counter()
    fixed: Counter[str] = Counter()
    fixed_only: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    missed = reached_h = lost = n_rows = 0
    added: list[int] = []
    for train, rows_here in jobs:
        model = B.make_model(train, terms, **kw)
        hmodel = B.make_model(train, terms, hierarchy=hierarchy, **kw) if hierarchy else None
        for t, e, p in (r for r in rows_here if r[2] >= min_papers):
            n_rows += 1
            tw, ew = T.words_of(t), tuple(T.words_of(e))
            if hmodel is not None:
                added.extend(hierarchy_added(model, hmodel, tw))
            if any(B.same(c.words, ew) for c in model.candidates(tw)):
                # more options can push a reached term out of the beam
                lost += hmodel is not None and not any(B.same(c.words, ew) for c in hmodel.candidates(tw))
                continue
            missed += 1
            causes, bad = row_causes(model, tw, ew)
            one = causes[0] if len(causes) == 1 and len(bad) <= 1 else ""
            if one:
                only[one] += 1
            every.update(causes)
            reached = hmodel is not None and any(B.same(c.words, ew) for c in hmodel.candidates(tw))
            if reached:
                reached_h += 1
                fixed.update(causes)
                if one:
                    fixed_only[one] += 1
            for c in causes:
                examples.setdefault(c, []).append(
                    f"{t!r} -> {e!r} ({p} papers): " + ", ".join(f"{s} -> {o} [{c2}]" for s, o, c2 in bad)
                    + (" [reached with hierarchy]" if reached else ""))
    where = "fit-part rows (out of fold)" if part == "fit" else "report rows"
    print(f"split by {kind}: {n_rows} {where} in >= {min_papers} papers, expected term reached "
          f"{n_rows - missed} ({(n_rows - missed) / max(1, n_rows):.3f}), missed {missed}")
    print("  cause                rows with it   rows with only it (one unit)"
          + ("   reached with hierarchy: with it / only it" if hierarchy else ""))
    for c, n in every.most_common():
        extra = f"   {fixed[c]:>12} / {fixed_only[c]}" if hierarchy else ""
        print(f"  {c:<20} {n:>12}   {only[c]:>12}{extra}")
    if hierarchy:
        after = (n_rows - missed + reached_h - lost) / max(1, n_rows)
        print(f"  hierarchy {hierarchy!r}: reaches {reached_h} of the {missed} missed rows, loses {lost} (reach "
              f"{(n_rows - missed) / max(1, n_rows):.3f} -> {after:.3f}); "
              f"new one-word options per content word: mean {sum(added) / max(1, len(added)):.1f}, "
              f"median {sorted(added)[len(added) // 2] if added else 0}, max {max(added, default=0)} "
              f"({len(added)} words)")
    for c, xs in examples.items():
        print(f"  e.g. {c}:")
        for x in xs[:show]:
            print("    " + x)


def hierarchy_added(model: T.ScienceModel, hmodel: T.ScienceModel, ws) -> list[int]:
    """Per content word of ``ws``, how many one-word options ``hmodel`` adds to ``model``'s."""
    out = []
    for w in ws:
        if w not in T._STOP:
            base = {o for _, o, _, _, _ in model._options([w], 0)}
            out.append(sum(1 for _o, f, _lp in hmodel._hierarchy_links(w) if f not in base))
    return out


def row_causes(model: T.ScienceModel, tw, ew) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(causes, units the model cannot produce with their cause) of a missed row."""
    al = T.align_words(tw, ew)
    if al is None:
        return ["unaligned"], []
    listed = bool(model.known(ew)) and model.known(ew) != "collocation"
    bad = [(s, o, unit_causes(model, s, o, listed)) for s, o in al]
    bad = [(s, o, c) for s, o, c in bad if c]
    return sorted({c for _, _, c in bad}) or ["pruned"], bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="row,term")
    ap.add_argument("--min-papers", type=int, default=B.FREQUENT_PAPERS)
    ap.add_argument("--show", type=int, default=8)
    ap.add_argument("--lemma-thesaurus", action="store_true",
                    help="the beam also follows the thesaurus through a word's lemmas (measured, off by default)")
    ap.add_argument("--hierarchy", default="", metavar="RELS",
                    help="also count what ScienceModel(hierarchy=RELS) reaches (letters of hgod; measured)")
    ap.add_argument("--part", choices=("report", "fit"), default="report",
                    help="analyse the report rows, or the fit part out of fold (3 inner folds)")
    ap.add_argument("--hierarchy-terms-only", action="store_true",
                    help="with --hierarchy: its links only inside listed terms (ScienceModel(hierarchy_beam=False))")
    args = ap.parse_args(argv)
    if args.hierarchy_terms_only:
        B.MODEL_OPTIONS["hierarchy_beam"] = False
    if not B.PAIRS.is_file():
        print(f"skipped: {B.PAIRS} not found")
        return 0
    rows = B.read_rows()
    terms = T.packaged_terms(("wordnet", "curated"))
    for kind in args.split.split(","):
        analyse(kind, rows, terms, args.min_papers, args.show, part=args.part, hierarchy=args.hierarchy,
                thesaurus_lemmas=args.lemma_thesaurus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
