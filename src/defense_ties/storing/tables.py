"""Listing tables: for each record of a listed kind, its filter keys, its row and its JSON
document, computed once from the models so that a cached call needs none of them."""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.json_text import json_text
from .cache import Cache, Marshalled, Parts, Stored, part
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


FILTER = 1 << 16  # bits of each part's filter: which tokens its rows read (see patch_table)


def _bit(token: str) -> int:
    return zlib.crc32(token.encode()) & (FILTER - 1)


def _filter(reads: Reads) -> bytes:
    """A part's filter: bit _bit(t) set for every token t a row of the part read (a token
    whose bit is clear was read by none of them; one whose bit is set, maybe)."""
    bits = bytearray(FILTER // 8)
    for read in reads:
        for token in read:
            n = _bit(token)
            bits[n >> 3] |= 1 << (n & 7)
    return bytes(bits)


Computed = dict[str, tuple[tuple[Any, Any, str], list[str]]]  # a row computed, and its reads


def table_sections(name: str, table: KindTable, reads: Reads) -> list[tuple[str, Any]]:
    """A table as the cache stores it: `table:NAME`, its rows in parts (KindTable.data);
    `reads:NAME#n`, the ids of part n and what each of its rows read; `filter:NAME`, each
    part's filter, one after the other."""
    spans = range(0, len(table.ids), ROWS)
    sections: list[tuple[str, Any]] = [(f"table:{name}", table.data())]
    sections += [(f"reads:{name}#{n}", (table.ids[i : i + ROWS], reads[i : i + ROWS]))
                 for n, i in enumerate(spans)]  # fmt: skip
    sections.append((f"filter:{name}", b"".join(_filter(reads[i : i + ROWS]) for i in spans)))
    return sections


def patch_table(
    kb: KnowledgeBase,
    declaration: Declaration[Any],
    found: Cache,
    changed: Set[str],
    same_ids: bool,
) -> list[tuple[str, Any]]:
    """The table of an earlier state, as `found` stores it (table_sections), brought up to
    date, as sections for the cache: a row that read nothing `changed` since
    (knowledge_base.touched) is taken as it is, its part copied as stored when all of its
    rows are; the others computed. Only the parts whose filter may hold a changed token
    have their rows' reads read. `same_ids`: the kind's ids are the earlier state's, in the
    same order (none of its files changed): its parts keep their places. ValueError if the
    earlier table is not one."""
    name = declaration.name
    filters = found.section(f"filter:{name}")
    step = FILTER // 8
    if not isinstance(filters, bytes) or len(filters) % step:
        raise ValueError("no filter")
    count = len(filters) // step
    bits = {_bit(t) for t in changed}
    earlier: dict[int, tuple[list[str], Reads]] = {}

    def reads_of(n: int) -> tuple[list[str], Reads]:
        if n not in earlier:
            try:
                ids, reads = marshal.loads(found.blob(f"reads:{name}#{n}") or b"")
            except (EOFError, TypeError) as error:
                raise ValueError("a damaged part") from error
            if not isinstance(ids, list) or not isinstance(reads, list) or len(ids) != len(reads):
                raise ValueError("a damaged part")
            earlier[n] = ids, reads
        return earlier[n]

    dirty: set[str] = set()
    for n in range(count):
        here = filters[n * step : (n + 1) * step]
        if any(here[b >> 3] >> (b & 7) & 1 for b in bits):
            ids, reads = reads_of(n)
            dirty.update(
                i for i, read in zip(ids, reads, strict=True) if not changed.isdisjoint(read)
            )
    row = _row_of(kb, declaration)
    computed: Computed = {}

    def compute(record_id: str) -> tuple[Any, Any, str]:
        _, rows, reads = _rows(kb, name, [record_id], row, None, set())
        computed[record_id] = rows[0], reads[0]
        return rows[0]

    if same_ids:
        return _in_place(found, name, count, dirty, compute, earlier, computed, filters)
    return _spliced(kb, found, name, dirty, compute, reads_of, computed, filters)


def _in_place(
    found: Cache,
    name: str,
    count: int,
    dirty: set[str],
    compute: Callable[[str], tuple[Any, Any, str]],
    earlier: dict[int, tuple[list[str], Reads]],
    computed: Computed,
    filters: bytes,
) -> list[tuple[str, Any]]:
    """patch_table when the ids are the same: each part that holds a dirty row (of the
    parts whose reads were read: `earlier`) is encoded again in its place, the others (and
    the index of ids) copied as stored."""
    section, step = f"table:{name}", FILTER // 8
    tables: list[tuple[str, Any]] = []
    reads_parts: list[tuple[str, Any]] = []
    new_filters = bytearray(filters)
    for n in range(count):
        ids, reads = earlier.get(n, ([], []))
        if dirty.isdisjoint(ids):
            stored_part, stored_reads = found.raw(part(section, n)), found.raw(f"reads:{name}#{n}")
            if stored_part is None or stored_reads is None:
                raise ValueError("a missing part")
            tables.append((part(section, n), stored_part))
            reads_parts.append((f"reads:{name}#{n}", stored_reads))
            continue
        rows = _decoded(found.blob(part(section, n)))
        if len(rows) != len(ids):
            raise ValueError("a part whose rows are not its ids'")
        rows = [compute(i) if i in dirty else r for i, r in zip(ids, rows, strict=True)]
        reads = [computed[i][1] if i in dirty else r for i, r in zip(ids, reads, strict=True)]
        tables.append((part(section, n), Marshalled(_encoded(rows))))
        reads_parts.append((f"reads:{name}#{n}", (ids, reads)))
        new_filters[n * step : (n + 1) * step] = _filter(reads)
    index = found.raw(section)
    if index is None:
        raise ValueError("no index")
    return [*tables, (section, index), *reads_parts, (f"filter:{name}", bytes(new_filters))]


def _spliced(
    kb: KnowledgeBase,
    found: Cache,
    name: str,
    dirty: set[str],
    compute: Callable[[str], tuple[Any, Any, str]],
    reads_of: Callable[[int], tuple[list[str], Reads]],
    computed: Computed,
    filters: bytes,
) -> list[tuple[str, Any]]:
    """patch_table when the ids changed (records added, removed, renamed): the parts of
    the new order spliced from the earlier ones (chunks.spliced), a part kept as stored
    with its reads and filter."""
    section, step = f"table:{name}", FILTER // 8
    parts = found.parts(section)
    if parts is None or len(parts) * step != len(filters):
        raise ValueError("a table whose parts are not its filters'")
    owner = {i: n for n, ids in enumerate(parts) for i in ids}
    new_ids = kb.ids(name)
    dirty = dirty | {i for i in new_ids if i not in owner}
    opened: dict[int, dict[str, tuple[Any, Any, str]]] = {}

    def item(record_id: str) -> tuple[Any, Any, str]:
        if record_id in dirty:
            return compute(record_id)
        n = owner[record_id]
        if n not in opened:
            opened[n] = dict(zip(parts[n], _decoded(found.blob(part(section, n))), strict=True))
        return opened[n][record_id]

    positions: dict[int, dict[str, list[str]]] = {}

    def read_of(record_id: str) -> list[str]:
        if record_id in dirty:
            return computed[record_id][1]
        n = owner[record_id]
        if n not in positions:
            positions[n] = dict(zip(*reads_of(n), strict=True))
        return positions[n][record_id]

    patched = spliced(
        parts, lambda n: found.raw(part(section, n)), new_ids, dirty, item, _encoded, ROWS
    )
    reads_parts: list[tuple[str, Any]] = []
    new_filters: list[bytes] = []
    for k, (ids, data) in enumerate(zip(patched.ids, patched.parts, strict=True)):
        stored = found.raw(f"reads:{name}#{owner[ids[0]]}") if isinstance(data, Stored) else None
        if stored is not None:
            n = owner[ids[0]]
            reads_parts.append((f"reads:{name}#{k}", stored))
            new_filters.append(filters[n * step : (n + 1) * step])
            continue
        reads = [read_of(i) for i in ids]
        reads_parts.append((f"reads:{name}#{k}", (ids, reads)))
        new_filters.append(_filter(reads))
    return [(section, patched), *reads_parts, (f"filter:{name}", b"".join(new_filters))]


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
