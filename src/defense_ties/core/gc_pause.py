"""Pausing Python's cycle collector for bulk work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Bulk work allocates many objects and frees few: collecting meanwhile only costs time.
    (`dt` itself runs with the collector off: this is for callers of the library.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
