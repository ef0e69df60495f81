"""mine_table on texts spun by a made-up dictionary spinner (tests/data/mine_spinner.tsv applied to
the unspun articles of tests/data/mine_articles.txt): it recovers the spinner's substitutions and
proposes nothing for words the spinner never touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from textrepair.lexical import lexicon
from textrepair.spin.learn import mine_table

DATA = Path(__file__).parent / "data"


def _data_lines(name: str) -> list[str]:
    return [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]


SPINNER = [tuple(ln.split("\t")) for ln in _data_lines("mine_spinner.tsv") if ln.strip()]
SPUN_OF = {orig: spun for orig, spun, _ in SPINNER}
EXPECTED = {(spun, orig) for orig, spun, recovered in SPINNER if recovered == "yes"}
ARTICLES = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(_data_lines("mine_articles.txt"))) if p.strip()]


def spin(text: str) -> str:
    """The made-up spinner: every word in its dictionary replaced, capitalisation kept."""
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        spun = SPUN_OF.get(word.lower())
        if spun is None:
            return word
        return spun[0].upper() + spun[1:] if word[0].isupper() else spun
    return re.sub(r"[A-Za-z]+", swap, text)


SPUN = [spin(a) for a in ARTICLES]
SPUN_FORMS = set(SPUN_OF.values())


def rows(table) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(e.spun.lower(), e.original.lower()) for e in table.entries}


@pytest.fixture(scope="module")
def withheld():  # type: ignore[no-untyped-def]
    return mine_table(SPUN, table=None, include_known=True)


def test_the_data_is_what_the_tests_assume() -> None:
    assert len(ARTICLES) == 6 and len(SPINNER) == 9
    for orig, spun, _ in SPINNER:
        assert sum(re.search(rf"\b{orig}\b", a, re.I) is not None for a in ARTICLES) >= 2, orig
        assert not any(re.search(rf"\b{spun}\b", a, re.I) for a in ARTICLES), spun


def test_recovers_the_made_up_substitutions(withheld) -> None:  # type: ignore[no-untyped-def]
    found = rows(withheld)
    assert EXPECTED <= found
    right = {r for r in found if (r[0], r[1]) in {(s, o) for o, s, _ in SPINNER}}
    assert len(right) >= 2 * len(found) / 3, found


def test_no_rows_for_words_the_spinner_never_touched(withheld) -> None:  # type: ignore[no-untyped-def]
    # The articles use "numerous", "throughout", "whereas", "additionally", "about" unspun: the LM
    # alone would restore them to generic words ("throughout" -> "about").
    assert {obs for obs, _ in rows(withheld)} <= SPUN_FORMS


def test_one_consistent_original_per_observed_form(withheld) -> None:  # type: ignore[no-untyped-def]
    observed = [e.spun.lower() for e in withheld.entries]
    assert len(observed) == len(set(observed))
    for e in withheld.entries:
        assert 0.5 <= e.weight <= 0.9  # the share of contexts where the original reads best
        assert re.fullmatch(r"mined: \d+ occurrences; reads best in \d+% of contexts, in \d+ article\(s\); "
                            r"LM gain \+\d+\.\d", e.source), e.source


def test_with_the_spinner_table_known_rows_are_left_out() -> None:
    table = mine_table(SPUN)
    assert {obs for obs, _ in rows(table)} <= SPUN_FORMS
    for obs, orig in rows(table):
        assert orig not in {c.original.lower() for c in lexicon.table_candidates(obs)}
    assert rows(table) <= rows(mine_table(SPUN, include_known=True))


def test_copies_of_one_article_count_once() -> None:
    # Two spun copies of one article share every word: "recurring" there is no evidence of a
    # spinner, so with min_articles=2 nothing is proposed, while independent articles still are.
    copies = [SPUN[0], SPUN[0]]
    assert all(" in 1 article(s)" in e.source for e in mine_table(copies, table=None).entries)
    assert len(mine_table(copies, table=None, min_articles=2)) == 0
    assert ("metropolis", "city") in rows(mine_table(SPUN, table=None, min_articles=2))


def test_deterministic_and_order_free(withheld) -> None:  # type: ignore[no-untyped-def]
    again = mine_table(list(reversed(SPUN)), table=None, include_known=True)
    assert rows(again) == rows(withheld)


def test_cli_mine_flags_reach_mine_table(tmp_path: Path) -> None:
    from textrepair.cli import main
    from textrepair.lexical.tables import parse_table

    folder = tmp_path / "spun"
    folder.mkdir()
    for i, text in enumerate(SPUN):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "t.tsv"
    assert main(["mine", str(folder), "--no-table", "-o", str(out)]) == 0
    rows = {(e.spun.lower(), e.original.lower()) for e in parse_table(out.read_text(encoding="utf-8")).entries}
    api = {(e.spun.lower(), e.original.lower()) for e in mine_table(SPUN, table=None).entries}
    assert rows == api and rows & EXPECTED
    # A row must hold in more independent articles than there are: nothing can qualify.
    assert main(["mine", str(folder), "--no-table", "--min-articles", str(len(SPUN) + 1), "-o", str(out)]) == 0
    assert len(parse_table(out.read_text(encoding="utf-8")).entries) == 0
    assert main(["mine", str(folder), "--min-articles", "0", "-o", str(out)]) == 2
