"""Who names each id (KnowledgeBase.incoming_index), as the cache keeps it: in SHARDS sections
by a digest of the id, each read when first asked for. After an edit only the shards of the
ids the edited records named, or name now, are read and changed; the next cache copies the
others as they are stored."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .shelves import Unshelved

if TYPE_CHECKING:
    from ..core.knowledge_base import Naming
    from . import cache

SHARDS = 64
Index = dict[str, list["Naming"]]


def shard(record_id: str) -> int:
    """The shard of an id: the same in every process (str's hash is not)."""
    return zlib.crc32(record_id.encode()) % SHARDS


def sections(index: Index) -> Iterator[tuple[str, Index]]:
    """A whole index, as the cache's sections."""
    shards: list[Index] = [{} for _ in range(SHARDS)]
    for target, entries in index.items():
        shards[shard(target)][target] = entries
    for n, part in enumerate(shards):
        yield f"incoming:{n}", part


class Incoming:
    """A cache's index, a shard read when an id of it is first asked for. A shard that is
    missing or damaged raises Unshelved."""

    def __init__(self, found: cache.Cache) -> None:
        self._found = found
        self._shards: dict[int, Index] = {}
        self._changed: set[int] = set()

    def check(self) -> None:
        """Raise Unshelved unless every shard is there and whole (its checksum checked), so
        that a later lookup cannot fail half-way through a call."""
        if any(self._found.blob(f"incoming:{n}") is None for n in range(SHARDS)):
            raise Unshelved

    def _shard(self, n: int) -> Index:
        if n not in self._shards:
            data = self._found.section(f"incoming:{n}")
            if not isinstance(data, dict):
                raise Unshelved
            self._shards[n] = data
        return self._shards[n]

    def __call__(self, record_id: str) -> list[Naming]:
        return self._shard(shard(record_id)).get(record_id, [])

    def patch(
        self,
        targets: Iterable[str],
        gone: set[tuple[str, str]],
        new: dict[str, list[Naming]],
        place: Callable[[Naming], Any],
    ) -> None:
        """For each id of `targets`: take out the entries of the records `gone` (kind, id),
        put in those `new` names it with, and order them by `place` (stable: a record's own
        entries keep their order)."""
        for target in targets:
            part = self._shard(shard(target))
            kept = [e for e in part.get(target, []) if (e[0], e[1]) not in gone]
            entries = sorted(kept + new.get(target, []), key=place)
            if entries:
                part[target] = entries
            else:
                part.pop(target, None)
            self._changed.add(shard(target))

    def sections(self) -> Iterator[tuple[str, Any]]:
        """The index for the next cache: changed shards as data, the others as stored."""
        for n in range(SHARDS):
            name = f"incoming:{n}"
            stored = None if n in self._changed else self._found.raw(name)
            yield name, stored if stored is not None else self._shard(n)


class Fallback:
    """A cache's index where it is whole, else one computed from the records."""

    def __init__(self, stored: Incoming, compute: Callable[[], Index]) -> None:
        self._stored, self._compute = stored, compute
        self._index: Index | None = None

    def __call__(self, record_id: str) -> list[Naming]:
        if self._index is None:
            try:
                return self._stored(record_id)
            except Unshelved:
                self._index = self._compute()
        return self._index.get(record_id, [])
