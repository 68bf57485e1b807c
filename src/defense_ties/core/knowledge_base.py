"""The loaded knowledge base: records by kind, each kind by id, in load order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TypeVar, cast

from .records import Record
from .shape import Ref, references

R = TypeVar("R", bound=Record)
T = TypeVar("T")


class KnowledgeBase:
    def __init__(self, kinds: Iterable[str]) -> None:
        self.records: dict[str, dict[str, Record]] = {kind: {} for kind in kinds}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """An index over the whole knowledge base, built once on first use (kinds use it for
        checks that compare records, e.g. the holders of each office)."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    def unsupported(self, record_id: str) -> list[str]:
        """The fields of a record that no quote of its citations states (`dt why`), once the
        support check has run over this knowledge base (`reading.provenance.check_support`);
        before, none."""
        found: dict[str, list[str]] = self.memo("unsupported-fields", dict)
        return found.get(record_id, [])

    def add(self, record: Record) -> None:
        self.records[record.record_kind][record.id] = record

    def of(self, model: type[R]) -> dict[str, R]:
        """The records of one kind, by id: `kb.of(Meeting)`."""
        return cast(dict[str, R], self.records.get(model.record_kind, {}))

    def find(self, record_id: str) -> Record | None:
        for by_id in self.records.values():
            if record_id in by_id:
                return by_id[record_id]
        return None

    def __iter__(self) -> Iterator[Record]:
        for by_id in self.records.values():
            yield from by_id.values()

    def __len__(self) -> int:
        return sum(len(by_id) for by_id in self.records.values())

    @cached_property
    def incoming(self) -> dict[str, list[tuple[Record, Ref]]]:
        """For each id, the records that name it and where (computed once, on first use)."""
        index: dict[str, list[tuple[Record, Ref]]] = {}
        for record in self:
            for ref in references(record):
                index.setdefault(ref.target, []).append((record, ref))
        return index

    def naming(self, record_id: str, kind: str, field: str) -> list[Record]:
        """The `kind` records whose `field` names `record_id`, each once, in load order."""
        found = {
            id(r): r
            for r, ref in self.incoming.get(record_id, [])
            if r.record_kind == kind and ref.path[0] == field
        }
        return list(found.values())
