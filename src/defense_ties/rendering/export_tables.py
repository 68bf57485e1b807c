"""The knowledge base as tables and documents, for `dt export`: pure functions, no files.

Every table is derived from the kinds' models and declarations: one table per kind, keyed by
`id`, with a column per field (a nested mapping such as `location` flattened into
`location_city`, `location_country`) and the declaration's computed columns (`deals.date`,
`deals.value_usd`, `agreements.date`); a link table for every list in the records
(`meeting_participants`, `deal_items`, `official_positions` ...), keyed by the owner's id and
`seq`, the item's place in its YAML list from 1; and `citations`, every record's quotes. An id
naming another kind is a foreign key. Dates stay exactly as recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..core.dates import PartialDate
from ..core.declaration import Declaration
from ..core.json_text import json_text
from ..core.knowledge_base import KnowledgeBase
from ..core.shape import FieldShape, shape
from ..kinds import registry

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "TEXT"  # SQLite type: TEXT, INTEGER or REAL
    references: str | None = None  # the table whose `id` this column holds
    required: bool = False  # NOT NULL


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


def _sql_type(f: FieldShape) -> str:
    if f.scalar is not None and issubclass(f.scalar, int) and not issubclass(f.scalar, Enum):
        return "INTEGER"
    return "REAL" if f.scalar is float else "TEXT"


def _columns(
    model: type[BaseModel], prefix: str = "", required: bool = True, nested: bool = False
) -> list[Column]:
    """A column per scalar field of `model`, nested mappings flattened. A record's lists have
    link tables; a list inside a list item (an exercise participant's services) is a JSON
    array in one TEXT column."""
    found = []
    for f in shape(model):
        if f.many and nested and f.model is None:
            found.append(Column(prefix + f.name, "TEXT", None, False))
            continue
        if f.many:
            continue
        if f.model is not None:
            found += _columns(f.model, f"{prefix}{f.name}_", required and f.required)
        else:
            found.append(Column(prefix + f.name, _sql_type(f), f.ref, required and f.required))
    return found


def _item_columns(declaration: Declaration[Any], f: FieldShape) -> list[Column]:
    """The columns of one item of a list field, after the owner's id and `seq`."""
    if f.model is not None:
        return [
            Column(f"{c.name}_id", c.type, c.references, c.required) if c.references else c
            for c in _columns(f.model, nested=True)
        ]
    if f.name in declaration.item_names:
        name = declaration.item_names[f.name]
    elif f.ref is not None:
        name = f"{_singular(f.ref)}_id"
    else:
        name = f.name.removesuffix("s")
    return [Column(name, _sql_type(f), f.ref, True)]


def _singular(kind: str) -> str:
    return next(d.table_prefix for d in registry() if d.name == kind)


def _lists(declaration: Declaration[Any]) -> list[FieldShape]:
    model: type[BaseModel] = declaration.model
    return [f for f in shape(model) if f.many and f.name not in ("sources", "contested")]


def _link_name(declaration: Declaration[Any], f: FieldShape) -> str:
    return declaration.export_names.get(f.name, f"{declaration.table_prefix}_{f.name}")


def empty_tables() -> list[Table]:
    """Every table, with its columns, in an order where every reference points upwards."""
    tables = []
    for d in registry():
        computed = [Column(c.name, c.sql) for c in d.computed if c.sql]
        tables.append(Table(d.name, (*_columns(d.model), *computed)))
        for f in _lists(d):
            owner = Column(f"{d.table_prefix}_id", "TEXT", d.name, True)
            seq = Column("seq", "INTEGER", None, True)
            tables.append(Table(_link_name(d, f), (owner, seq, *_item_columns(d, f))))
    citations = (
        Column("record_id", required=True),
        Column("seq", "INTEGER", None, True),
        Column("record_kind", required=True),
        Column("source_id", "TEXT", "sources", True),
        Column("quote", required=True),
        Column("supports"),  # the fields it lists as supported, a JSON array; null: any
    )
    contested = (
        Column("record_id", required=True),
        Column("seq", "INTEGER", None, True),
        Column("record_kind", required=True),
        Column("field"),
        Column("claim", required=True),
        Column("source_id", "TEXT", "sources", True),
        Column("dispute", required=True),
        Column("disputed_by_id", "TEXT", "sources", True),
        Column("note"),
    )
    unsupported = (
        Column("record_id", required=True),
        Column("seq", "INTEGER", None, True),
        Column("record_kind", required=True),
        Column("field", required=True),  # as `dt why` prints it: values[0].amount
    )
    release = (
        Column("version", required=True),  # the data's release: 2026.12.0
        Column("released", required=True),
        Column("exported_by", required=True),  # dt and its version
    )
    return [
        *tables,
        Table("citations", citations),
        Table("contested", contested),
        Table("unsupported", unsupported),
        Table("release", release),
    ]


def tables(kb: KnowledgeBase, release: dict[str, str] | None = None) -> list[Table]:
    """Every record of `kb` as rows of its tables: by kind, then by id; `unsupported` lists
    each field no quote of its record's citations states; `release` the data's release."""
    from ..reading.provenance import check_support

    check_support(kb)
    found = {t.name: t for t in empty_tables()}
    for d in registry():
        main = found[d.name]
        lists = [(found[_link_name(d, f)], f) for f in _lists(d)]
        for record in sorted(kb.records[d.name].values(), key=lambda r: r.id):
            values = _flat(record)
            values.update({c.name: c.get(kb, record) for c in d.computed if c.sql})
            main.rows.append(tuple(values.get(c.name) for c in main.columns))
            for table, f in lists:
                table.rows.extend(_items(table, record.id, getattr(record, f.name)))
            citations = getattr(record, "sources", [])
            found["citations"].rows.extend(
                (record.id, seq, d.name, c.source, c.quote, _json_list(c.supports))
                for seq, c in enumerate(citations, 1)
            )
            found["unsupported"].rows.extend(
                (record.id, seq, d.name, name)
                for seq, name in enumerate(kb.unsupported(record.id), 1)
            )
            found["contested"].rows.extend(
                (
                    record.id,
                    seq,
                    d.name,
                    c.field,
                    c.claim,
                    c.source,
                    c.dispute,
                    c.disputed_by,
                    c.note,
                )
                for seq, c in enumerate(getattr(record, "contested", []), 1)
            )
    if release:
        from importlib.metadata import version

        exported = f"dt {version('defense-ties')}"
        found["release"].rows.append((release["version"], release["released"], exported))
    return list(found.values())


def _json_list(value: list[str] | None) -> str | None:
    return None if value is None else json_text(value)


def _flat(part: BaseModel, prefix: str = "", nested: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in shape(type(part)):
        value = getattr(part, f.name)
        if f.many and nested and f.model is None:
            values[prefix + f.name] = json_text([_cell(v) for v in value])
            continue
        if f.many:
            continue
        if f.model is not None:
            if value is not None:
                values.update(_flat(value, f"{prefix}{f.name}_"))
        else:
            values[prefix + f.name] = _cell(value)
    return values


def _items(table: Table, owner: str, parts: Iterable[Any]) -> Iterator[Row]:
    names = table.column_names[2:]
    for seq, part in enumerate(parts, 1):
        if isinstance(part, BaseModel):
            flat = {
                (f"{k}_id" if f"{k}_id" in names else k): v
                for k, v in _flat(part, nested=True).items()
            }
            yield (owner, seq, *(flat.get(n) for n in names))
        else:
            yield (owner, seq, _cell(part))


def _cell(value: object) -> Any:
    """Dates exactly as recorded, enums by value, everything else as it is."""
    if isinstance(value, PartialDate):
        return str(value)
    return value.value if isinstance(value, Enum) else value
