"""The old import paths of the flat layout keep working for one release, each name with a DeprecationWarning."""

from __future__ import annotations

import importlib
import json
import pickle
import warnings
from pathlib import Path

import pytest

import textrepair
from textrepair._compat import MOVED

CASES = json.loads((Path(__file__).parent / "cases" / "old_paths.json").read_text(encoding="utf-8"))["modules"]


def test_the_case_file_covers_every_old_path():
    assert set(CASES) == set(MOVED)


@pytest.mark.parametrize("module", sorted(CASES))
def test_every_public_name_of_an_old_module_is_served(module):
    old = importlib.import_module(module)
    for name in CASES[module]:
        with pytest.warns(DeprecationWarning, match=rf"{module}\.{name} moved to textrepair\."):
            value = getattr(old, name)
        assert value is not None


def test_a_served_name_is_the_object_at_its_new_home():
    from textrepair.run.folder import clean_folder
    from textrepair.spin.restore import restore

    with pytest.warns(DeprecationWarning):
        from textrepair.restore import restore as old_restore
    with pytest.warns(DeprecationWarning):
        from textrepair.batch import clean_folder as old_clean_folder
    assert old_restore is restore and old_clean_folder is clean_folder


def test_the_warning_points_at_the_caller():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from textrepair.detect import score_paragraphs  # noqa: F401
    assert caught and caught[0].filename == __file__


def test_old_modules_are_reachable_as_attributes_of_the_package():
    with pytest.warns(DeprecationWarning):
        assert textrepair.lm.normalise("Don’t") == "don't"
    with pytest.raises(AttributeError):
        textrepair.no_such_module  # noqa: B018


def test_an_unknown_name_is_an_attribute_error_naming_the_new_home():
    old = importlib.import_module("textrepair.candidates")
    with pytest.raises(AttributeError, match="textrepair.spin.match"):
        old.no_such_name  # noqa: B018


def test_setting_a_name_sets_it_where_it_lives_now():
    from textrepair.spin import detect

    old = importlib.import_module("textrepair.detect")
    saved = detect.INTERCEPT
    try:
        with pytest.warns(DeprecationWarning):
            old.INTERCEPT = -1.0
        assert detect.INTERCEPT == -1.0
    finally:
        detect.INTERCEPT = saved


def test_changed_signatures_keep_their_old_order_at_the_old_path():
    from textrepair.lexical.inflect import match_case
    from textrepair.spin.learn import learn_table

    with pytest.warns(DeprecationWarning):
        from textrepair.candidates import match_case as old_match_case  # (found, replacement)
    assert old_match_case("In line with", "according to") == match_case("according to", "In line with") == "According to"

    original = "Law enforcement agencies used the technology without approval."
    spun = "Regulation enforcement companies used the know-how with out approval."
    with pytest.warns(DeprecationWarning):
        from textrepair.learn import aligned_substitutions, learn_table as old_learn_table  # (original, spun)
    assert old_learn_table(original, spun) == learn_table(spun, original)
    pairs, _ = aligned_substitutions(original, spun)
    assert ("technology", "know-how") in pairs  # old order: (original form, spun form)


def test_renamed_fields_keep_deprecated_aliases():
    from textrepair import Edit, PhraseEntry, PhraseTable

    e = Edit(0, 2, "Fb", "Facebook", "restore", "spinner table")
    with pytest.warns(DeprecationWarning, match="Edit.found"):
        assert e.original == "Fb"
    assert Edit.from_dict({**e.to_dict(), "original": "Fb"}) == e
    assert Edit.from_dict({k: v for k, v in e.to_dict().items()}) == e
    assert "original" not in e.to_dict() and e.to_dict()["found"] == "Fb"
    row = PhraseEntry("Fb", "Facebook", 1.0, "seed", frozenset({"cs"}))
    with pytest.warns(DeprecationWarning, match="PhraseEntry.spun"):
        assert row.observed == "Fb"
    with pytest.warns(DeprecationWarning):
        assert PhraseTable("t", 1, (row,)).by_observed["fb"] == (row,)


def test_a_result_meta_is_read_only_and_still_pickles():
    from textrepair import repair_and_explain

    r = repair_and_explain("caf\u00c3\u00a9", restore=False)
    with pytest.raises(TypeError, match="read-only"):
        r.meta["x"] = 1
    with pytest.raises(TypeError):
        r.meta.update(x=1)
    again = pickle.loads(pickle.dumps(r))
    assert again == r and dict(again.meta) == dict(r.meta)


def test_a_name_that_left_a_module_still_imports_from_it():
    from textrepair.run.linking import repair_with_record

    with pytest.warns(DeprecationWarning, match=r"textrepair\.link\.repair_with_record moved to textrepair\.run\.linking"):
        from textrepair.link import repair_with_record as old
    assert old is repair_with_record
    with pytest.raises(AttributeError):
        importlib.import_module("textrepair.link").no_such_name  # noqa: B018


def test_records_old_path_serves_the_record_problem_of_core_errors():
    from textrepair.core.errors import RecordProblem

    with pytest.warns(DeprecationWarning, match="textrepair.records.RecordProblem moved to textrepair"):
        from textrepair.records import RecordProblem as old
    assert old is RecordProblem
