"""Front matter: find a leading ``---`` YAML block with exact offsets and load it safely, within limits."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import yaml

from ..core.errors import FrontMatterError

try:  # the C loader is ~10x faster; it is the same safe schema
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

# Limits (issue 5). A real aggregator record is 2-12 KB (../shared/corpus/records: largest 11.6 KB,
# with 34 related entries), so 256 KiB is ~20x headroom.
MAX_FRONT_MATTER_CHARS = 256 * 1024
# Nodes after alias expansion: the biggest real record has ~1,200; a "billion laughs" has 10^9.
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 64
# Python refuses to print integers of more than 4,300 digits (~14,000 bits); YAML's hex, binary and
# sexagesimal forms ("0x" + 20,000 digits) build them without that check, and a report would then
# fail to serialise. Such a value is refused at load time instead.
_MAX_INT_BITS = 14_000
# A scalar this long that reads as a number is refused before it is converted: sexagesimal
# "59:59:...:59" is converted by repeated big-integer products, quadratic in its length.
_MAX_NUMBER_CHARS = 4300
_NUMBERISH_RE = re.compile(r"[-+]?[0-9][0-9a-fA-FxXoObB_:.]*")

_OPEN_RE = re.compile(r"\A(\ufeff?)---[ \t]*(\r\n|\n|\r)")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where the block is (``start``/``end`` include both ``---`` lines), its YAML text span, and the mapping."""

    start: int
    end: int
    yaml_start: int
    yaml_end: int
    metadata: Mapping[str, Any]


def find_front_matter(text: str) -> tuple[int, int, int, int] | None:
    """Offsets ``(start, end, yaml_start, yaml_end)`` of a leading front-matter block, or None.

    ``start`` is after a BOM if there is one; ``end`` is after the closing line's newline.
    """
    m = _OPEN_RE.match(text)
    if not m:
        return None
    yaml_start = m.end()
    close = _CLOSE_RE.search(text, yaml_start)
    if not close:
        return None
    return len(m.group(1)), close.end(), yaml_start, close.start()


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _too_big() -> str:
    return f"front matter expands to more than {MAX_EXPANDED_NODES:,} values (YAML alias bomb?)"


def _too_deep() -> str:
    return f"front matter nests deeper than {MAX_DEPTH} levels"


_YAML_TAG = "tag:yaml.org,2002:"


def _unknown_tag(tag: str) -> str:
    shown = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag
    return (f"front matter uses the YAML tag {shown}, which names no plain value type "
            "(text, number, date, list or mapping); refused")


# What the lexical pre-check looks at: quotes, comments, flow brackets, block scalar indicators, line ends.
_LEXICAL_RE = re.compile(r"[\"'#\[\]{}|>\r\n]")
_QUOTED_RE = {'"': re.compile(r'"(?:[^"\\]|\\.)*"', re.S), "'": re.compile(r"'(?:[^']|'')*'", re.S)}
_BLOCK_RUN_RE = re.compile(r"[ \t]*((?:[-?][ \t]+)+)")
_LINE_END_RE = re.compile(r"\r\n|\n|\r")
_DEEP_RUN_RE = re.compile(r"(?:[-?][ \t]+){%d}" % (MAX_DEPTH + 1))
# How far back a node start is looked for (past spaces, "-", "?", ":", anchors and tags); beyond
# it a bracket counts as plain text, so the estimate errs toward the event scan, never toward refusal.
_LOOKBACK = 128


def _at_node_start(s: str, i: int, in_flow: bool) -> bool:
    """Whether ``s[i]`` begins a YAML node: at a line start, or after a "- ", "? " or ": "
    indicator, after "[", "{" or "," in a flow collection, and past any anchors and tags."""
    lo = max(0, i - _LOOKBACK)
    j = i - 1
    while True:
        while j >= lo and s[j] in " \t":
            j -= 1
        if j < 0 or s[j] in "\r\n":
            return True
        if j < lo:
            return False
        c = s[j]
        if in_flow and c in "[{,:":  # (JSON style: '{"a":"b"}')
            return True
        if c == ":" and j < i - 1:  # ": " (plain text never holds it) ends a key
            return True
        if c in "-?" and j < i - 1 and (j == 0 or s[j - 1] in " \t\r\n"):
            j -= 1  # a block indicator, itself at a node start when what precedes it is
            continue
        k = max(max(s.rfind(ch, lo, j) for ch in " \t\r\n"), lo - 1)  # the word's start - 1
        if s[k + 1] in "&!":  # an anchor or tag before the node
            j = k
            continue
        return False


def _lexical_depth(source: str) -> int:
    """A lower bound on the nesting depth of ``source`` from its text alone, before any parser
    runs (stops counting past :data:`MAX_DEPTH`).

    Parsers look ahead: libyaml scans a flow collection's brackets on a line (up to 1,024
    characters) before it yields the first event, and since PyYAML 6.0.4 (libyaml 0.2.6) refuses
    more than 1,000 levels with an error of its own, so a line of "[[[[..." never reached
    :func:`_scan_events`. So the brackets of flow collections are counted here, skipping quoted
    scalars, comments, block scalars and brackets inside plain text, and so are runs of block
    indicators on one line ("- - - -", "? ? ?"), each a level. Every bracket counted opens a
    collection, so valid YAML over the limit here is over it for the event scan too: the message
    is the same whichever check sees it first. Deep block nesting over many lines holds no
    look-ahead: the event scan counts it. Returns 0 at once for a text with too few brackets
    and no long run of indicators to pass the limit (~0.3 ms per corpus record, whose loading
    takes ~4.6 ms: the 41 records of ../shared/corpus and seeds, measured 2026-12-07)."""
    if source.count("[") + source.count("{") <= MAX_DEPTH and not _DEEP_RUN_RE.search(source):
        return 0
    deepest = depth = 0
    pos = 0
    while pos <= len(source):
        if not depth and (pos == 0 or source[pos - 1] in "\r\n"):  # a line start
            run = _BLOCK_RUN_RE.match(source, pos)
            if run:
                deepest = max(deepest, len(run.group(1).split()))
                if deepest > MAX_DEPTH:
                    return deepest
        m = _LEXICAL_RE.search(source, pos)
        if m is None:
            return deepest
        i = m.start()
        c = source[i]
        pos = i + 1
        if c in "[{":
            if depth or _at_node_start(source, i, False):
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_DEPTH:
                        return deepest
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c in "\"'":
            if _at_node_start(source, i, depth > 0):
                q = _QUOTED_RE[c].match(source, i)
                if q is None:  # unclosed: the rest is the scalar (the parser reports it)
                    return deepest
                pos = q.end()
        elif c == "#":
            if i == 0 or source[i - 1] in " \t\r\n":  # a comment runs to the line end
                end = _LINE_END_RE.search(source, i)
                if end is None:
                    return deepest
                pos = end.start()
        elif c in "|>":
            if not depth and _at_node_start(source, i, False):
                pos = _block_scalar_end(source, i)
        # a line end: the next round looks for a run of block indicators
    return deepest


def _indent_of_line(s: str, i: int) -> int:
    start = max(s.rfind("\n", 0, i), s.rfind("\r", 0, i)) + 1
    n = start
    while n < len(s) and s[n] == " ":
        n += 1
    return n - start


def _block_scalar_end(s: str, i: int) -> int:
    """Where a literal or folded block scalar whose indicator is at ``s[i]`` ends: after the
    lines that follow it and are blank or indented deeper than the indicator's line."""
    indent = _indent_of_line(s, i)
    end = _LINE_END_RE.search(s, i)
    while end is not None:
        line_start = end.end()
        nxt = _LINE_END_RE.search(s, line_start)
        line = s[line_start : nxt.start() if nxt else len(s)]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            return line_start
        end = nxt
    return len(s)


def _scan_events(source: str) -> None:
    """Bound the YAML before anything is built from it: depth and alias expansion from the event stream.

    libyaml's parser keeps its own stacks (no recursion), but building the nodes recurses once per
    level (10,000 nested "[" took 0.6 s; 100,000 crashed the interpreter with a C stack overflow),
    and an alias is expanded wherever it is used: a "billion laughs" block of a few hundred bytes
    stands for 10^9 values, and merge keys ("<<: [*a, *a, ...]") copy whole mappings. So each
    node's expanded size and depth are counted here, an alias at the size of what it names, and
    the scan stops at the first limit passed, before the composer runs. Raises FrontMatterError
    without a location (the caller adds path and line) or yaml.YAMLError for invalid YAML.
    """
    expanded = 0
    # One entry per open collection: [anchor, expanded count at its start, deepest level below].
    stack: list[list[Any]] = []
    open_anchors: set[str] = set()
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (expanded size, depth below and including it)

    def add(size: int, height: int) -> None:
        nonlocal expanded
        expanded += size
        if expanded > MAX_EXPANDED_NODES:
            raise FrontMatterError(_too_big())
        if len(stack) + height > MAX_DEPTH:
            raise FrontMatterError(_too_deep())
        if stack:
            stack[-1][2] = max(stack[-1][2], height)

    for event in yaml.parse(source, Loader=_Loader):
        tag = getattr(event, "tag", None)
        # An explicit tag the safe constructor has no function for ("!!python/object/apply:...",
        # "!custom") would fail at construction; it is refused here, in the library's words.
        if tag not in (None, "!") and tag not in _Loader.yaml_constructors \
                and not any(tag.startswith(p) for p in _Loader.yaml_multi_constructors):
            raise FrontMatterError(_unknown_tag(tag))
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            add(1, 1)
            stack.append([event.anchor, expanded - 1, 0])
            if event.anchor:
                open_anchors.add(event.anchor)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, begin, below = stack.pop()
            if stack:
                stack[-1][2] = max(stack[-1][2], below + 1)
            if anchor:
                open_anchors.discard(anchor)
                anchors[anchor] = (expanded - begin, below + 1)
        elif isinstance(event, yaml.ScalarEvent):
            add(1, 1)
            if len(event.value) > _MAX_NUMBER_CHARS and _NUMBERISH_RE.fullmatch(event.value):
                msg = f"front matter holds a number of {len(event.value):,} characters"
                raise FrontMatterError(msg)
            if event.anchor:
                anchors[event.anchor] = (1, 1)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                msg = f"front matter refers to itself (alias *{event.anchor} inside &{event.anchor})"
                raise FrontMatterError(msg)
            add(*anchors.get(event.anchor, (1, 1)))  # an unknown alias: the composer reports it


def _check_size(node: Any, budget: list[int], depth: int, seen_depth: dict[int, int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        msg = f"front matter expands to more than {MAX_EXPANDED_NODES:,} values (YAML alias bomb?)"
        raise FrontMatterError(msg)
    if depth > MAX_DEPTH:
        msg = f"front matter nests deeper than {MAX_DEPTH} levels"
        raise FrontMatterError(msg)
    if isinstance(node, int) and node.bit_length() > _MAX_INT_BITS:
        msg = f"front matter holds an integer of {node.bit_length():,} bits, too large to print or use"
        raise FrontMatterError(msg)
    if isinstance(node, Mapping):
        for k, v in node.items():
            _check_size(k, budget, depth + 1, seen_depth)
            _check_size(v, budget, depth + 1, seen_depth)
    elif isinstance(node, (list, tuple)):
        for v in node:
            _check_size(v, budget, depth + 1, seen_depth)


def _freeze(node: Any) -> Any:
    if isinstance(node, Mapping):
        return MappingProxyType({str(k): _freeze(v) for k, v in node.items()})
    if isinstance(node, list):
        return tuple(_freeze(v) for v in node)
    return node


def load_yaml_mapping(source: str, *, path: str | None = None, line_offset: int = 0,
                      max_chars: int = MAX_FRONT_MATTER_CHARS) -> Mapping[str, Any]:
    """Load YAML that must be a mapping, safely and within limits; errors name the file and line."""
    if len(source) > max_chars:
        msg = f"front matter is {len(source):,} characters, over the limit of {max_chars:,}"
        raise FrontMatterError(msg, path=path, line=line_offset + 1)
    if _lexical_depth(source) > MAX_DEPTH:  # before any parser: see _lexical_depth
        raise FrontMatterError(_too_deep(), path=path, line=line_offset + 1)
    try:
        _scan_events(source)
        data = yaml.load(source, Loader=_Loader)  # noqa: S506 - a safe loader
    except FrontMatterError as err:
        raise FrontMatterError(err.reason, path=path, line=line_offset + 1) from None
    except yaml.MarkedYAMLError as err:
        end = len(source.rstrip())

        def line_of(mark: Any) -> int:
            # A mark at the end of the block points at the closing "---"; the value left open
            # (unclosed quote or bracket) is on the block's last line or earlier, so use that.
            if mark is None:
                return line_offset + 1
            return line_offset + (mark.line + 1 if mark.index < end else source[:end].count("\n") + 1)

        problem = err.problem or err.context or "invalid YAML"
        line = line_of(err.problem_mark)
        msg = f"invalid YAML in front matter: {problem}"
        if err.context and err.context_mark is not None and line_of(err.context_mark) != line:
            # The line where the broken value starts is the one a person has to fix.
            start_line = line_of(err.context_mark)
            msg = f"invalid YAML in front matter: {err.context} (line {start_line}): {problem} (line {line})"
            line = start_line
        raise FrontMatterError(msg, path=path, line=line) from err
    except yaml.YAMLError as err:
        msg = f"invalid YAML in front matter: {err}"
        raise FrontMatterError(msg, path=path, line=line_offset + 1) from err
    except RecursionError as err:
        msg = "front matter nests too deeply to parse"
        raise FrontMatterError(msg, path=path, line=line_offset + 1) from err
    except (ValueError, TypeError, AttributeError, OverflowError, IndexError, KeyError) as err:
        # The safe constructor turns scalars into values and can fail on hostile ones with plain
        # Python errors: "2001-13-45" (ValueError: month), a 5,000-digit integer (int() limit),
        # "!!timestamp junk" (AttributeError), "!!int abc".
        msg = f"invalid value in front matter: {err}"
        raise FrontMatterError(msg, path=path, line=line_offset + 1) from err
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        msg = f"front matter must be a mapping of keys to values, not a YAML {type(data).__name__}"
        raise FrontMatterError(msg, path=path, line=line_offset + 1)
    try:
        _check_size(data, [MAX_EXPANDED_NODES], 0, {})
    except FrontMatterError as err:
        raise FrontMatterError(err.reason, path=path, line=line_offset + 1) from None
    except RecursionError as err:
        msg = "front matter nests too deeply to parse"
        raise FrontMatterError(msg, path=path, line=line_offset + 1) from err
    return _freeze(data)


def parse_front_matter(text: str, *, path: str | None = None,
                       max_chars: int = MAX_FRONT_MATTER_CHARS) -> FrontMatter | None:
    """Find and load a leading front-matter block; None when the text has none."""
    found = find_front_matter(text)
    if found is None:
        return None
    start, end, ys, ye = found
    if ye - ys > max_chars:  # refuse before copying a block of megabytes out of the text
        msg = f"front matter is {ye - ys:,} characters, over the limit of {max_chars:,}"
        raise FrontMatterError(msg, path=path, line=_line_of(text, ys))
    metadata = load_yaml_mapping(text[ys:ye], path=path, line_offset=_line_of(text, ys) - 1,
                                 max_chars=max_chars)
    return FrontMatter(start, end, ys, ye, metadata)


def jsonable(value: Any) -> Any:
    """Metadata as plain JSON types (YAML timestamps become ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):  # "!!set": sorted, so reports do not depend on hashing
        return sorted((jsonable(v) for v in value), key=lambda v: (type(v).__name__, str(v)))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # ".nan" / ".inf": JSON has no such numbers
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
