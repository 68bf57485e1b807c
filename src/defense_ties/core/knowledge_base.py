"""The loaded knowledge base: records by kind, each kind by id, in load order.

While `traced()` is on, every read of the knowledge base is noted as a token, so that what is
computed from it (a listing's row) can say what it depends on, and be kept after an edit that
touched none of it (storing.tables):

- `r:ID`: the record ID itself, or whether there is one (`kb.of(M)[id]`, `.get`, `in`, `find`);
- `k:KIND`: every record of a kind, and their order (iterating `kb.of(M)`, `len`);
- `i:ID`: the records that name ID, and where (`naming`, `referring`);
- `*`: everything (iterating the knowledge base).

An edit of a record touches `r:` of its id, `k:` of its kind, and `i:` of every id its old or
new version names (`touched`). A memo notes what its build read, and each later use of it
notes the same, so a row that takes a memo depends on what the memo was built from.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from contextlib import contextmanager
from functools import cached_property
from typing import Any, TypeVar, cast

from .records import Record
from .shape import Ref, references

R = TypeVar("R", bound=Record)
T = TypeVar("T")

EVERYTHING = "*"


class KnowledgeBase:
    def __init__(self, kinds: Iterable[str]) -> None:
        self._records: dict[str, dict[str, Record]] = {kind: {} for kind in kinds}
        self._memo: dict[str, object] = {}
        self._memo_reads: dict[str, frozenset[str]] = {}
        self.reads: set[str] | None = None  # what has been read, while traced()

    @property
    def records(self) -> Mapping[str, Mapping[str, Record]]:
        """Each kind's records by id (noted while traced)."""
        reads = self.reads
        return self._records if reads is None else _TracedKinds(self._records, reads)

    @contextmanager
    def traced(self) -> Iterator[set[str]]:
        """Note every read of the knowledge base until the block ends, in the set it yields
        (an enclosing trace notes them too)."""
        outer = self.reads
        self.reads = reads = set[str]()
        try:
            yield reads
        finally:
            self.reads = outer
            if outer is not None:
                outer |= reads

    def memo(self, key: str, build: Callable[[], T], reads: Iterable[str] | None = None) -> T:
        """An index over the whole knowledge base, built once on first use (kinds use it for
        checks that compare records, e.g. the holders of each office). Each use notes what
        the build read, or `reads` when given: what the part the caller takes depends on
        (an index of who names each id: `i:ID` for the id looked up)."""
        if key not in self._memo:
            outer, self.reads = self.reads, None
            try:
                with self.traced() as found:
                    self._memo[key] = build()
            finally:
                self.reads = outer
            self._memo_reads[key] = frozenset(found)
        if self.reads is not None:
            self.reads.update(self._memo_reads[key] if reads is None else reads)
        return cast(T, self._memo[key])

    def unsupported(self, record_id: str) -> list[str]:
        """The fields of a record that no quote of its citations states (`dt why`), once the
        support check has run over this knowledge base (`reading.provenance.check_support`);
        before, none."""
        found = cast("Mapping[str, list[str]] | None", self._memo.get("unsupported-fields"))
        if found is None:
            return []
        return self.memo(f"unsupported:{record_id}", lambda: found.get(record_id, []))

    def add(self, record: Record) -> None:
        self._records[record.record_kind][record.id] = record

    def of(self, model: type[R]) -> Mapping[str, R]:
        """The records of one kind, by id: `kb.of(Meeting)`."""
        by_id = self._records.get(model.record_kind, {})
        if self.reads is not None:
            return cast(Mapping[str, R], _Traced(model.record_kind, by_id, self.reads))
        return cast(Mapping[str, R], by_id)

    def find(self, record_id: str) -> Record | None:
        if self.reads is not None:
            self.reads.add("r:" + record_id)
        for by_id in self._records.values():
            if record_id in by_id:
                return by_id[record_id]
        return None

    def __iter__(self) -> Iterator[Record]:
        if self.reads is not None:
            self.reads.add(EVERYTHING)
        for by_id in self._records.values():
            yield from by_id.values()

    def __len__(self) -> int:
        if self.reads is not None:
            self.reads.add(EVERYTHING)
        return sum(len(by_id) for by_id in self._records.values())

    @cached_property
    def _incoming(self) -> dict[str, list[tuple[Record, Ref]]]:
        """For each id, the records that name it and where (computed once, on first use)."""
        index: dict[str, list[tuple[Record, Ref]]] = {}
        for by_id in self._records.values():
            for record in by_id.values():
                for ref in references(record):
                    index.setdefault(ref.target, []).append((record, ref))
        return index

    def referring(self, record_id: str) -> list[tuple[Record, Ref]]:
        """The records that name `record_id`, and where, in load order."""
        if self.reads is not None:
            self.reads.add("i:" + record_id)
        return self._incoming.get(record_id, [])

    def naming(self, record_id: str, kind: str, field: str) -> list[Record]:
        """The `kind` records whose `field` names `record_id`, each once, in load order."""
        found = {
            id(r): r
            for r, ref in self.referring(record_id)
            if r.record_kind == kind and ref.path[0] == field
        }
        return list(found.values())


def touched(kind: str, versions: Iterable[Record]) -> set[str]:
    """What an edit of a record of `kind` changes, in `KnowledgeBase.traced` tokens, from
    its versions (the one before and the one after, whichever exist)."""
    found = {"k:" + kind}
    for record in versions:
        found.add("r:" + record.id)
        found.update("i:" + ref.target for ref in references(record))
    return found


class _Traced(Mapping[str, Record]):
    """One kind's records by id, noting what is read (see KnowledgeBase)."""

    __slots__ = ("_by_id", "_kind", "_reads")

    def __init__(self, kind: str, by_id: dict[str, Record], reads: set[str]) -> None:
        self._kind, self._by_id, self._reads = kind, by_id, reads

    def __getitem__(self, record_id: str) -> Record:
        self._reads.add("r:" + record_id)
        return self._by_id[record_id]

    def get(self, record_id: str, default: Any = None) -> Any:
        self._reads.add("r:" + record_id)
        return self._by_id.get(record_id, default)

    def __contains__(self, record_id: object) -> bool:
        self._reads.add("r:" + str(record_id))
        return record_id in self._by_id

    def _all(self) -> dict[str, Record]:
        self._reads.add("k:" + self._kind)
        return self._by_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self) -> KeysView[str]:
        return self._all().keys()

    def values(self) -> ValuesView[Record]:
        return self._all().values()

    def items(self) -> ItemsView[str, Record]:
        return self._all().items()


class _TracedKinds(Mapping[str, Mapping[str, Record]]):
    """`KnowledgeBase.records` while traced: the kinds themselves are fixed (the registry's)."""

    __slots__ = ("_kinds", "_reads")

    def __init__(self, kinds: dict[str, dict[str, Record]], reads: set[str]) -> None:
        self._kinds, self._reads = kinds, reads

    def __getitem__(self, kind: str) -> Mapping[str, Record]:
        return _Traced(kind, self._kinds[kind], self._reads)

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)
