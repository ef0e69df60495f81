"""Front matter: find a leading ``---`` YAML block with exact offsets and load it safely, within limits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import yaml

from .errors import FrontMatterError

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


def _check_size(node: Any, budget: list[int], depth: int, seen_depth: dict[int, int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        msg = f"front matter expands to more than {MAX_EXPANDED_NODES:,} values (YAML alias bomb?)"
        raise FrontMatterError(msg)
    if depth > MAX_DEPTH:
        msg = f"front matter nests deeper than {MAX_DEPTH} levels"
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
    try:
        data = yaml.load(source, Loader=_Loader)  # noqa: S506 - a safe loader
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
    metadata = load_yaml_mapping(text[ys:ye], path=path, line_offset=_line_of(text, ys) - 1,
                                 max_chars=max_chars)
    return FrontMatter(start, end, ys, ye, metadata)


def jsonable(value: Any) -> Any:
    """Metadata as plain JSON types (YAML timestamps become ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
