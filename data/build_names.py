"""Build textrepair/data/names-news.tsv: spun variants of multiword names -> canonical name.

Run:  python data/build_names.py     (after data/build_spinner_table.py)

Each canonical name in data/names_curated.txt is spun forward with the spinner-news table (every
original word or 2-3 word phrase of the name replaced by each of its spun forms, in title case), as a
dictionary spinner would ("BuzzFeed News" -> "BuzzFeed Information", "General Data Protection
Regulation" -> "Normal Knowledge Safety Regulation"). Names with no spinnable word are dropped.
At most MAX_VARIANTS variants per name: up to MAX_FULL fully spun ones (names with 3+ spinnable
parts), then fewest substitutions first. A multiword replacement is cased the spinner's way (first
letter only: "Well being") and in title case. Variants that are themselves a
canonical name are dropped. Rows: observed = variant, original = canonical name, weight 0.95 (a spun
multiword name almost never occurs in clean text; 0.8 for one substitution in a two-word name),
flags cs,name.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.lexical.tables import PhraseEntry, PhraseTable, format_table, parse_table  # noqa: E402

CURATED = ROOT / "data" / "names_curated.txt"
SPINNER = ROOT / "textrepair" / "data" / "spinner-news.tsv"
OUT = ROOT / "textrepair" / "data" / "names-news.tsv"
MAX_VARIANTS = 40
WEIGHT = 0.95        # >= 2 substitutions, or a name of 3+ words
WEIGHT_SHORT = 0.8   # one substitution in a two-word name ("Main Street" -> "Major Road" is 2): less specific
_SMALL = frozenset("a an and as at by for from in into of on or the to with".split())


def forward_map() -> dict[str, list[str]]:
    """original -> spun forms; case-sensitive originals keyed as written, others lowercase."""
    table = parse_table(SPINNER.read_text(encoding="utf-8"), origin=str(SPINNER))
    out: dict[str, list[str]] = defaultdict(list)
    for e in table.entries:
        if "date" in e.flags:
            continue
        key = e.original if e.case_sensitive else e.original.lower()
        if e.spun not in out[key]:
            out[key].append(e.spun)
    return out


def _title(phrase: str) -> str:
    return " ".join(w if w in _SMALL or w[:1].isupper() else w[:1].upper() + w[1:] for w in phrase.split(" "))


def _cap_first(phrase: str) -> str:
    """The spinner's own casing: it capitalises only the first letter of a multiword replacement
    ("Long-Term" -> "Lengthy-Time period" in corpus/dict, so "World Health Organization" ->
    "World Well being Group", "Trading" -> "Buying and selling")."""
    return phrase[:1].upper() + phrase[1:]


def _cased(chunk: str, form: str) -> list[str]:
    """Spun ``form`` cased like the capitalised ``chunk`` it replaces: spinner casing first, then
    title case (hand-edited copies), deduplicated."""
    if not chunk[:1].isupper():
        return [form]
    return list(dict.fromkeys([_cap_first(form), _title(form)]))


def options(words: list[str], i: int, fwd: dict[str, list[str]]) -> list[tuple[int, str]]:
    """(length, replacement) choices for the words starting at ``i`` (spun forms only)."""
    out: list[tuple[int, str]] = []
    for n in (3, 2, 1):
        if i + n > len(words):
            continue
        chunk = " ".join(words[i:i + n])
        if n == 1 and chunk.lower() in _SMALL:
            continue
        forms = list(fwd.get(chunk, ()))
        if chunk[:1].isupper():
            forms += list(fwd.get(chunk.lower(), ()))
        cased = [c for f in dict.fromkeys(forms) for c in _cased(chunk, f)]
        for f in dict.fromkeys(cased):
            if f != chunk and f.lower() != chunk.lower():
                out.append((n, f))
    return out


#: Fully spun variants listed before the 1..4-substitution ones (a dictionary spinner rewrites
#: every word it can, so the fully spun name is the likeliest single variant of a long name).
MAX_FULL = 8


def _full_variants(words: list[str], fwd: dict[str, list[str]],
                   choices: list[tuple[int, int, str]]) -> list[tuple[str, int]]:
    """Every spinnable position substituted (longest chunk first), the first few form combinations."""
    slots: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(words):
        here = [(n, rep) for j, n, rep in choices if j == i]
        if not here:
            i += 1
            continue
        n = max(k for k, _ in here)
        slots.append((i, n, [rep for k, rep in here if k == n]))
        i += n
    if len(slots) < 3:  # short names: the 1..4-substitution enumeration already covers them
        return []
    out: list[tuple[str, int]] = []
    for reps in itertools.islice(itertools.product(*(s[2] for s in slots)), MAX_FULL):
        res, pos = [], 0
        for (i, n, _), rep in zip(slots, reps):
            res.extend(words[pos:i])
            res.append(rep)
            pos = i + n
        res.extend(words[pos:])
        out.append((" ".join(res), len(slots)))
    return list(dict.fromkeys(out))


def variants(name: str, fwd: dict[str, list[str]]) -> list[tuple[str, int]]:
    words = name.split(" ")
    # positions and their substitution choices; choose disjoint sets, fewest substitutions first
    choices = [(i, n, rep) for i in range(len(words)) for n, rep in options(words, i, fwd)]
    out: list[tuple[str, int]] = _full_variants(words, fwd, choices)
    for k in range(1, min(4, len(choices)) + 1):
        for combo in itertools.combinations(choices, k):
            spans = sorted((i, i + n) for i, n, _ in combo)
            if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
                continue
            res, pos = [], 0
            for i, n, rep in sorted(combo):
                res.extend(words[pos:i])
                res.append(rep)
                pos = i + n
            res.extend(words[pos:])
            v = " ".join(res)
            if v != name and v not in (o for o, _ in out):
                out.append((v, k))
            if len(out) >= MAX_VARIANTS:
                return out
    return out


def main() -> int:
    fwd = forward_map()
    names = [ln.strip() for ln in CURATED.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    canon = set(names)
    entries: list[PhraseEntry] = []
    kept = 0
    seen: set[tuple[str, str]] = set()
    for name in dict.fromkeys(names):
        vs = [(v, k) for v, k in variants(name, fwd) if v not in canon]
        if not vs:
            continue
        kept += 1
        for v, k in vs:
            if (v, name) in seen:
                continue
            seen.add((v, name))
            w = WEIGHT if k >= 2 or len(name.split()) >= 3 else WEIGHT_SHORT
            entries.append(PhraseEntry(v, name, w, f"curated name; {k} substitution(s) by the spinner-news table",
                                       frozenset({"cs", "name"})))
    desc = ("Spun variants of multiword names (outlets, agencies, laws, products, places) -> canonical name. "
            "Canonical names curated in data/names_curated.txt; variants generated by data/build_names.py by "
            "applying the spinner-news table forward (1-4 substitutions per name, at most "
            f"{MAX_VARIANTS}). Weight {WEIGHT}: a spun multiword name almost never occurs in clean text "
            f"({WEIGHT_SHORT} for a single substitution in a two-word name).")
    OUT.write_text(format_table(PhraseTable("names-news", 1, tuple(entries), desc)), encoding="utf-8")
    print(f"{kept} of {len(canon)} names spinnable; {len(entries)} variant rows -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
