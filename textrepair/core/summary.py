"""The counts of a run (files, errors, edits, flagged paragraphs, links, bytes, time), tallied from report entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: How many skipped paths a summary keeps (the count and the suffixes cover the rest).
SKIPPED_LISTED = 20


@dataclass
class RunSummary:
    """What a run did, for the end-of-run table and the report page: filled by :meth:`add` (one
    report entry) and :meth:`skip` (one file the default selection left out)."""

    files: int = 0
    errors: int = 0
    edits: int = 0
    flagged_paragraphs: int = 0
    links: int = 0
    bytes_in: int = 0
    seconds: float = 0.0
    error_paths: list[str] = field(default_factory=list)
    error_messages: list[str] = field(default_factory=list)
    resumed: int = 0  # inputs a --resume run took from the previous report (counted in files too)
    # Files the default selection (pattern=None: text files by name) left out: how many, by
    # suffix ("" for hidden files' and such), and the first SKIPPED_LISTED of their paths.
    skipped: int = 0
    skipped_suffixes: dict[str, int] = field(default_factory=dict)
    skipped_paths: list[str] = field(default_factory=list)

    def skip(self, rel: str) -> None:
        self.skipped += 1
        name = rel.rsplit("/", 1)[-1]
        key = "hidden" if name.startswith(".") else (Path(name).suffix.lower() or "no extension")
        self.skipped_suffixes[key] = self.skipped_suffixes.get(key, 0) + 1
        if len(self.skipped_paths) < SKIPPED_LISTED:
            self.skipped_paths.append(rel)

    def add(self, entry: Mapping[str, Any], size: int = 0) -> None:
        """Count one report entry (a folder run's report line, a stream's entry) of ``size`` input bytes."""
        self.files += 1
        self.bytes_in += size
        if entry.get("status") != "ok":
            self.errors += 1
            path = str(entry.get("path", ""))
            self.error_paths.append(path)
            self.error_messages.append(str(entry.get("error", path)))
            return
        self.edits += len(entry.get("edits") or ())
        self.flagged_paragraphs += sum(1 for p in entry.get("paragraphs") or ()
                                       if isinstance(p, Mapping) and p.get("spun"))
        self.links += len(entry.get("links") or ())
