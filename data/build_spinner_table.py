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

The weight rule (data/spinner_weights.py; also written into the table's #description; the method
and its figures: docs/method-table-weights.md):
    hypotheses for an observed form o: each table original c, and "kept" (the original had o, or
      a word the table does not list); weight(c) = P(c | o, in spun text), P(kept) = 1 - sum;
    evidence: the aligned corpus/dict sentence pairs by article group (copies of one original
      article are one group, read from meta.json's original_url), each group counting at most
      2 occurrences of o;
    prior:    logit P(kept) fitted on that group-level evidence of all forms, from the spinner
      channel's log-odds (LM frequencies, spin rate r), the form's LM zipf and whether it is a
      phrase; a row is judged only on groups it does not cite (its citations are why it exists);
    weight    = (k_c + A·prior_c) / (n_o + A), A = 2·10^(zipf(o) - 4) pseudo-occurrences;
      artefacts (not English): max(weight, 0.98 · share of c); w= in the curated file overrides.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "data"))

from textrepair.lexical import inflect  # noqa: E402
from textrepair.lexical.tables import PhraseEntry, PhraseTable, format_table  # noqa: E402

import spinner_weights as sw  # noqa: E402

CURATED = ROOT / "data" / "spinner_curated.txt"
OUT = ROOT / "textrepair" / "data" / "spinner-news.tsv"
DEFAULT_SRC = "curated: common spinner output"


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
        self._memo: dict[str, float] = {}  # the leave-one-out rebuilds the table many times

    def log10(self, phrase: str) -> float:
        got = self._memo.get(phrase)
        if got is not None:
            return got
        ws = [w for w in re.findall(r"[a-z0-9'’.-]+", phrase.lower().replace("’", "'")) if w]
        total = 0.0
        for i, w in enumerate(ws):
            hist = ws[max(0, i - 2):i][::-1]
            total += max(self.lm.prob([w, *hist]) * self.k, -9.0)  # OOV ~ -23000: clamp
        self._memo[phrase] = total
        return total

    def zipf(self, phrase: str) -> float:
        return self.log10(phrase) + 9.0


# --- corpus evidence ---------------------------------------------------------------------------

def _norm(s: str) -> str:
    return " ".join(re.findall(r"[\w'’.-]+", s.lower().replace("’", "'"))).replace(" .", ".")


_count = sw.count


def article_groups(shared: Path) -> dict[str, str]:
    """{corpus/dict article: group}: copies of one original article (same ``original_url`` in
    meta.json) form one group, the unit of evidence and of the leave-one-out."""
    out: dict[str, str] = {}
    for d in sorted((shared / "corpus" / "dict").iterdir()):
        meta = d / "meta.json"
        url = json.loads(meta.read_text(encoding="utf-8")).get("original_url") if meta.is_file() else None
        out[d.name] = url or d.name
    return out


def article_pairs(shared: Path) -> dict[str, list[tuple[str, str]]]:
    """{corpus/dict article: aligned (original, spun) sentence pairs, normalised}."""
    from textrepair.text.align import align_sentences
    out: dict[str, list[tuple[str, str]]] = {}
    for d in sorted((shared / "corpus" / "dict").iterdir()):
        o = (d / "original.txt").read_text(encoding="utf-8")
        s = (d / "spun.txt").read_text(encoding="utf-8")
        out[d.name] = [(_norm(p.a.of(o)), _norm(p.b.of(s))) for p in align_sentences(o, s)]
    return out


# --- weighting ---------------------------------------------------------------------------------


@dataclass
class _Form:
    observed: str
    by_orig: dict[str, tuple[Forward, str, bool]]
    channel: float
    zipf: float
    shares: dict[str, float]
    ev: sw.FormEvidence


_CITED_RE = re.compile(r"corpus dict/([\d,]+)")


def cited_groups(src: str, group_of: Mapping[str, str]) -> frozenset[str]:
    """The article groups a curated row cites as its evidence ("corpus dict/006,007")."""
    return frozenset(group_of.get(a, a) for m in _CITED_RE.finditer(src) for a in m.group(1).split(","))


def weigh(forward: list[Forward], lm: LM, pairs: Mapping[str, Sequence[tuple[str, str]]],
          group_of: Mapping[str, str], *, pseudo: float = sw.PSEUDO, het: float = sw.HET,
          group_cap: float = sw.GROUP_CAP, stats: dict | None = None) -> list[PhraseEntry]:
    """Table entries with weights P(original | observed), by the rule in spinner_weights.py.

    ``pairs``: aligned dict sentence pairs by article (empty: the prior alone); ``group_of``:
    article -> group (copies of one original). ``stats`` (optional) receives the spin rate ``r``,
    the fitted keep prior and the number of form x group rows it was fitted on."""
    groups = sw.by_group(pairs, group_of)
    inverse: dict[str, list[tuple[Forward, str, bool]]] = defaultdict(list)
    originals = {e.original.lower() for e in forward}
    for e in forward:
        for s, art in e.spun:
            inverse[s.lower() if "cs" not in e.flags else s].append((e, s, art))
    evidence = sw.Evidence(groups, group_cap)
    # Curation bias: a row was written because some article showed it spun, so the groups it
    # cites overstate how often it is spun; r and the keep prior are learned from the others.
    cites = {e.original: cited_groups(e.src, group_of) for e in forward}
    r = sw.spin_rate(evidence, {e.original: cites[e.original] for e in forward if e.spun}) if groups else 0.5
    forms: list[_Form] = []
    units: list[tuple[float, tuple[float, ...], float, float]] = []
    for key in sorted(inverse, key=str.lower):
        cands = inverse[key]
        observed = cands[0][1]
        by_orig: dict[str, tuple[Forward, str, bool]] = {}
        for e, s, art in cands:  # merge duplicate originals (one original listed twice)
            by_orig.setdefault(e.original, (e, s, art))
        f = {c: 10 ** lm.log10(c) for c in by_orig}
        mass = {c: f[c] / max(1, len(e.spun)) for c, (e, _, _) in by_orig.items()}
        z = sum(mass.values()) or 1.0
        channel = sw.channel_logodds(10 ** lm.log10(observed), observed.lower() in originals,
                                     [(f[c], len(e.spun)) for c, (e, _, _) in by_orig.items()], r)
        zipf = lm.zipf(observed)
        x = sw.features(channel, zipf, len(observed.split()))
        ev = evidence.of(observed, list(by_orig))
        forms.append(_Form(observed, by_orig, channel, zipf, {c: m / z for c, m in mass.items()}, ev))
        if not any(art for _, _, art in by_orig.values()):  # artefacts are not English: nothing to learn
            cited = frozenset().union(*(cites[c] for c in by_orig))
            units.extend(sw.group_units(ev, channel, x, group_cap, exclude=cited))
    prior = sw.fit_keep_prior(units)
    if stats is not None:
        stats.update(r=r, prior=prior, units=len(units))
    out: list[PhraseEntry] = []
    for fm in forms:
        keep = prior(fm.channel, fm.zipf, len(fm.observed.split()))
        _, post = sw.posterior(fm.ev, keep, fm.shares, sw.pseudo_count(fm.zipf, pseudo, het))
        any_art = any(art for _, _, art in fm.by_orig.values())
        group: list[PhraseEntry] = []
        for c, (e, s, art) in fm.by_orig.items():
            w = post[c]
            if any_art:
                w = max(w, 0.98 * fm.shares[c])
            if e.fixed_weight is not None:
                w = e.fixed_weight
            w = math.floor(min(0.99, max(0.01, w)) * 1000) / 1000
            src = e.src
            if fm.ev.raw_n:
                src += f"; dict pairs: {fm.ev.raw_by_original[c]}/{fm.ev.raw_n} in {fm.ev.groups} article group(s)"
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
    "P(original | observed, in spun text); what the weights of a form leave is P(kept): the original "
    "had the observed form (the spinner left it alone) or a word the table does not list. Evidence: "
    "aligned corpus/dict sentence pairs by article group (copies of one original are one group; a "
    "group counts at most {cap:g} occurrences of a form). Prior: logit P(kept) = ln 10 x channel "
    "log-odds + {b} . (1, LM zipf - 4, [phrase]), fitted on the group-level evidence of all forms, each row "
    "judged only on the groups it does not cite (channel log-odds = log10 f(observed) k - log10 sum "
    "f(original) r / n_original; f: pocketsphinx en-us 3-gram LM probability; r = {r:.3f}, the spin "
    "rate of table originals in groups their rows do not cite; k = 1 - r if the observed form is "
    "itself an original); the originals share the rest in proportion to f(original)/n_original. "
    "Posterior = (evidence + A x prior) / (occurrences + A), A = {pseudo:g} x 10^({het:g} x (zipf - 4)). "
    "Artefacts (not English) >= 0.98 x their share. Built by data/build_spinner_table.py "
    "(rule: data/spinner_weights.py; method: docs/method-table-weights.md)."
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--report", action="store_true", help="print entries with corpus evidence")
    args = ap.parse_args(argv)
    forward = expand_inflections(parse_curated(CURATED))
    lm = LM()
    shared = Path(args.shared)
    have = (shared / "corpus" / "dict").is_dir()
    pairs = article_pairs(shared) if have else {}
    group_of = article_groups(shared) if have else {}
    groups = sw.by_group(pairs, group_of)
    stats: dict = {}
    entries = weigh(forward, lm, pairs, group_of, stats=stats)
    r, prior = stats["r"], stats["prior"]
    description = DESCRIPTION.format(cap=sw.GROUP_CAP, pseudo=sw.PSEUDO, het=sw.HET, r=r, b=prior)
    table = PhraseTable("spinner-news", 1, tuple(entries), description)
    text = format_table(table)
    header, rest = text.split("\n", 3)[:3], text.split("\n", 3)[3]
    n_pairs = sum(len(p) for p in groups.values())
    comment = (f"# generated by data/build_spinner_table.py from data/spinner_curated.txt; "
               f"spin rate r = {r:.3f} over {n_pairs} aligned dict sentence pairs in {len(groups)} article groups\n")
    OUT.write_text("\n".join(header) + "\n" + comment + rest, encoding="utf-8")
    print(f"{len(entries)} entries ({sum('artefact' in e.flags for e in entries)} artefacts) -> {OUT}; "
          f"r = {r:.3f}, {n_pairs} aligned sentence pairs in {len(groups)} groups; keep prior {prior} "
          f"fitted on {stats['units']} form x group units")
    if args.report:
        for e in entries:
            if "dict pairs" in e.source:
                print(f"{e.weight:.3f}\t{e.spun}\t{e.original}\t{e.source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
