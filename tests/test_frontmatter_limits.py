"""Front-matter limits speak the library's words whatever the YAML parser does (issue 10): the depth guard and tags."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair import parse_document
from textrepair.core.errors import FrontMatterError
from textrepair.text.frontmatter import MAX_DEPTH, load_yaml_mapping

DEEP = {
    "flow sequences": "x: " + "[" * 100_000 + "\n",
    "flow mappings, unclosed": "x: " + "{a: " * 5_000 + "\n",
    "flow, one level over": "x: " + "[" * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1) + "\n",
    "flow, spread over lines": "x:\n" + "  [\n" * 200 + "  1\n" + "  ]\n" * 200,
    "flow after an anchor and a tag": "x: &a !!seq " + "[" * 2_000 + "\n",
    "block sequences on one line": "x:\n" + "- " * 50_000 + "a\n",
    "complex keys on one line": "? " * 50_000 + "a\n",
}


@pytest.mark.parametrize("source", DEEP.values(), ids=list(DEEP))
def test_depth_guard_speaks_before_any_parser(source, monkeypatch):
    """The lexical pre-check refuses deep nesting before a parser sees it: a parser that stops
    deep input with an error of its own (PyYAML >= 6.0.4 at 1,000 levels), or at another depth,
    or not at all, cannot change the message."""

    def no_parser(*args, **kwargs):
        raise AssertionError("a YAML parser ran on deeply nested input")

    monkeypatch.setattr(yaml, "parse", no_parser)
    monkeypatch.setattr(yaml, "load", no_parser)
    with pytest.raises(FrontMatterError, match=f"nests deeper than {MAX_DEPTH} levels"):
        load_yaml_mapping(source, path="f.md")


def test_deep_block_nesting_over_many_lines_is_counted_by_the_event_scan():
    source = "".join(" " * k + f"k{k}:\n" for k in range(MAX_DEPTH + 5)) + " " * (MAX_DEPTH + 5) + "v\n"
    with pytest.raises(FrontMatterError, match=f"nests deeper than {MAX_DEPTH} levels"):
        load_yaml_mapping(source)


# Brackets that open nothing: in quoted scalars, comments, block scalars, plain text.
SHALLOW = {
    "double-quoted": ('x: "' + "[" * 200 + '"\n', "[" * 200),
    "single-quoted": ("x: '" + "{" * 200 + "''s'\n", "{" * 200 + "'s"),
    "quoted in a flow mapping, JSON style": ('{"x":"' + "[" * 200 + '"}\n', "[" * 200),
    "comment": ("# " + "[" * 200 + "\nx: 1\n", 1),
    "plain text": ("x: see " + "[" * 200 + "\n", "see " + "[" * 200),
    "literal block": ("x: |\n  " + "[" * 200 + "\n  " + "- " * 100 + "\ny: 2\n", "[" * 200 + "\n" + "- " * 100 + "\n"),
    "folded block": ("x: >-\n  " + "{" * 200 + "\n", "{" * 200),
    "quoted run of dashes": ('x: "' + "- " * 100 + '"\n', "- " * 100),
}


@pytest.mark.parametrize(("source", "value"), SHALLOW.values(), ids=list(SHALLOW))
def test_brackets_that_open_nothing_are_not_counted(source, value):
    assert load_yaml_mapping(source)["x"] == value


def _height(v) -> int:
    """Levels of a value as the limit counts them: a scalar is one, a collection one more than its deepest item."""
    if isinstance(v, dict):
        return 1 + max((max(_height(k), _height(x)) for k, x in v.items()), default=0)
    if isinstance(v, list):
        return 1 + max((_height(x) for x in v), default=0)
    return 1


def _frozen(v):
    if isinstance(v, dict):
        return {k: _frozen(x) for k, x in v.items()}
    if isinstance(v, list):
        return tuple(_frozen(x) for x in v)
    return v


# Scalars full of the characters the pre-check looks at, so the dumper quotes them in every style.
_tricky = st.text(alphabet="[]{}#'\"|>-?:,&!* \nab", max_size=12)


@st.composite
def nested(draw):
    depth = draw(st.integers(MAX_DEPTH - 6, MAX_DEPTH + 4))
    value = draw(_tricky)
    for _ in range(depth):
        sibling = draw(st.one_of(st.none(), _tricky))
        if draw(st.booleans()):
            value = [value] if sibling is None else [sibling, value]
        else:
            value = {"k": value} if sibling is None else {"s": sibling, "k": value}
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested(), st.sampled_from([True, False, None]))
def test_a_value_loads_exactly_when_it_is_within_the_limit(value, flow):
    """Whatever PyYAML's dumper writes (flow or block style, quoted in any way), the document
    loads back when it is within MAX_DEPTH levels and is refused in the library's words when not."""
    source = yaml.safe_dump({"x": value}, default_flow_style=flow, allow_unicode=True)
    if 1 + _height(value) <= MAX_DEPTH:
        # (compared with what PyYAML's own pure-Python loader reads: its dumper does not always
        # round-trip a string with line breaks and escapes that it wraps)
        assert load_yaml_mapping(source) == _frozen(yaml.load(source, Loader=yaml.SafeLoader))
    else:
        with pytest.raises(FrontMatterError, match=f"nests deeper than {MAX_DEPTH} levels"):
            load_yaml_mapping(source)


@pytest.mark.parametrize(("source", "shown"), [
    ("x: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
    ("x: !!python/name:os.system\n", "!!python/name:os.system"),
    ("x: !custom value\n", "!custom"),
    ("? !!python/tuple [1, 2]\n: v\n", "!!python/tuple"),
])
def test_tags_without_a_plain_value_type_are_refused_in_the_library_words(source, shown):
    with pytest.raises(FrontMatterError) as info:
        parse_document("---\n" + source + "---\nBody.\n", path="t.md")
    assert str(info.value).startswith("t.md, line 2: front matter uses the YAML tag " + shown)


def test_standard_tags_still_load():
    meta = load_yaml_mapping("a: !!str 12\nb: ! 12\nc: !!set {x}\nd: !!binary aGk=\ne: !!float 1\n")
    assert meta["a"] == "12" and "b" in meta and meta["c"] == {"x"}  # ("!" is the non-specific tag)
    assert meta["d"] == b"hi" and meta["e"] == 1.0
