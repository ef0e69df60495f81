"""Build textrepair/data/spinner-news.tsv from data/spinner_curated.txt, with weights and evidence.

Run:  python data/build_spinner_table.py [--shared ../shared] [--report]

Steps
1. Parse the curated list (spinner direction: original = spun | spun ...; syntax in its header).
2. Expand inflections (pos=n: plurals; pos=v: -s, past, participle, -ing) unless the inflected
   original has its own curated line.
3. Invert to observed (spun) -> originals and estimate weight = P(original | observed, in spun text):
   prior from a spinner model scored with the pocketsphinx 3-gram LM (BSD), then updated with the
   evidence counted on the real dictionary-spinner pairs in ../shared/corpus/dict (see ``weigh``).
4. Write the table (the data file only holds the observed/original pairs, weights and sources;
   no corpus text).

The weight rule (also written into the table's #description):
    prior_c  = f(c)·r/n_c / (Σ_c' f(c')·r/n_c' + f(o)·(1 - r·[o is itself an original]))
      f = LM probability of the phrase (chain of 3-gram probabilities), r = spin rate measured on
      the dict pairs, n_c = number of spun forms listed for c;
    post_c   = (k_c + A·prior_c) / (n_o + A), A = 4 pseudo-counts, k_c = occurrences of observed o
      in aligned spun sentences whose original sentence has c instead, n_o = occurrences of o;
    cap      = by tier of the observed form's LM zipf (log10 P(phrase) + 9): < 2.5 -> 0.99, < 3.5 -> 0.85,
      < 4.5 -> 0.6, else 0.4; one tier lower if the form occurs in unspun news (corpus/clean and the
      pairs' originals), one tier higher if the dict pairs show it spun in >= 75% of >= 3 occurrences;
    weight   = min(post_c, cap); artefacts (not English): max(weight, 0.98 · share of c).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.lexical import inflect  # noqa: E402
from textrepair.lexical.tables import PhraseEntry, PhraseTable, format_table  # noqa: E402

CURATED = ROOT / "data" / "spinner_curated.txt"
OUT = ROOT / "textrepair" / "data" / "spinner-news.tsv"
DEFAULT_SRC = "curated: common spinner output"
PSEUDO = 4.0


@dataclass
class Forward:
    original: str
    spun: list[tuple[str, bool]]  # (form, artefact)
    pos: str = ""
    flags: set[str] = field(default_factory=set)
    src: str = DEFAULT_SRC
    fixed_weight: float | None = None
    derived: bool = False


def parse_curated(path: Path) -> list[Forward]:
    out: list[Forward] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if " = " not in line:
            raise SystemExit(f"{path}:{lineno}: expected 'original = spun | ...'")
        original, rest = line.split(" = ", 1)
        parts = [p.strip() for p in rest.split(" ; ")]
        spun: list[tuple[str, bool]] = []
        for form in parts[0].split(" | "):
            form = form.strip()
            art = form.endswith("!")
            form = form.rstrip("!").strip()
            if form and form.lower() != original.strip().lower():
                spun.append((form, art))
        fw = Forward(original.strip(), spun)
        for kv in parts[1:]:
            key, _, val = kv.partition("=")
            key, val = key.strip(), val.strip()
            if key == "pos":
                fw.pos = val
            elif key == "flags":
                fw.flags |= {f.strip() for f in val.split(",") if f.strip()}
            elif key == "src":
                fw.src = val
            elif key == "w":
                fw.fixed_weight = float(val)
            else:
                raise SystemExit(f"{path}:{lineno}: unknown key {key!r}")
        if any(ch.isupper() for ch in fw.original):
            fw.flags.add("cs")
        out.append(fw)
    return out


def expand_inflections(entries: list[Forward]) -> list[Forward]:
    explicit = {e.original.lower() for e in entries}
    out = list(entries)
    for e in entries:
        if e.pos == "n":
            forms = [inflect.PLURAL]
        elif e.pos == "v":
            forms = [inflect.THIRD, inflect.PAST, inflect.PARTICIPLE, inflect.GERUND]
        else:
            continue
        for form in forms:
            orig = inflect.apply_form(e.original, form)
            if orig.lower() in explicit:
                continue
            spun = [(inflect.apply_form(s, form), a) for s, a in e.spun]
            explicit.add(orig.lower())
            out.append(Forward(orig, spun, "", set(e.flags), e.src + " (inflected)", None, True))
    return out


# --- language-model scoring --------------------------------------------------------------------

class LM:
    def __init__(self) -> None:
        import pocketsphinx as ps
        self.lm = ps.NGramModel.readfile(os.path.join(ps.get_model_path(), "en-us", "en-us.lm.bin"))
        self.k = math.log(1.0001) / math.log(10)

    def log10(self, phrase: str) -> float:
        ws = [w for w in re.findall(r"[a-z0-9'’.-]+", phrase.lower().replace("’", "'")) if w]
        total = 0.0
        for i, w in enumerate(ws):
            hist = ws[max(0, i - 2):i][::-1]
            total += max(self.lm.prob([w, *hist]) * self.k, -9.0)  # OOV ~ -23000: clamp
        return total

    def zipf(self, phrase: str) -> float:
        return self.log10(phrase) + 9.0


# --- corpus evidence ---------------------------------------------------------------------------

def _norm(s: str) -> str:
    return " ".join(re.findall(r"[\w'’.-]+", s.lower().replace("’", "'"))).replace(" .", ".")


def _count(phrase: str, sentence: str) -> int:
    return len(re.findall(r"(?<![\w'-])" + re.escape(phrase) + r"(?![\w'-])", sentence))


def aligned_sentences(shared: Path) -> list[tuple[str, str]]:
    from textrepair.text.align import align_sentences
    pairs: list[tuple[str, str]] = []
    for d in sorted((shared / "corpus" / "dict").iterdir()):
        o = (d / "original.txt").read_text(encoding="utf-8")
        s = (d / "spun.txt").read_text(encoding="utf-8")
        for p in align_sentences(o, s):
            pairs.append((_norm(p.a.of(o)), _norm(p.b.of(s))))
    return pairs


def evidence(pairs: list[tuple[str, str]], observed: str, originals: list[str]) -> tuple[int, Counter]:
    """Occurrences of ``observed`` in spun sentences, and how many line up with each original."""
    o = observed.lower()
    n = 0
    k: Counter = Counter()
    for orig, spun in pairs:
        cs = _count(o, spun)
        if not cs:
            continue
        n += cs
        unchanged = min(cs, _count(o, orig))
        left = cs - unchanged
        for c in originals:
            if left <= 0:
                break
            extra = _count(c.lower(), orig) - _count(c.lower(), spun)
            if extra > 0:
                got = min(extra, left)
                k[c] += got
                left -= got
    return n, k


def spin_rate(pairs: list[tuple[str, str]], forward: list[Forward]) -> float:
    """Share of occurrences of curated single-word originals that the spinner changed."""
    words = {e.original.lower() for e in forward if " " not in e.original and e.spun}
    seen = changed = 0
    for orig, spun in pairs:
        for w in set(orig.split()) & words:
            co, cs = _count(w, orig), _count(w, spun)
            seen += co
            changed += max(0, co - cs)
    return changed / max(1, seen)


# --- weighting ---------------------------------------------------------------------------------

# Weight caps by how ordinary the observed form is in English (pocketsphinx LM zipf of the phrase).
CAPS = (0.99, 0.85, 0.6, 0.4)


def _tier(zipf: float) -> int:
    return 0 if zipf < 2.5 else 1 if zipf < 3.5 else 2 if zipf < 4.5 else 3


def clean_text(shared: Path) -> str:
    """Unspun news (corpus/clean and every pair's original), normalised, for the 'used in clean news' test."""
    files = sorted((shared / "corpus" / "clean").glob("*.txt"))
    files += sorted((shared / "corpus").glob("*/*/original.txt"))
    return "\n".join(_norm(f.read_text(encoding="utf-8")) for f in files)


def weigh(forward: list[Forward], lm: LM, pairs: list[tuple[str, str]], r: float,
          clean: str = "") -> list[PhraseEntry]:
    inverse: dict[str, list[tuple[Forward, str, bool]]] = defaultdict(list)
    originals = {e.original.lower() for e in forward}
    for e in forward:
        for s, art in e.spun:
            inverse[s.lower() if "cs" not in e.flags else s].append((e, s, art))
    out: list[PhraseEntry] = []
    for key in sorted(inverse, key=str.lower):
        cands = inverse[key]
        observed = cands[0][1]
        # merge duplicate originals (same original listed twice for one spun form)
        by_orig: dict[str, tuple[Forward, str, bool]] = {}
        for e, s, art in cands:
            by_orig.setdefault(e.original, (e, s, art))
        f_obs = 10 ** lm.log10(observed)
        self_orig = observed.lower() in originals
        mass = {c: 10 ** lm.log10(c) * r / max(1, len(e.spun)) for c, (e, _, _) in by_orig.items()}
        stay = f_obs * (1 - r if self_orig else 1.0)
        total = sum(mass.values()) + stay
        prior = {c: m / total for c, m in mass.items()}
        n_o, k = evidence(pairs, observed, list(by_orig)) if pairs else (0, Counter())
        tier = _tier(lm.zipf(observed))
        if clean and _count(observed.lower(), clean) > 0:
            tier += 1  # used in unspun news: one tier more cautious
        if n_o >= 3 and max(k.values(), default=0) / n_o >= 0.75:
            tier -= 1  # the dict pairs show it is (nearly) always spun output
        cap = CAPS[max(0, min(len(CAPS) - 1, tier))]
        any_art = any(art for _, _, art in by_orig.values())
        share_total = sum(prior.values()) or 1.0
        group: list[PhraseEntry] = []
        for c, (e, s, art) in by_orig.items():
            post = (k[c] + PSEUDO * prior[c]) / (n_o + PSEUDO)
            w = min(post, cap)
            if any_art:
                w = max(w, 0.98 * prior[c] / share_total)
            if e.fixed_weight is not None:
                w = e.fixed_weight
            w = math.floor(min(0.99, max(0.01, w)) * 1000) / 1000
            src = e.src
            if n_o:
                src += f"; dict pairs: {k[c]}/{n_o}"
            flags = set(e.flags)
            if art:
                flags.add("artefact")
            group.append(PhraseEntry(s, e.original, w, src, frozenset(flags)))
        total_w = sum(g.weight for g in group)
        if total_w > 1.0:  # one observed form: the originals' weights must sum to <= 1 (tables.py)
            group = [PhraseEntry(g.spun, g.original, max(0.01, math.floor(g.weight / total_w * 1000) / 1000),
                                 g.source, g.flags) for g in group]
        out.extend(group)
    return out


DESCRIPTION = (
    "Dictionary-spinner substitutions for news text (observed spun form -> original). Curated from "
    "spinner output (seed 001, corpus/dict pairs) and general knowledge of the common WordPress "
    "auto-blog dictionary spinner; inflected variants generated by textrepair.lexical.inflect. weight = "
    "P(original | observed, in spun text): a spinner-model prior (LM frequency of original vs observed, "
    "pocketsphinx en-us 3-gram, spin rate r measured on corpus/dict) updated with counts from the aligned "
    "corpus/dict pairs (4 pseudo-counts), capped by how ordinary the observed form is (LM zipf <2.5: 0.99, "
    "<3.5: 0.85, <4.5: 0.6, else 0.4; one tier lower if it occurs in unspun news of corpus/clean, one higher "
    "if the dict pairs show it spun in >=75% of >=3 occurrences); artefacts (not English) >= 0.98 x their "
    "share. Built by data/build_spinner_table.py."
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--report", action="store_true", help="print entries with corpus evidence")
    args = ap.parse_args(argv)
    forward = expand_inflections(parse_curated(CURATED))
    lm = LM()
    shared = Path(args.shared)
    pairs = aligned_sentences(shared) if (shared / "corpus" / "dict").is_dir() else []
    r = spin_rate(pairs, forward) if pairs else 0.5
    clean = clean_text(shared) if (shared / "corpus" / "clean").is_dir() else ""
    entries = weigh(forward, lm, pairs, r, clean)
    table = PhraseTable("spinner-news", 1, tuple(entries), DESCRIPTION)
    text = format_table(table)
    header, rest = text.split("\n", 3)[:3], text.split("\n", 3)[3]
    comment = (f"# generated by data/build_spinner_table.py from data/spinner_curated.txt; "
               f"spin rate r = {r:.3f} over {len(pairs)} aligned dict sentence pairs\n")
    OUT.write_text("\n".join(header) + "\n" + comment + rest, encoding="utf-8")
    print(f"{len(entries)} entries ({sum('artefact' in e.flags for e in entries)} artefacts) -> {OUT}; "
          f"r = {r:.3f}, {len(pairs)} aligned sentence pairs")
    if args.report:
        for e in entries:
            if "dict pairs" in e.source:
                print(f"{e.weight:.3f}\t{e.spun}\t{e.original}\t{e.source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
