"""The knowledge base as commands use it: from the cache when it is fresh, else from the YAML.

A listing needs only its kind's table (`catalog.KindTable`); `show`, `search` and the others
need the models (`knowledge_base()`). A cached call reads just what it asks for.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache
from .catalog import LISTING_KINDS, KindTable
from .vocab import Kind

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase
    from .problems import Problem


@contextmanager
def _no_gc() -> Iterator[None]:
    """Bulk work allocates many objects and frees few: collecting meanwhile only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class LoadedStore:
    """A knowledge base just loaded from its YAML files."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.count = len(kb)
        self._tables: dict[Kind, KindTable] = {}

    def ids(self, kind: Kind) -> set[str]:
        return set(self.kb.records[kind])

    def table(self, kind: Kind) -> KindTable:
        if kind not in self._tables:
            from .catalog import build_table

            self._tables[kind] = build_table(self.kb, kind)
        return self._tables[kind]

    def knowledge_base(self) -> KnowledgeBase:
        return self.kb

    def sections(self) -> dict[str, Any]:
        """Everything a later call may ask for, as plain data for the cache."""
        found: dict[str, Any] = {
            "count": self.count,
            **{f"ids:{kind.value}": list(self.kb.records[kind]) for kind in Kind},
            "records": {
                kind.value: [r.model_dump(mode="json") for r in self.kb.records[kind].values()]
                for kind in Kind
            },
        }
        for kind in LISTING_KINDS:
            found[f"table:{kind.value}"] = self.table(kind).data()
        return found


class CachedStore:
    """A knowledge base read back from a fresh cache."""

    def __init__(self, found: cache.Cache, count: int, reload: Callable[[], Any]) -> None:
        self._cache, self.count, self._reload = found, count, reload

    def ids(self, kind: Kind) -> set[str]:
        ids = self._cache.section(f"ids:{kind.value}")
        return self._reload().ids(kind) if ids is None else set(ids)

    def table(self, kind: Kind) -> KindTable:
        with _no_gc():
            data = self._cache.section(f"table:{kind.value}")
        return self._reload().table(kind) if data is None else KindTable.from_data(data)

    def knowledge_base(self) -> KnowledgeBase:
        from .knowledge_base import KnowledgeBase
        from .models import MODELS

        with _no_gc():
            data = self._cache.section("records")
            if data is None:
                return self._reload().knowledge_base()  # type: ignore[no-any-return]
            kb = KnowledgeBase()
            for kind in Kind:
                model = MODELS[kind]
                for record in data[kind.value]:
                    kb.add(model.model_validate(record))
        return kb


Store = LoadedStore | CachedStore


def open_store(
    data_dir: Path, use_cache: bool = True, progress: Callable[[int, int], None] | None = None
) -> tuple[Store, list[Problem]]:
    """The knowledge base in `data_dir` and its problems (a cache exists only without any)."""
    current = cache.scan(data_dir) if use_cache else None
    path = cache.location(data_dir) if current else None
    if current is not None:
        found = cache.read(path, current)
        count = found.section("count") if found else None
        if found is not None and isinstance(count, int):
            return CachedStore(found, count, lambda: _load(data_dir, None, None, progress)[0]), []
    return _load(data_dir, current, path, progress)


def _load(
    data_dir: Path,
    current: cache.Scan | None,
    path: Path | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[LoadedStore, list[Problem]]:
    from .loading import load_with_problems

    digests: dict[str, str] = {}

    def remember(file: Path, data: bytes) -> None:
        digests[f"{file.parent.name}/{file.name}"] = cache.digest(data)

    with _no_gc():
        kb, problems = load_with_problems(data_dir, remember if current else None, progress)
        store = LoadedStore(kb)
        if current is not None and not problems:
            cache.write(path, current, digests, store.sections())
    return store, problems
