"""Issue 14, tenth pass: ``title_order`` counts a spun headline's words as restoration writes them,
as ``title`` does (features.title_sequence with the restored headline)."""

from __future__ import annotations

import pytest

from textrepair.core.types import Segment
from textrepair.link import Record, measure, record_view, segment_view
from textrepair.link.features import CHANCE, title_sequence

TITLE = "There were no more delays at the Marlow harbour"
LEDE = ("Ferries left the Marlow harbour on time all week after the new pier opened on Monday, the port "
        "authority said. Crews had waited up to two hours a day since the old pier was closed in May.")
# The headline as a spinner wrote it: words no spinner table maps back one by one.
SPUN = "There had been no greater holdups at the Marlow harbour"
OTHER = "Marlow port ends months of waiting as ferries sail on schedule"


def _views(headline: str):  # type: ignore[no-untyped-def]
    body = f"{headline}\n\n{LEDE}\n\nThe pier cost four million pounds and took a year to build.\n"
    return record_view(Record("r", TITLE, LEDE)), segment_view(body, Segment(0, len(body)))


def test_a_spun_headline_keeps_the_title_order_once_restored() -> None:
    rv, sv = _views(SPUN)
    as_written = title_sequence(rv, sv)
    restored = title_sequence(rv, sv, TITLE)
    assert restored == pytest.approx(1.0)
    assert as_written < restored
    # Through measure, the restored headline now reaches title_order as it reaches title.
    f = measure(sv, rv, restored_title=TITLE)
    assert f.values["title_order"] == pytest.approx(1.0)
    assert f.raw["title"] == pytest.approx(1.0)
    assert measure(sv, rv).values["title_order"] < f.values["title_order"]


def test_another_outlets_headline_gains_nothing_from_its_own_restoration() -> None:
    rv, sv = _views(OTHER)
    # Restoration leaves an ordinary headline as it is; whatever it returns, the order of the
    # record's title is not in it.
    for restored in (None, OTHER):
        assert title_sequence(rv, sv, restored) < CHANCE["title"]
        assert measure(sv, rv, restored_title=restored).values["title_order"] == 0.0


def test_no_headline_no_title_order_even_with_a_restored_title() -> None:
    rv = record_view(Record("r", TITLE, LEDE))
    body = f"{LEDE}\n\nThe pier cost four million pounds and took a year to build.\n"
    sv = segment_view(body, Segment(0, len(body)))
    assert title_sequence(rv, sv, TITLE) == 0.0
