"""The record kinds, each declared once in its own module (its model and its DECLARATION).

Adding a kind: write `kinds/<name>.py` with its model and `DECLARATION`, add its name below,
its folder to data/, its template to CONTRIBUTING.md and its tests. Nothing else changes.

The kind modules are imported only when records are read or shown (they build pydantic
models); a cached listing runs from the listing specs the cache holds.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

from ..core.declaration import Declaration

# Load order: a kind comes after the kinds its records name (sources first).
KIND_NAMES = [
    "sources",
    "rates",
    "officials",
    "platforms",
    "agreements",
    "deals",
    "notifications",
    "series",
    "meetings",
    "exercises",
    "coverage",
]
_EXTRA: list[Declaration[Any]] = []  # kinds declared outside this package (tests)


@functools.cache
def _module_declaration(name: str) -> Declaration[Any]:
    declaration: Declaration[Any] = importlib.import_module(f"{__name__}.{name}").DECLARATION
    return declaration


def registry() -> list[Declaration[Any]]:
    """Every kind's declaration, in load order."""
    return [_module_declaration(name) for name in KIND_NAMES] + _EXTRA


def names() -> list[str]:
    return KIND_NAMES + [d.name for d in _EXTRA]


def declaration(name: str) -> Declaration[Any]:
    """One kind's declaration, importing only its module (a kind of this package)."""
    if name in KIND_NAMES:
        return _module_declaration(name)
    return next(d for d in registry() if d.name == name)


def extra() -> list[Declaration[Any]]:
    return list(_EXTRA)


def register(extra: Declaration[Any]) -> None:
    """Add a kind declared elsewhere, after the package's own (for tests of new kinds)."""
    _EXTRA.append(extra)


def unregister(extra: Declaration[Any]) -> None:
    _EXTRA.remove(extra)
