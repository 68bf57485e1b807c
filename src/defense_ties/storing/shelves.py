"""A kind's records as the cache keeps them (`models:KIND`): pickled in chunks of CHUNK, in load
order, so that a call reads only the chunks of the records it asks for, and the cache of the
next state copies every chunk no edit touched (`spliced`)."""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import chunks
from .chunks import Chunks

if TYPE_CHECKING:
    from ..core.records import Record
    from . import cache

CHUNK = 256


def chunked(records: list[Record]) -> Chunks:
    """Records in load order, as `models:KIND` holds them."""
    return chunks.chunked([r.id for r in records], records, _pickled, CHUNK)


def _pickled(records: list[Record]) -> bytes:
    return pickle.dumps(records, protocol=5)


class Shelf:
    """A kind's records in a cache, read when first asked for: its ids (`ids:KIND`) when
    `check`ed, the records' section when one is asked for, then only its chunk unpickled.
    A section that is missing or damaged raises Unshelved: the caller reads the YAML."""

    def __init__(self, found: cache.Cache, kind: str) -> None:
        self._found, self._kind = found, kind
        self._ids: list[str] | None = None
        self._set: set[str] | None = None
        self._chunks: Chunks | None = None
        self._owner: dict[str, int] = {}
        self._open: dict[int, dict[str, Record]] = {}

    def check(self) -> None:
        """Read the ids, and check the records' section is whole and holds them (it is not
        kept: read again when a record is asked for, so a kind no call reads costs no
        memory)."""
        ids = self._found.section(f"ids:{self._kind}")
        if not isinstance(ids, list):
            raise Unshelved
        self._ids = ids
        self.chunks()
        self._chunks, self._owner = None, {}

    def chunks(self) -> Chunks:
        if self._chunks is None:
            data: Any = self._found.section(f"models:{self._kind}")
            try:
                chunk_ids, blobs = data
                if len(chunk_ids) != len(blobs):
                    raise ValueError
                owner = {i: n for n, ids in enumerate(chunk_ids) for i in ids}
            except (TypeError, ValueError):
                raise Unshelved from None
            if self._ids is not None and len(owner) != len(self._ids):
                raise Unshelved
            self._chunks, self._owner = (chunk_ids, blobs), owner
        return self._chunks

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = [i for ids in self.chunks()[0] for i in ids]
        return self._ids

    def __contains__(self, record_id: object) -> bool:
        if self._set is None:
            self._set = set(self.ids)
        return record_id in self._set

    def get(self, record_id: str) -> Record | None:
        self.chunks()
        n = self._owner.get(record_id)
        return None if n is None else self._chunk(n).get(record_id)

    def _chunk(self, n: int) -> dict[str, Record]:
        if n not in self._open:
            try:
                records = pickle.loads(self.chunks()[1][n])  # noqa: S301  (cache._trusted)
                self._open[n] = {r.id: r for r in records}
            except Exception:  # noqa: BLE001  (whatever a damaged pickle raises)
                raise Unshelved from None
        return self._open[n]

    def records(self) -> list[Record]:
        """Every record, in load order."""
        return [r for n in range(len(self.chunks()[0])) for r in self._chunk(n).values()]


class Unshelved(Exception):
    """A cache's records that cannot be read back."""


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


def spliced(edited: Edited, added: Mapping[str, Record]) -> Chunks:
    """The chunks of the new state: those of the shelf that hold none of the edited records
    and still follow each other in the new order, copied as they are; the others pickled
    again with the records read now (`added`)."""

    def record(record_id: str) -> Record:
        found = added.get(record_id)
        if found is None:
            found = edited.get(record_id)
        if found is None:
            raise Unshelved  # an id of the new state with no record: never written
        return found

    return chunks.spliced(edited.shelf.chunks(), edited.ids, edited.gone, record, _pickled, CHUNK)
