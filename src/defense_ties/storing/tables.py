"""Listing tables: for each record of a listed kind, its filter keys, its row and its JSON
document, computed once from the models so that a cached call needs none of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.json_text import json_text

if TYPE_CHECKING:  # a cached listing reads tables without the models
    from ..core.declaration import Cell, Declaration
    from ..core.knowledge_base import KnowledgeBase
    from ..core.records import Record


@dataclass(frozen=True)
class KindTable:
    """One listed kind, column-wise; position i of each list is the same record."""

    ids: list[str]
    keys: list[tuple[Any, ...]]  # filter keys, in the order of ListingSpec.key_names()
    rows: list[tuple[Cell, ...]]  # cells, in the order of ListingSpec.columns
    docs: list[str]  # each record's JSON document, as json_text writes it

    def data(self) -> tuple[list[Any], ...]:
        """Plain lists, as the cache stores them."""
        return self.ids, self.keys, self.rows, self.docs

    @classmethod
    def from_data(cls, data: Any) -> KindTable:
        ids, keys, rows, docs = data
        return cls(ids, keys, rows, docs)


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


def build_table(kb: KnowledgeBase, declaration: Declaration[Any]) -> KindTable:
    """Compute the table of one kind from a loaded knowledge base (the support check runs
    first, once: rows mark the fields no quote states)."""
    from ..reading.provenance import check_support

    check_support(kb)
    records = list(kb.records[declaration.name].values())
    columns = declaration.listed_columns
    return KindTable(
        [r.id for r in records],
        [declaration.keys(kb, r) for r in records],
        [tuple(c.get(kb, r) for c in columns) for r in records],
        [json_text(document(kb, declaration, r)) for r in records],
    )


def unlisted_documents(kb: KnowledgeBase, declaration: Declaration[Any]) -> list[str]:
    """The JSON documents of a kind that has no listing (rates, coverage ...), by id."""
    records = sorted(kb.records[declaration.name].values(), key=lambda r: r.id)
    return [json_text(document(kb, declaration, r)) for r in records]
