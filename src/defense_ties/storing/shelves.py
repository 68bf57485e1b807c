"""A kind's records as the cache keeps them (`models:KIND`): pickled in parts of CHUNK, in load
order, so that a call reads only the parts of the records it asks for, and the cache of the
next state copies every part no edit touched (`spliced`)."""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import cache, chunks

if TYPE_CHECKING:
    from ..core.records import Record

CHUNK = 256


def chunked(records: list[Record]) -> cache.Parts:
    """Records in load order, as `models:KIND` holds them."""
    return chunks.chunked([r.id for r in records], records, _pickled, CHUNK)


def _pickled(records: list[Record]) -> bytes:
    return pickle.dumps(records, protocol=5)


class Shelf:
    """A kind's records in a cache, read when first asked for: its ids when `check`ed, a
    part when one of its records is asked for. A section that is missing or damaged raises
    Unshelved: the caller reads the YAML."""

    def __init__(self, found: cache.Cache, kind: str) -> None:
        self._found, self.name = found, f"models:{kind}"
        self._parts: list[list[str]] | None = None
        self._ids: list[str] | None = None
        self._owner: dict[str, int] = {}
        self._open: dict[int, dict[str, Record]] = {}

    def check(self) -> None:
        """Read which part holds each record, and check every part is there and whole."""
        parts = self.parts()
        if not self._found.whole(self.name, len(parts)):
            raise Unshelved

    def parts(self) -> list[list[str]]:
        """Each part's ids."""
        if self._parts is None:
            parts = self._found.parts(self.name)
            if parts is None:
                raise Unshelved
            self._owner = {i: n for n, ids in enumerate(parts) for i in ids}
            self._parts = parts
        return self._parts

    def stored(self, n: int) -> cache.Stored | None:
        """Part n as stored, to copy."""
        return self._found.raw(cache.part(self.name, n))

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = [i for ids in self.parts() for i in ids]
        return self._ids

    def __contains__(self, record_id: object) -> bool:
        self.parts()
        return record_id in self._owner

    def get(self, record_id: str) -> Record | None:
        self.parts()
        n = self._owner.get(record_id)
        return None if n is None else self._part(n).get(record_id)

    def _part(self, n: int) -> dict[str, Record]:
        if n not in self._open:
            blob = self._found.blob(cache.part(self.name, n))
            try:
                records = pickle.loads(blob or b"")  # noqa: S301  (cache._trusted)
                self._open[n] = {r.id: r for r in records}
            except Exception:  # noqa: BLE001  (whatever a damaged pickle raises)
                raise Unshelved from None
        return self._open[n]

    def records(self) -> list[Record]:
        """Every record, in load order."""
        return [r for n in range(len(self.parts())) for r in self._part(n).values()]


class Unshelved(ValueError):
    """A cache's records that cannot be read back (a ValueError: met while a cache is written,
    that write is given up, as any other problem writing)."""


class Edited:
    """A shelf seen after an edit: the ids of the new state (in load order), with the records
    of edited files (`gone`: removed, or read again) no longer taken from it."""

    def __init__(self, shelf: Shelf, ids: list[str], gone: set[str]) -> None:
        self.shelf, self._order, self.gone = shelf, ids, gone
        self._ids = set(ids)

    @property
    def ids(self) -> list[str]:
        return self._order

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._ids

    def get(self, record_id: str) -> Record | None:
        return None if record_id in self.gone else self.shelf.get(record_id)


def spliced(edited: Edited, added: Mapping[str, Record]) -> cache.Parts:
    """The parts of the new state: those of the shelf that hold none of the edited records
    and still follow each other in the new order, copied as they are; the others pickled
    again with the records read now (`added`)."""

    def record(record_id: str) -> Record:
        found = added.get(record_id)
        if found is None:
            found = edited.get(record_id)
        if found is None:
            raise Unshelved  # an id of the new state with no record: never written
        return found

    shelf = edited.shelf
    return chunks.spliced(
        shelf.parts(), shelf.stored, edited.ids, edited.gone, record, _pickled, CHUNK
    )
