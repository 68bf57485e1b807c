"""Listing tables: for each record of a listing kind, its facets, its flat row and its JSON
document, computed once from the models so that a cached call needs none of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .queries import Facets
from .vocab import Kind

Row = dict[str, Any]
LISTING_KINDS = (Kind.MEETINGS, Kind.OFFICIALS, Kind.PLATFORMS, Kind.DEALS, Kind.AGREEMENTS)


@dataclass(frozen=True)
class KindTable:
    """One listing kind, column-wise; position i of each list is the same record."""

    ids: list[str]
    facets: list[Facets]
    rows: list[Row]
    docs: list[str]  # each record's JSON document, as json.dumps(..., indent=2) writes it

    def data(self) -> tuple[list[Any], ...]:
        """Plain lists, as the cache stores them."""
        return self.ids, self.facets, self.rows, self.docs

    @classmethod
    def from_data(cls, data: Any) -> KindTable:
        ids, facets, rows, docs = data
        return cls(ids, facets, rows, docs)


def json_text(document: dict[str, Any]) -> str:
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)


def json_texts(documents: list[dict[str, Any]]) -> list[str]:
    return [json_text(d) for d in documents]


def build_table(kb: Any, kind: Kind) -> KindTable:
    """Compute the table of one kind from a loaded KnowledgeBase."""
    from .facets import FACETS
    from .views import VIEWS, document

    view, facet = VIEWS[kind], FACETS[kind]
    records = list(kb.records[kind].values())
    return KindTable(
        [r.id for r in records],
        [facet(kb, r) for r in records],
        [view.row(kb, r) for r in records],
        [json_text(document(kb, r, view)) for r in records],
    )
