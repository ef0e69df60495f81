"""Restoration: table candidates, noisy-channel choice, protected spans, edit records, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair import RepairConfig, TextrepairError, apply_edits, apply_plan, repair_and_explain
from textrepair.lexical import inflect
from textrepair.lexical.inflect import match_case
from textrepair.spin.match import table_set
from textrepair.cli import main
from textrepair.core.edits import validate_edits
from textrepair.spin.restore import restore, restore_text, suggest
from textrepair.lexical.tables import read_table

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "spinner-small.tsv"


@pytest.fixture(scope="module")
def small():
    return table_set([read_table(SMALL)])


def _cases() -> list[tuple[str, str, str]]:
    rows = []
    for line in (DATA / "restore_cases.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, spun, expected = line.split("\t")
            rows.append((name, spun, expected))
    return rows


@pytest.mark.parametrize(("name", "spun", "expected"), _cases(), ids=[c[0] for c in _cases()])
def test_cases(small, name: str, spun: str, expected: str) -> None:
    r = restore(spun, tables=small, threshold=0.0)
    assert r.text == expected, r.explain()
    assert apply_edits(spun, r.edits) == r.text


def test_edit_records_explain_themselves(small) -> None:
    text = "The police used the new know-how, in line with the report."
    r = restore(text, tables=small, threshold=0.0)
    assert len(r.edits) == 2
    for e in r.edits:
        assert e.stage == "restore"
        assert e.source.startswith("spinner-small:")
        assert "LM gain" in e.reason and repr(e.found) in e.reason
        assert 0.5 <= e.confidence <= 1.0
    assert r.edits[1].source == "spinner-small:in line with"


def test_unflagged_paragraphs_are_left_alone(small) -> None:
    # One ordinary word that a spinner also produces is not evidence enough.
    text = "The firm said its results would be published on Friday."
    r = restore(text, tables=small)
    assert r.text == text
    assert not r.scores[0].spun


def test_below_confidence_becomes_a_suggestion(small) -> None:
    text = "The police used the new know-how, in line with the report."
    r = restore(text, tables=small, threshold=0.0, min_confidence=1.0)
    assert r.text == text
    found = {s.found: s.alternatives for s in r.suggestions}
    assert found["know-how"][0] == "technology"
    assert suggest(text, tables=small, threshold=0.0)


def test_ambiguous_word_follows_context(small) -> None:
    # "information" can come from data or news: the neighbours decide.
    r = restore("Analysts said the knowledge exhibits a drop, in line with exchange information.",
                tables=small, threshold=0.0)
    assert "data shows" in r.text


def test_case_and_inflection_helpers() -> None:
    assert match_case("according to", "In line with") == "According to"
    assert match_case("technology", "KNOW-HOW") == "TECHNOLOGY"
    assert match_case("Facebook", "fb") == "Facebook"
    assert inflect.apply_form("agency", inflect.PLURAL) == "agencies"
    assert inflect.apply_form("show", inflect.PAST) == "showed"
    assert inflect.apply_form("tell", inflect.PAST) == "told"


def test_context_pairs_reach_the_stage() -> None:
    text = ("Regulation enforcement companies used the know-how with out approval, in line with "
            "inside firm information about the zorblex program.")
    r = repair_and_explain(text, tables=(str(SMALL),), threshold=0.0,
                           context_pairs=(("zorblex program", "Widget scheme"),))
    assert "Widget scheme" in r.text
    assert any(e.source == "record" for e in r.edits)


def test_pipeline_options_reach_the_stage() -> None:
    text = (DATA / "spun_paragraphs.txt").read_text(encoding="utf-8")
    on = repair_and_explain(text, tables=(str(SMALL),))
    off = repair_and_explain(text, tables=(str(SMALL),), restore=False)
    strict = repair_and_explain(text, tables=(str(SMALL),), threshold=1.0)
    assert any(e.stage == "restore" for e in on.edits)
    assert not any("restore" in e.stage for e in off.edits)
    assert not any("restore" in e.stage for e in strict.edits)
    assert apply_plan(on.original, on.stages) == on.text


def test_cli_table_and_no_restore(tmp_path, capsys) -> None:
    f = tmp_path / "spun.txt"
    f.write_text((DATA / "spun_paragraphs.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["repair", str(f), "--table", str(SMALL)]) == 0
    restored = capsys.readouterr().out
    assert "law enforcement agencies" in restored.lower()
    assert main(["repair", str(f), "--table", str(SMALL), "--no-restore"]) == 0
    assert "Regulation enforcement" in capsys.readouterr().out
    assert main(["repair", str(f), "--table", str(tmp_path / "missing.tsv")]) == 2


def test_clean_paragraphs_are_not_changed() -> None:
    text = (DATA / "clean_paragraphs.txt").read_text(encoding="utf-8")
    rec = restore_text(text, extra_tables=(str(SMALL),))
    assert rec.edits == ()


def test_second_pass_does_not_flip_words_back(small) -> None:
    text = (DATA / "spun_paragraphs.txt").read_text(encoding="utf-8")
    once = restore(text, tables=small)
    assert once.edits
    twice = restore(once.text, tables=small)
    changed_back = {e.found.lower() for e in twice.edits} & {e.replacement.lower() for e in once.edits}
    assert not changed_back, twice.explain()


def test_corpus_second_pass_is_stable(shared) -> None:
    for spun in sorted((shared / "corpus" / "dict").glob("*/spun.txt"))[:4]:
        text = spun.read_text(encoding="utf-8")
        once = restore(text)
        twice = restore(once.text)
        flipped = {e.found.lower() for e in twice.edits} & {e.replacement.lower() for e in once.edits}
        assert not flipped, (spun, twice.explain())


_SPUN_BITS = ["in line with", "know-how", "Fb", "six.25", "{that a}", "with out", "1000's",
              "regulation enforcement companies", "information", "`code`", "https://x.io/a",
              "BuzzFeed Information", "Supply:", "exhibited", "\n\n", "\r\n", " ", ".", "é", "’s"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_SPUN_BITS), st.text(max_size=6)), max_size=25))
def test_any_text_replays_and_never_raises(parts: list[str]) -> None:
    text = " ".join(parts)
    try:
        r = repair_and_explain(text, RepairConfig(tables=(str(SMALL),), threshold=0.0))
    except TextrepairError:
        return
    assert apply_plan(r.original, r.stages) == r.text
    assert apply_edits(r.original, r.edits) == r.text
    for stage in r.stages:
        if stage.stage == "restore":
            validate_edits(apply_plan(r.original, r.stages[: r.stages.index(stage)]), stage.edits)


_NAME_BITS = ["Normal Knowledge Safety Regulations", "BuzzFeed Informations", "Federal Commerce Fee",
              "Wall Road Journal", "Nationwide Safety Company", "of", "the", "and", "The", "Apple",
              "Information", "Safety", "Road", "said", ".", ",", "’s", "\u2018Safety\u2019", "New"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_NAME_BITS), st.text(max_size=5)), max_size=20))
def test_fuzzy_name_prefilter_never_hides_a_match(parts: list[str]) -> None:
    """match._may_hold_fuzzy_name is a necessary condition for names.find_name_matches to
    find a fuzzy match (it lets the restorer skip the search): never False when there is one."""
    from textrepair.spin.match import _may_hold_fuzzy_name
    from textrepair.spin.tokens import tokenize
    from textrepair.lexical.names import find_name_matches

    text = " ".join(parts)
    if any(m.how == "fuzzy" for m in find_name_matches(text)):
        assert _may_hold_fuzzy_name(text, tokenize(text))


def test_fuzzy_name_prefilter_examples() -> None:
    from textrepair.spin.match import _may_hold_fuzzy_name
    from textrepair.spin.tokens import tokenize

    yes = "The Normal Knowledge Safety Regulations apply."
    assert _may_hold_fuzzy_name(yes, tokenize(yes))
    no = "The price of Bitcoin rose in line with the market, said Apple."
    assert not _may_hold_fuzzy_name(no, tokenize(no))
