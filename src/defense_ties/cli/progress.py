"""A progress bar on stderr for slow cold loads: only on a terminal, only after a second."""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY_S = 1.0
WIDTH = 30


class LoadProgress:
    """Call with (done, total) after each file. Silent unless `stream` is a terminal and the
    load has already taken DELAY_S; then a bar redrawn in place, erased at `close()`."""

    def __init__(self, stream: TextIO | None = None, delay: float = DELAY_S) -> None:
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.delay = delay
        self.shown = False
        self._enabled = _is_terminal(self.stream)
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (now - self._last < 0.1 and done < total):
            return
        self._last = now
        filled = WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\rdt: reading the knowledge base [{bar}] {done}/{total} files")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
