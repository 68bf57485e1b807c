"""Facets: the filter keys of each listing record, computed once from the models.

They are plain data (strings, ints, lists), so the cache can store them and `queries` can
filter them without loading a single model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .dates import PartialDate
from .knowledge_base import KnowledgeBase
from .models import Agreement, Deal, Meeting, Official, Platform
from .money import deal_value_usd
from .queries import Facets, span_of
from .vocab import Kind


def _first(date: PartialDate | None) -> int | None:
    return date.start.toordinal() if date else None


def _last(date: PartialDate | None) -> int | None:
    return date.end.toordinal() if date else None


def _meeting(kb: KnowledgeBase, m: Meeting) -> Facets:
    countries = {kb.officials[p].country for p in m.participants if p in kb.officials}
    if m.location:
        countries.add(m.location.country)
    return {
        "span": span_of(m.date, m.end_date),
        "countries": sorted(countries),
        "participants": list(m.participants),
    }


def _official(kb: KnowledgeBase, o: Official) -> Facets:
    return {"country": o.country, "terms": [(_first(p.start), _last(p.end)) for p in o.positions]}


def _platform(kb: KnowledgeBase, p: Platform) -> Facets:
    return {
        "origin": p.origin_country,
        "category": p.category.value,
        "operators": [(op.country, _first(op.since), _last(op.until)) for op in p.operators],
    }


def _deal(kb: KnowledgeBase, d: Deal) -> Facets:
    return {
        "usd": deal_value_usd(kb, d),
        "span": span_of(d.date),
        "buyer": d.buyer,
        "seller": d.seller,
        "status": d.status.value,
        "platforms": sorted({item.platform for item in d.items}),
    }


def _agreement(kb: KnowledgeBase, a: Agreement) -> Facets:
    return {
        "span": span_of(a.date),
        "status": a.status.value,
        "parties": list(a.parties),
        "kind": a.kind.value,
        "force": _force(kb, a),
    }


def _force(kb: KnowledgeBase, a: Agreement) -> tuple[int, list[int | None]] | None:
    """When it came into force and every date that ends it (expiry, a superseding agreement's
    start); None when it never came into force (undated, or only proposed)."""
    start = a.effective or a.signed or a.announced
    if start is None or a.status == "proposed":
        return None
    ends = [_last(a.expires)] if a.expires else []
    ends += [
        _last(later.effective or later.signed or later.announced)
        for later in kb.superseded_by.get(a.id, [])
    ]
    return _first(start), ends  # type: ignore[return-value]


FACETS: dict[Kind, Callable[[KnowledgeBase, Any], Facets]] = {
    Kind.MEETINGS: _meeting,
    Kind.OFFICIALS: _official,
    Kind.PLATFORMS: _platform,
    Kind.DEALS: _deal,
    Kind.AGREEMENTS: _agreement,
}
