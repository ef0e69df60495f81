"""A one-line progress display for runs (files, MB, rate, ETA) on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """A one-line progress display on a terminal (files, MB, rate, ETA); silent when stderr is not a terminal.

    With ``total_bytes`` the ETA follows bytes (sizes vary far more than per-file cost does);
    ``total=0`` means the count is unknown (a stream), and then only counts and rates show.
    """

    #: Seconds between redraws: many small inputs must not turn progress into the bottleneck.
    REDRAW = 0.1

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 total_bytes: int = 0) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.total_bytes = total_bytes
        self.done = 0
        self.bytes = 0
        self.start = time.monotonic()
        self._drawn = 0.0

    def line(self) -> str:
        """The current progress line (without the carriage return)."""
        elapsed = max(time.monotonic() - self.start, 1e-9)
        mb, total_mb = self.bytes / 1e6, self.total_bytes / 1e6
        if self.total_bytes:
            frac = min(1.0, self.bytes / self.total_bytes)
        elif self.total:
            frac = min(1.0, self.done / self.total)
        else:
            frac = None
        files = f"{self.done}/{self.total} files" if self.total else f"{self.done} docs"
        d = 1 if max(mb, total_mb) >= 1 else 2  # small runs: 0.03 MB, not 0.0 MB
        size = f"{mb:.{d}f}/{total_mb:.{d}f} MB" if self.total_bytes else f"{mb:.{d}f} MB"
        rate = f"{mb / elapsed:.2f} MB/s"
        if frac is None:
            return f"{files}  {size}  {rate}  {elapsed:5.1f}s"
        eta = elapsed / frac - elapsed if frac > 0 else 0.0
        bar = "#" * int(frac * 30)
        return f"[{bar:<30}] {files}  {size}  {rate}  ETA {eta:5.1f}s"

    def step(self, n_bytes: int = 0) -> None:
        self.done += 1
        self.bytes += n_bytes
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn < self.REDRAW and self.done != self.total:
            return
        self._drawn = now
        self.stream.write("\r" + self.line())
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()
