"""The knowledge base as tables and documents, for `dt export`: pure functions, no files.

`tables(kb)` gives one table per kind, keyed by `id`, plus a link table for every list in the
records (participants, items, positions, citations ...), keyed by the owner's id and `seq`, the
item's place in its YAML list from 1. Every field of every record lands in some column, dates
exactly as recorded; a few computed columns are added (`deals.date`, `deals.value_usd`,
`agreements.date`, `deal_other_values.value_usd`). `documents(kb)` gives every record as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter
from typing import Any

from .dates import PartialDate
from .knowledge_base import KnowledgeBase
from .models import (
    Agreement,
    Deal,
    Meeting,
    Official,
    Platform,
    RateTable,
    Record,
    Source,
    Sourced,
)
from .money import deal_value_usd, to_usd
from .vocab import Kind

Row = dict[str, Any]
Rows = Iterator[tuple[str, Row]]
_MONEY = ("amount", "currency", "kind", "source", "note")
_SOURCE = attrgetter("source")

# Each column is `name[:TYPE][>table][!]`: SQLite type (default TEXT), the table whose id it
# holds, and `!` for NOT NULL. Tables are listed so that every reference points upwards.
SPECS: dict[str, str] = {
    "sources": "id! title! publisher! published! url! retrieved notes",
    "rates": "id! currency! notes",
    "rate_years": "rate_id>rates! seq:INTEGER! year:INTEGER! per_usd:REAL! source_id>sources!",
    "officials": "id! name! country! notes",
    "official_aliases": "official_id>officials! seq:INTEGER! alias!",
    "official_positions": "official_id>officials! seq:INTEGER! title! organization start! end",
    "platforms": "id! name! category! role manufacturer origin_country! notes",
    "platform_aliases": "platform_id>platforms! seq:INTEGER! alias!",
    "platform_operators": "platform_id>platforms! seq:INTEGER! country! since until",
    "agreements": "id! date name! short_name kind! status! announced signed effective expires "
    "supersedes>agreements summary notes",
    "agreement_parties": "agreement_id>agreements! seq:INTEGER! country!",
    "agreement_signatories": "agreement_id>agreements! seq:INTEGER! official_id>officials!",
    "deals": "id! date title! buyer! seller! value_amount:INTEGER value_currency value_kind "
    "value_source>sources value_note value_usd:REAL status! announced notified approved signed "
    "delivered completed summary notes",
    "deal_items": "deal_id>deals! seq:INTEGER! platform_id>platforms! quantity:INTEGER note",
    "deal_other_values": "deal_id>deals! seq:INTEGER! amount:INTEGER! currency! kind "
    "source_id>sources note value_usd:REAL",
    "deal_agreements": "deal_id>deals! seq:INTEGER! agreement_id>agreements!",
    "meetings": "id! date! end_date kind! city country summary! notes",
    "meeting_participants": "meeting_id>meetings! seq:INTEGER! official_id>officials!",
    "meeting_topics": "meeting_id>meetings! seq:INTEGER! topic!",
    "meeting_agreements": "meeting_id>meetings! seq:INTEGER! agreement_id>agreements!",
    "meeting_deals": "meeting_id>meetings! seq:INTEGER! deal_id>deals!",
    "meeting_platforms": "meeting_id>meetings! seq:INTEGER! platform_id>platforms!",
    # Every record's citations; ids are unique across kinds, so record_id alone finds the owner.
    "citations": "record_id! seq:INTEGER! record_kind! source_id>sources! quote!",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "TEXT"  # SQLite type: TEXT, INTEGER or REAL
    references: str | None = None  # the table whose `id` this column holds
    required: bool = False  # NOT NULL

    @classmethod
    def parse(cls, spec: str) -> Column:
        required, spec = spec.endswith("!"), spec.rstrip("!")
        spec, _, references = spec.partition(">")
        name, _, type_ = spec.partition(":")
        return cls(name, type_ or "TEXT", references or None, required)


@dataclass
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def key(self) -> tuple[str, ...]:
        """The primary key: `id`, or the owner's id and `seq` for a link table."""
        return ("id",) if self.columns[0].name == "id" else self.column_names[:2]

    def values(self) -> Iterable[tuple[Any, ...]]:
        """The rows as tuples in column order."""
        names = self.column_names
        return (tuple(row[name] for name in names) for row in self.rows)


def empty_tables() -> dict[str, Table]:
    return {
        name: Table(name, tuple(Column.parse(s) for s in spec.split()))
        for name, spec in SPECS.items()
    }


def tables(kb: KnowledgeBase) -> list[Table]:
    """Every record of `kb` as rows of the tables in SPECS: by kind, then by id."""
    found = empty_tables()
    for kind in Kind:
        for record in sorted(kb.records[kind].values(), key=lambda r: r.id):
            for name, row in _rows(kb, record):
                found[name].rows.append(row)
    return list(found.values())


_COLUMNS = {name: table.column_names for name, table in empty_tables().items()}


def _row(table: str, part: object, **given: Any) -> tuple[str, Row]:
    """A row of `table`: each column from `given`, else `part`'s attribute of that name."""
    return table, {n: given[n] if n in given else _cell(getattr(part, n)) for n in _COLUMNS[table]}


def _cell(value: object) -> Any:
    """Dates exactly as recorded, enums by value, everything else as it is."""
    if isinstance(value, PartialDate | Enum):
        return str(value) if isinstance(value, PartialDate) else value.value
    return value


def _list(
    table: str, owner: str, owner_id: str, parts: list[Any], **computed: Callable[[Any], Any]
) -> Rows:
    """A link table's rows: the owner's id, the place in the list from 1, the part's fields.

    `computed` maps a column to a function of the part, for columns not named like a field.
    """
    for seq, part in enumerate(parts, 1):
        extra = {column: get(part) for column, get in computed.items()}
        yield _row(table, part, **{owner: owner_id, "seq": seq, **extra})


def _ids(table: str, owner: str, owner_id: str, column: str, values: list[str]) -> Rows:
    """A link table of plain values (ids, countries, topics): one row per value."""
    return _list(table, owner, owner_id, values, **{column: str})


def _rows(kb: KnowledgeBase, record: Record) -> Rows:
    if isinstance(record, Source):
        yield _row("sources", record)
    elif isinstance(record, RateTable):
        yield _row("rates", record)
        yield from _list("rate_years", "rate_id", record.id, record.rates, source_id=_SOURCE)
    elif isinstance(record, Official):
        yield from _official_rows(record)
    elif isinstance(record, Platform):
        yield from _platform_rows(record)
    elif isinstance(record, Agreement):
        yield from _agreement_rows(record)
    elif isinstance(record, Deal):
        yield from _deal_rows(kb, record)
    elif isinstance(record, Meeting):
        yield from _meeting_rows(record)
    if isinstance(record, Sourced):
        kind = record.record_kind.value
        yield from _list(
            "citations",
            "record_id",
            record.id,
            record.sources,
            record_kind=lambda _: kind,
            source_id=_SOURCE,
        )


def _official_rows(o: Official) -> Rows:
    yield _row("officials", o)
    yield from _ids("official_aliases", "official_id", o.id, "alias", o.aliases)
    yield from _list("official_positions", "official_id", o.id, o.positions)


def _platform_rows(p: Platform) -> Rows:
    yield _row("platforms", p)
    yield from _ids("platform_aliases", "platform_id", p.id, "alias", p.aliases)
    yield from _list("platform_operators", "platform_id", p.id, p.operators)


def _agreement_rows(a: Agreement) -> Rows:
    yield _row("agreements", a)
    yield from _ids("agreement_parties", "agreement_id", a.id, "country", a.parties)
    yield from _ids("agreement_signatories", "agreement_id", a.id, "official_id", a.signatories)


def _deal_rows(kb: KnowledgeBase, d: Deal) -> Rows:
    value = {f"value_{name}": _cell(getattr(d.value, name, None)) for name in _MONEY}
    yield _row("deals", d, **value, value_usd=deal_value_usd(kb, d))
    yield from _list("deal_items", "deal_id", d.id, d.items, platform_id=attrgetter("platform"))
    year = d.date.year if d.date else None
    yield from _list(
        "deal_other_values",
        "deal_id",
        d.id,
        d.other_values,
        source_id=_SOURCE,
        value_usd=lambda m: to_usd(kb, m, year),
    )
    yield from _ids("deal_agreements", "deal_id", d.id, "agreement_id", d.agreements)


def _meeting_rows(m: Meeting) -> Rows:
    where = m.location
    yield _row("meetings", m, city=where and where.city, country=where and where.country)
    yield from _ids("meeting_participants", "meeting_id", m.id, "official_id", m.participants)
    yield from _ids("meeting_topics", "meeting_id", m.id, "topic", m.topics)
    yield from _ids("meeting_agreements", "meeting_id", m.id, "agreement_id", m.agreements)
    yield from _ids("meeting_deals", "meeting_id", m.id, "deal_id", m.deals)
    yield from _ids("meeting_platforms", "meeting_id", m.id, "platform_id", m.platforms)


def documents(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    """Every record of every kind as JSON-ready data, by kind in load order, each by id.

    Listing kinds give the same documents as `dt <kind> --format json` (with computed fields
    such as `value_usd` and reverse links); sources and rates give their fields.
    """
    from .views import VIEWS, document

    found: dict[str, list[dict[str, Any]]] = {}
    for kind in Kind:
        view = VIEWS.get(kind)
        records = sorted(kb.records[kind].values(), key=lambda r: r.id)
        found[kind.value] = [document(kb, r, view) if view else _plain_document(r) for r in records]
    return found


def _plain_document(record: Record) -> dict[str, Any]:
    """The record's fields: id first, then the rest, then notes and sources, as views do."""
    data = record.model_dump(mode="json")
    tail = {key: data.pop(key) for key in ("notes", "sources") if key in data}
    return {"id": data.pop("id"), **data, **tail}
