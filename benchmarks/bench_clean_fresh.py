"""Clean-text check on fresh clean English nobody here fitted on: what the library changes and flags.

Issue 12's targets: 0 words changed on corpus/clean, at most 0.01% of words on Brown, at most 1%
of paragraphs flagged as spun. Brown's sections were looked at while fitting recent constants, so
this benchmark reads a set no constant was fitted or looked at on: news (the Lee corpus of ABC
articles, Reuters newswire), speeches (State of the Union 1946-2016) and a technical book (The
Debian Administrator's Handbook), fetched by ``data/fetch_clean_check.py`` into a cache outside the
repo (sources, versions and licences: that script and data/LICENSES/clean-check-NOTE).

Each document is repaired whole with ``repair_and_explain`` (default config: every fixer,
detection and restoration) in the news domain, and the technical source in the science domain too.
Printed per source and domain, and overall per domain:
- words changed (word-level edit distance between input and output) and their share,
- paragraphs flagged as spun and their share, documents flagged (news: the document's score
  reaches the threshold, as in bench_brown.py; science: a paragraph flagged or an edit made),
- every edit: document, found -> replacement, stage, reason, confidence, source and context,
- every flagged paragraph: its score, its strongest evidence, and what the document-level
  table-free model read (screen passed or stopped, class screen, part-of-speech focus), so each
  false positive can be traced to the constant or signal that fired.

Get the data (build/benchmark time only):
    python data/fetch_clean_check.py
Run:
    python benchmarks/bench_clean_fresh.py [--cache DIR] [--sources lee,reuters,sotu,handbook]
        [--domains news,science] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair import RepairConfig  # noqa: E402
from textrepair.pipeline import repair_and_explain  # noqa: E402
from textrepair.spin import detect, substitution  # noqa: E402
from textrepair.text.align import word_errors, words_of  # noqa: E402
from textrepair.text.document import parse_document  # noqa: E402

DEFAULT_CACHE = Path(os.environ.get("TEXTREPAIR_CLEAN_CHECK",
                                    Path.home() / ".cache" / "textrepair" / "clean-check"))
# Evidence of the spinner table (textrepair.spin.detect._signals / judge) and of the table-free model.
TABLE_SIGNALS = {"table", "collocation", "artefact", "cluster", "document"}


@dataclass
class Tally:
    docs: int = 0
    docs_flagged: int = 0
    paras: int = 0
    paras_flagged: int = 0
    words: int = 0
    changed: int = 0
    edits: int = 0
    #: news only: documents by table-free gate (gate_of) and documents read as one-POS spun (FOCUS)
    gates: dict[str, int] = field(default_factory=dict)
    #: news only: the highest document score (detect.document_score_from) and its document
    top: tuple[float, str] = (0.0, "")
    by_stage: dict[str, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for k in ("docs", "docs_flagged", "paras", "paras_flagged", "words", "changed", "edits"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for k, v in other.by_stage.items():
            self.by_stage[k] = self.by_stage.get(k, 0) + v
        for k, v in other.gates.items():
            self.gates[k] = self.gates.get(k, 0) + v
        self.top = max(self.top, other.top)

    def row(self, label: str) -> str:
        stages = ", ".join(f"{k} {v}" for k, v in sorted(self.by_stage.items())) or "-"
        return (f"{label:18s} {self.docs:5d} {self.docs_flagged:6d} {self.paras:7d} {self.paras_flagged:6d} "
                f"({self.paras_flagged / max(1, self.paras):6.2%}) {self.words:8d} {self.changed:6d} "
                f"({self.changed / max(1, self.words):7.4%})  {stages}")


def context(text: str, start: int, end: int, width: int = 60) -> str:
    around = text[max(0, start - width) : start] + "[[" + text[start:end] + "]]" + text[end : end + width]
    return " ".join(around.split())


def gate_of(ev) -> str:  # type: ignore[no-untyped-def]
    """Which table-free gate a document's evidence went through: "table" (the table explains it),
    "short", "screen" (the stride screen passed), "class" (the class screen passed), "stopped"."""
    t = ev.thesaurus
    if t is None or detect.table_explains(ev):
        return "table"
    if t.eligible <= substitution.SCREEN_SAMPLE:
        return "short"
    if substitution.needs_analysis(t.eligible, t.screen):
        return "screen"
    return "class" if t.analysed else "stopped"


def document_reading(ev) -> str:  # type: ignore[no-untyped-def]
    """What the document-level models read of a document's evidence: table score, table-free
    score, which gate let the table-free model analyse it word by word, and its focus."""
    parts = [f"table score {detect.table_document_score(ev):.3f} ({ev.words} words, {ev.clusters} clusters)"]
    t = ev.thesaurus
    gate = gate_of(ev)
    if gate == "table":
        parts.append("table explains the document (no table-free evidence)")
        return "; ".join(parts)
    parts.append(f"table-free score {substitution.document_score(t):.3f} "
                 f"(rate {substitution.document_rate(t):.4f}, {t.strong} strong of {t.eligible} eligible)")
    parts.append({
        "short": f"analysed: short document ({t.eligible} <= SCREEN_SAMPLE eligible)",
        "screen": f"analysed: stride screen passed ({t.screen[0]} strong of {t.screen[1]} sampled)",
        "class": (f"analysed: CLASS screen passed (stride sample {t.screen[0]}/{t.screen[1]}; class sample "
                  f"strong {t.class_screen[:2]} of {t.class_screen[2:]} [verbs, modifiers])"),
        "stopped": f"stopped by the screen ({t.screen[0]}/{t.screen[1]}; class sample {t.class_screen})",
    }[gate])
    f = substitution._focus(t)
    if f is not None:
        parts.append(f"POS FOCUS on {'nvar'[f[0]]!r} (FOCUS_G), focus rate {f[1]:.4f}")
    return "; ".join(parts)


def strongest(signals, k: int = 4) -> str:  # type: ignore[no-untyped-def]
    kinds = sorted({s.name for s in signals})
    tops = sorted(signals, key=lambda s: -s.weight)[:k]
    shown = "; ".join(f"{s.name} {s.text + ' ' if s.text else ''}{s.weight:.2f} ({s.detail})" for s in tops)
    origin = ("spinner table" if kinds and set(kinds) <= TABLE_SIGNALS else
              "table-free thesaurus model" if set(kinds) <= {"thesaurus"} else "mixed: " + ", ".join(kinds))
    return f"[{origin}] {shown}"


def check(path: Path, domain: str, threshold: float | None, quiet: bool) -> tuple[Tally, list[str]]:
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text)
    config = RepairConfig(domain=domain) if threshold is None else RepairConfig(domain=domain, threshold=threshold)
    result = repair_and_explain(doc, config)
    t = Tally(docs=1)
    t.paras = len(doc.paragraphs)
    flagged = [p for p in result.scores if p.spun]
    t.paras_flagged = len(flagged)
    before = [w for w, _ in words_of(text)]
    after = [w for w, _ in words_of(result.text)]
    t.words = len(before)
    t.changed = word_errors(before, after)
    t.edits = len(result.edits)
    for e in result.edits:
        t.by_stage[e.stage] = t.by_stage.get(e.stage, 0) + 1
    ev = None
    if domain == "news":  # the document's evidence, read as bench_brown.py reads it
        analyses = detect.analyse(doc.text, doc.paragraphs)
        ev = detect._evidence(analyses)
        score = detect.document_score_from(analyses)
        gate = gate_of(ev)
        t.gates[gate] = 1
        t.top = (score, path.stem)
        if ev.thesaurus is not None and gate != "table" and substitution._focus(ev.thesaurus) is not None:
            t.gates["focus"] = 1
        t.docs_flagged = int(score >= (detect.DEFAULT_THRESHOLD if threshold is None else threshold))
    else:
        t.docs_flagged = int(bool(flagged or result.edits))
    lines: list[str] = []
    name = f"{path.parent.name}/{path.stem} [{domain}]"
    for e in result.edits:
        lines.append(f"EDIT  {name}: {e.found!r} -> {e.replacement!r} ({e.stage}: {e.reason}; "
                     f"confidence {e.confidence:.2f}; source {e.source or '-'})\n"
                     f"        in: {context(text, e.start, e.end)}")
    for p in flagged:
        lines.append(f"FLAG  {name}: paragraph [{p.start}:{p.end}] score {p.score:.3f}: {strongest(p.signals)}"
                     f"\n        text: {context(text, p.start, min(p.end, p.start + 160), 0)}")
    if domain == "news" and (flagged or any(e.stage == "restore" for e in result.edits) or t.docs_flagged):
        lines.append(f"DOC   {name}: {document_reading(ev)}")
    if quiet:
        lines = []
    return t, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"the fetched set (default {DEFAULT_CACHE})")
    ap.add_argument("--sources", default="", help="comma-separated source names (default: all fetched)")
    ap.add_argument("--domains", default="news,science",
                    help="domains to run (default news,science; science only on sources the manifest marks)")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--limit", type=int, default=0, help="documents per source (default all)")
    ap.add_argument("--quiet", action="store_true", help="figures only, no edit or paragraph listing")
    args = ap.parse_args()
    manifest_path = args.cache.expanduser() / "manifest.json"
    if not manifest_path.exists():
        print(f"skipped: no clean check set at {args.cache} (fetch it with: python data/fetch_clean_check.py)")
        return 0
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    wanted = [s.strip() for s in args.sources.split(",") if s.strip()] or sorted(manifest)
    missing = [s for s in wanted if s not in manifest or not (args.cache.expanduser() / s).is_dir()]
    if missing:
        print(f"skipping source(s) not fetched: {', '.join(missing)} (python data/fetch_clean_check.py)")
    sources = [s for s in wanted if s not in missing]
    if not sources:
        print("skipped: no source of the clean check set is fetched")
        return 0
    domains = [d.strip() for d in args.domains.split(",") if d.strip()]
    t = detect.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    rows: list[tuple[str, str, Tally]] = []
    listing: list[str] = []
    for name in sources:
        info = manifest[name]
        files = sorted((args.cache.expanduser() / name).glob("*.txt"))
        if args.limit:
            files = files[: args.limit]
        for domain in domains:
            if domain not in info["domains"]:
                continue
            tally = Tally()
            for f in files:
                one, lines = check(f, domain, args.threshold, args.quiet)
                tally.add(one)
                listing.extend(lines)
            rows.append((name, domain, tally))
    for line in listing:
        print(line)
    described = [f"{n} ({manifest[n]['genre']}; {manifest[n]['package']} {manifest[n]['version']})" for n in sources]
    print(f"\nfresh clean check set at threshold {t}: " + "; ".join(described))
    print(f"{'source [domain]':18s} {'docs':>5s} {'flag':>6s} {'paras':>7s} {'flagged':>16s} {'words':>8s} "
          f"{'changed':>17s}  edits by stage")
    for domain in domains:
        total = Tally()
        for name, d, tally in rows:
            if d == domain:
                print(tally.row(f"{name} [{d}]"))
                total.add(tally)
        if total.docs:
            print(total.row(f"ALL [{domain}]"))
    gated = [(n, tl) for n, d, tl in rows if d == "news" and tl.gates]
    if gated:
        print("news documents by table-free gate (table: the spinner table explains it; short; screen: stride "
              "screen passed; class: CLASS screen passed; stopped) and with a POS focus (FOCUS_G):")
        for n, tl in gated:
            print(f"  {n:10s} " + ", ".join(f"{k} {tl.gates.get(k, 0)}"
                                            for k in ("table", "short", "screen", "class", "stopped", "focus"))
                  + f"; highest document score {tl.top[0]:.3f} ({tl.top[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
