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
from typing import Any, Protocol, TypeVar, cast

from .records import Record
from .shape import Ref, references

R = TypeVar("R", bound=Record)
T = TypeVar("T")

EVERYTHING = "*"


class Shelved(Protocol):
    """A kind's records kept elsewhere (a cache), read only when asked for (storing.shelves)."""

    @property
    def ids(self) -> list[str]: ...  # in load order

    def __contains__(self, record_id: object) -> bool: ...

    def get(self, record_id: str) -> Record | None: ...


class KnowledgeBase:
    def __init__(self, kinds: Iterable[str]) -> None:
        self._records: dict[str, dict[str, Record]] = {kind: {} for kind in kinds}
        self._shelved: dict[str, Shelved] = {}  # kinds read when asked for (and `add`ed ones)
        self._memo: dict[str, object] = {}
        self._memo_reads: dict[str, frozenset[str]] = {}
        self._lasting: set[str] = set()  # the memos worth storing (see lasting_memos)
        self._kept: dict[str, tuple[object, frozenset[str]]] = {}  # see keep_memos
        self._stored_incoming: Callable[[str], list[Naming]] | None = None
        self.reads: set[str] | None = None  # what has been read, while traced()
        self._tokens: dict[str, str] = {}  # see shared()

    def shelve(self, kind: str, shelved: Shelved) -> None:
        """Take a kind's records from `shelved` when asked for: one at a time by id, all of
        them when the kind is gone through. Records `add`ed to the kind are taken first."""
        self._shelved[kind] = shelved

    def stored_incoming(self, lookup: Callable[[str], list[Naming]]) -> None:
        """Who names each id, as stored (`incoming_index`): `referring` reads it instead of
        going through every record."""
        self._stored_incoming = lookup

    @property
    def records(self) -> Mapping[str, Mapping[str, Record]]:
        """Each kind's records by id, read when asked for (noted while traced)."""
        return _Kinds(self)

    def get(self, kind: str, record_id: str) -> Record | None:
        """The `kind` record `record_id`, if there is one."""
        if self.reads is not None:
            self.reads.add("r:" + record_id)
        return self._one(kind, record_id)

    def has(self, kind: str, record_id: str) -> bool:
        if self.reads is not None:
            self.reads.add("r:" + record_id)
        return self._has(kind, record_id)

    def _all(self, kind: str) -> dict[str, Record]:
        """A kind's records by id in load order, every shelved one read."""
        shelved = self._shelved.pop(kind, None)
        if shelved is not None:
            added = self._records[kind]
            found: dict[str, Record] = {}
            for record_id in shelved.ids:
                record = added.get(record_id)
                if record is None:
                    record = shelved.get(record_id)
                if record is not None:
                    found[record_id] = record
            self._records[kind] = found
        return self._records.get(kind, {})

    def _one(self, kind: str, record_id: str) -> Record | None:
        record = self._records.get(kind, {}).get(record_id)
        if record is None and kind in self._shelved:
            return self._shelved[kind].get(record_id)
        return record

    def _has(self, kind: str, record_id: str) -> bool:
        shelved = self._shelved.get(kind)
        if shelved is not None:
            return record_id in shelved
        return record_id in self._records.get(kind, {})

    def shelved(self, kind: str) -> Shelved | None:
        """What a kind's records are read from when asked for (None: all are in memory)."""
        return self._shelved.get(kind)

    def added(self, kind: str) -> dict[str, Record]:
        """A kind's records in memory: those `add`ed, or all of them once gone through."""
        return self._records.get(kind, {})

    def ids(self, kind: str) -> list[str]:
        """A kind's ids in load order (none of its records read)."""
        shelved = self._shelved.get(kind)
        return list(shelved.ids) if shelved is not None else list(self._records.get(kind, {}))

    def kinds(self) -> list[str]:
        return list(self._records)

    def shared(self, tokens: Iterable[str]) -> list[str]:
        """What a trace read, sorted, each token one string object however many records
        read it: the cache's marshal then stores it once and reads it back once."""
        return [self._tokens.setdefault(t, t) for t in sorted(tokens)]

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

    def memo(
        self,
        key: str,
        build: Callable[[], T],
        reads: Iterable[str] | None = None,
        lasting: bool = False,
    ) -> T:
        """An index over the whole knowledge base, built once on first use (kinds use it for
        checks that compare records, e.g. the holders of each office). Each use notes what
        the build read, or `reads` when given: what the part the caller takes depends on
        (an index of who names each id: `i:ID` for the id looked up). A `lasting` memo (plain
        data: marshal's types) is worth storing in the cache (`lasting_memos`): one an edit
        since did not touch is taken from there (`keep_memos`) instead of being built."""
        if key not in self._memo:
            kept = self._kept.pop(key, None)
            if kept is not None:
                self._memo[key], self._memo_reads[key] = kept
            else:
                outer, self.reads = self.reads, None
                try:
                    with self.traced() as found:
                        self._memo[key] = build()
                finally:
                    self.reads = outer
                self._memo_reads[key] = frozenset(found)
        if lasting:
            self._lasting.add(key)
        if self.reads is not None:
            self.reads.update(self._memo_reads[key] if reads is None else reads)
        return cast(T, self._memo[key])

    def keep_memos(self, stored: Mapping[str, tuple[object, Iterable[str]]]) -> None:
        """Lasting memos a cache holds (by key: the memo and what its build read), each still
        true of this knowledge base (nothing it read has changed since): `memo` takes them."""
        self._kept = {key: (value, frozenset(read)) for key, (value, read) in stored.items()}

    def lasting_memos(self) -> dict[str, tuple[object, list[str]]]:
        """The lasting memos built or kept, each with what its build read, for the cache."""
        found = {key: (value, sorted(read)) for key, (value, read) in self._kept.items()}
        for key in self._lasting:
            found[key] = (self._memo[key], sorted(self._memo_reads[key]))
        return found

    def unsupported(self, record_id: str) -> list[str]:
        """The fields of a record that no quote of its citations states (`dt why`), once the
        support check has run over this knowledge base (`reading.provenance.check_support`);
        before, none."""
        check = cast("Callable[[str], list[str]] | None", self._memo.get("unsupported-fields"))
        if check is None:
            return []
        return self.memo(f"unsupported:{record_id}", lambda: check(record_id))

    def add(self, record: Record) -> None:
        self._records[record.record_kind][record.id] = record

    def of(self, model: type[R]) -> Mapping[str, R]:
        """The records of one kind, by id: `kb.of(Meeting)`."""
        return cast(Mapping[str, R], _Kind(self, model.record_kind))

    def find(self, record_id: str) -> Record | None:
        if self.reads is not None:
            self.reads.add("r:" + record_id)
        for kind in self._records:
            if self._has(kind, record_id):
                return self._one(kind, record_id)
        return None

    def __iter__(self) -> Iterator[Record]:
        if self.reads is not None:
            self.reads.add(EVERYTHING)
        for kind in list(self._records):
            yield from self._all(kind).values()

    def __len__(self) -> int:
        if self.reads is not None:
            self.reads.add(EVERYTHING)
        return sum(len(self.ids(kind)) for kind in self._records)

    @cached_property
    def _incoming(self) -> dict[str, list[tuple[Record, Ref]]]:
        """For each id, the records that name it and where (computed once, on first use)."""
        index: dict[str, list[tuple[Record, Ref]]] = {}
        for kind in list(self._records):
            for record in self._all(kind).values():
                for ref in references(record):
                    index.setdefault(ref.target, []).append((record, ref))
        return index

    def referring(self, record_id: str) -> list[tuple[Record, Ref]]:
        """The records that name `record_id`, and where, in load order."""
        if self.reads is not None:
            self.reads.add("i:" + record_id)
        stored = self._stored_incoming
        if stored is None or "_incoming" in self.__dict__:
            return self._incoming.get(record_id, [])
        found = []
        for kind, other_id, path, ref_kind in stored(record_id):
            record = self._one(kind, other_id)
            if record is not None:
                found.append((record, Ref(path, record_id, ref_kind)))
        return found

    def incoming_index(self) -> dict[str, list[Naming]]:
        """Who names each id, in load order, as plain data for the cache (`stored_incoming`)."""
        return {
            target: [naming(r, ref) for r, ref in found] for target, found in self._incoming.items()
        }

    def named_by(self, record_id: str, kind: str, field: str, item: str | None = None) -> list[str]:
        """The ids of the `kind` records whose list `field` names `record_id` (with `item`:
        its items name it in that attribute), once per mention, in load order: from who
        names each id when that is at hand (stored, or computed already), else from an index
        of that one list built over the kind (a call that has every record in memory)."""
        if self._stored_incoming is not None or "_incoming" in self.__dict__:
            shape = 2 if item is None else 3
            return [
                r.id
                for r, ref in self.referring(record_id)
                if r.record_kind == kind
                and ref.path[0] == field
                and len(ref.path) == shape
                and (item is None or ref.path[2] == item)
            ]

        def build() -> dict[str, list[str]]:
            index: dict[str, list[str]] = {}
            for record in self._all(kind).values():
                for named in getattr(record, field, None) or []:
                    key = getattr(named, item) if item else named
                    index.setdefault(key, []).append(record.id)
            return index

        # an entry changes only with the records that name its id: `i:` of that id
        index = self.memo(f"named-by:{kind}.{field}.{item}", build, reads=("i:" + record_id,))
        return index.get(record_id, [])

    def naming(self, record_id: str, kind: str, field: str) -> list[Record]:
        """The `kind` records whose `field` names `record_id`, each once, in load order."""
        found = {
            id(r): r
            for r, ref in self.referring(record_id)
            if r.record_kind == kind and ref.path[0] == field
        }
        return list(found.values())


# who names an id, as the cache keeps it: the record's kind and id, the Ref's path and kind
Naming = tuple[str, str, tuple[str | int, ...], str]


def naming(record: Record, ref: Ref) -> Naming:
    return record.record_kind, record.id, ref.path, ref.kind


def touched(kind: str, versions: Iterable[Record]) -> set[str]:
    """What an edit of a record of `kind` changes, in `KnowledgeBase.traced` tokens, from
    its versions (the one before and the one after, whichever exist)."""
    found = {"k:" + kind}
    for record in versions:
        found.add("r:" + record.id)
        found.update("i:" + ref.target for ref in references(record))
    return found


class _Kind(Mapping[str, Record]):
    """One kind's records by id, read when asked for; what is read is noted in the trace
    that is on when it is read (not when the view was made: a reader may keep it)."""

    __slots__ = ("_kb", "_kind")

    def __init__(self, kb: KnowledgeBase, kind: str) -> None:
        self._kb, self._kind = kb, kind

    def __getitem__(self, record_id: str) -> Record:
        found = self._kb.get(self._kind, record_id)
        if found is None:
            raise KeyError(record_id)
        return found

    def get(self, record_id: str, default: Any = None) -> Any:
        found = self._kb.get(self._kind, record_id)
        return default if found is None else found

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and self._kb.has(self._kind, record_id)

    def _every(self) -> dict[str, Record]:
        if self._kb.reads is not None:
            self._kb.reads.add("k:" + self._kind)
        return self._kb._all(self._kind)

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        if self._kb.reads is not None:
            self._kb.reads.add("k:" + self._kind)
        return len(self._kb.ids(self._kind))

    def keys(self) -> KeysView[str]:
        return self._every().keys()

    def values(self) -> ValuesView[Record]:
        return self._every().values()

    def items(self) -> ItemsView[str, Record]:
        return self._every().items()


class _Kinds(Mapping[str, Mapping[str, Record]]):
    """`KnowledgeBase.records`: the kinds themselves are fixed (the registry's)."""

    __slots__ = ("_kb",)

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def __getitem__(self, kind: str) -> Mapping[str, Record]:
        if kind not in self._kb._records:
            raise KeyError(kind)
        return _Kind(self._kb, kind)

    def __iter__(self) -> Iterator[str]:
        return iter(self._kb._records)

    def __len__(self) -> int:
        return len(self._kb._records)
