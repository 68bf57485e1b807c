"""Listing tables: for each record of a listed kind, its filter keys, its row and its JSON
document, computed once from the models so that a cached call needs none of them."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.json_text import json_text
from .cache import Cache, Parts, Stored, part
from .chunks import chunked, spliced

if TYPE_CHECKING:  # a cached listing reads tables without the models
    from ..core.declaration import Cell, Declaration
    from ..core.knowledge_base import KnowledgeBase
    from ..core.records import Record


Reads = list[list[str]]  # what each row of a table read of the knowledge base (its tokens)


@dataclass(frozen=True)
class KindTable:
    """One listed kind, column-wise; position i of each list is the same record."""

    ids: list[str]
    keys: list[tuple[Any, ...]]  # filter keys, in the order of ListingSpec.key_names()
    rows: list[tuple[Cell, ...]]  # cells, in the order of ListingSpec.columns
    docs: list[str]  # each record's JSON document, as json_text writes it

    def data(self) -> Parts:
        """As the cache stores it: the rows in parts of ROWS, each the marshal of its keys,
        cells and documents (an edit re-encodes only the parts it touches)."""
        rows = list(zip(self.keys, self.rows, self.docs, strict=True))
        return chunked(self.ids, rows, _encoded, ROWS)

    @classmethod
    def read(cls, found: Cache, name: str) -> KindTable | None:
        """The table a cache stores as `name`; None if it is missing or damaged."""
        parts = found.parts(name)
        if parts is None:
            return None
        table = cls([], [], [], [])
        for n, ids in enumerate(parts):
            blob = found.blob(part(name, n))
            try:
                keys, rows, docs = marshal.loads(blob or b"")
            except (EOFError, ValueError, TypeError):
                return None
            if not len(ids) == len(keys) == len(rows) == len(docs):
                return None
            table.ids.extend(ids)
            table.keys.extend(keys)
            table.rows.extend(rows)
            table.docs.extend(docs)
        return table


ROWS = 512


def _encoded(rows: list[tuple[Any, Any, str]]) -> bytes:
    return marshal.dumps(tuple(list(column) for column in zip(*rows, strict=True)) or ([], [], []))


def _decoded(blob: bytes | None) -> list[tuple[Any, Any, str]]:
    """A part's rows; ValueError if it is missing or damaged."""
    try:
        keys, rows, docs = marshal.loads(blob or b"")
        return list(zip(keys, rows, docs, strict=True))
    except (EOFError, TypeError) as error:
        raise ValueError("a damaged part") from error


def document(kb: KnowledgeBase, declaration: Declaration[Any], record: Record) -> dict[str, Any]:
    """The record as JSON-ready data: its id, its fields as in the YAML, computed fields,
    reverse links, then notes and sources."""
    data = record.model_dump(mode="json")
    tail: dict[str, Any] = {
        key: data.pop(key) for key in ("contested", "notes", "sources") if key in data
    }
    if "sources" in tail:  # a citation's `supports` only when it lists fields
        tail["sources"] = [
            {k: v for k, v in c.items() if k != "supports" or v is not None}
            for c in tail["sources"]
        ]
    computed = {c.name: c.get(kb, record) for c in declaration.computed}
    if declaration.listed:
        computed["unsupported"] = kb.unsupported(record.id)
    backlinks = {
        b.name: [r.id for r in kb.naming(record.id, b.kind, b.field)] for b in declaration.backlinks
    }
    return {"id": data.pop("id"), **data, **computed, **backlinks, **tail}


def build_table(kb: KnowledgeBase, declaration: Declaration[Any]) -> tuple[KindTable, Reads]:
    """Compute the table of one kind from a loaded knowledge base (the support check runs
    first, once: rows mark the fields no quote states), with what each row read of it (see
    KnowledgeBase.traced)."""
    row = _row_of(kb, declaration)
    ids, rows, reads = _rows(kb, declaration.name, kb.ids(declaration.name), row, None, set())
    return KindTable(ids, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]), reads


def patch_table(
    kb: KnowledgeBase,
    declaration: Declaration[Any],
    earlier: tuple[Cache, str, Reads],
    changed: Set[str],
) -> tuple[Parts, Reads]:
    """The table of an earlier state (the cache and section that hold it, and what each row
    read) brought up to date: a row that read nothing `changed` since
    (knowledge_base.touched) is taken as it is, and a part of such rows copied as it is
    stored; the others computed. ValueError if the earlier table is not one."""
    found, name, old_reads = earlier
    parts = found.parts(name)
    old_ids = [i for ids in parts or () for i in ids]
    if parts is None or len(old_ids) != len(old_reads):
        raise ValueError("a table whose rows are not its ids'")
    read_by_id = dict(zip(old_ids, old_reads, strict=True))
    new_ids = kb.ids(declaration.name)
    dirty = {i for i, read in read_by_id.items() if not changed.isdisjoint(read)}
    dirty |= set(new_ids) - read_by_id.keys()
    row = _row_of(kb, declaration)
    owner = {i: n for n, ids in enumerate(parts) for i in ids}
    opened: dict[int, dict[str, tuple[Any, Any, str]]] = {}
    reads: dict[str, list[str]] = {}

    def item(record_id: str) -> tuple[Any, Any, str]:
        if record_id not in dirty:
            n = owner[record_id]
            if n not in opened:
                rows = _decoded(found.blob(part(name, n)))
                opened[n] = dict(zip(parts[n], rows, strict=True))
            return opened[n][record_id]
        _, rows, computed = _rows(kb, declaration.name, [record_id], row, None, set())
        reads[record_id] = computed[0]
        return rows[0]

    def stored(n: int) -> Stored | None:
        return found.raw(part(name, n))

    patched = spliced(parts, stored, new_ids, dirty, item, _encoded, ROWS)
    return patched, [reads.get(i) or read_by_id[i] for i in new_ids]


def _row_of(
    kb: KnowledgeBase, declaration: Declaration[Any]
) -> Callable[[Record], tuple[tuple[Any, ...], tuple[Cell, ...], str]]:
    """What a listed kind's row is made of, for one record."""
    from ..reading.provenance import check_support

    check_support(kb)
    columns = declaration.listed_columns

    def row(record: Record) -> tuple[tuple[Any, ...], tuple[Cell, ...], str]:
        return (
            declaration.keys(kb, record),
            tuple(c.get(kb, record) for c in columns),
            json_text(document(kb, declaration, record)),
        )

    return row


def unlisted_documents(
    kb: KnowledgeBase,
    declaration: Declaration[Any],
    kept: tuple[list[str], list[str], Reads] | None = None,
    changed: Set[str] = frozenset(),
) -> tuple[list[str], Reads]:
    """The JSON documents of a kind that has no listing (rates, coverage ...), by id, with
    what each read; `kept`: the ids, documents and reads of an earlier state (build_table)."""
    ids = sorted(kb.ids(declaration.name))
    _, docs, reads = _rows(
        kb, declaration.name, ids, lambda r: json_text(document(kb, declaration, r)), kept, changed
    )
    return docs, reads


Row = TypeVar("Row")


def _rows(
    kb: KnowledgeBase,
    kind: str,
    ids_: Iterable[str],
    compute: Callable[[Record], Row],
    earlier: tuple[list[str], list[Row], Reads] | None,
    changed: Set[str],
) -> tuple[list[str], list[Row], Reads]:
    """Each record's row (of `kind`, by id), and what computing it read of `kb` (its own record
    included); a row of `earlier` (ids, rows, reads) whose reads `changed` misses is taken as
    it is, its record not even read."""
    kept: dict[str, int] = {}
    if earlier is not None:
        kept = {
            record_id: i
            for i, (record_id, read) in enumerate(zip(earlier[0], earlier[2], strict=True))
            if changed.isdisjoint(read)
        }
    ids: list[str] = []
    rows: list[Row] = []
    reads: Reads = []
    by_id = kb.records[kind]
    for record_id in ids_:
        i = kept.get(record_id)
        if earlier is not None and i is not None:
            rows.append(earlier[1][i])
            reads.append(earlier[2][i])
        else:
            record = by_id[record_id]
            with kb.traced() as read:
                rows.append(compute(record))
            read.add("r:" + record_id)
            reads.append(kb.shared(read))
        ids.append(record_id)
    return ids, rows, reads
