"""Coverage figures: how much the knowledge base holds and how well it is dated and sourced."""

from __future__ import annotations

from typing import Any

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Sourced
from ..kinds.agreements import Agreement
from ..kinds.deals import Deal, value_usd
from ..kinds.meetings import Meeting
from ..kinds.sources import Source


def coverage(kb: KnowledgeBase) -> dict[str, Any]:
    """Counts per kind, date precision, deal values and citations per record."""
    dated = [m.date for m in kb.of(Meeting).values()]
    dated += [a.date for a in kb.of(Agreement).values() if a.date]
    dated += [d.date for d in kb.of(Deal).values() if d.date]
    cited = [r for r in kb if isinstance(r, Sourced)]
    citations = [len(r.sources) for r in cited]
    deals = list(kb.of(Deal).values())
    return {
        "records": {kind: len(by_id) for kind, by_id in kb.records.items()},
        "dated_records": len(dated),
        "day_precision_share": _share(sum(d.precision == "day" for d in dated), len(dated)),
        "deals_with_value_share": _share(sum(d.value is not None for d in deals), len(deals)),
        "citations_per_record": round(sum(citations) / len(citations), 2) if citations else 0.0,
        "records_with_two_or_more_citations_share": _share(
            sum(c >= 2 for c in citations), len(citations)
        ),
        "sources_cited_share": _share(
            len({c.source for r in cited for c in r.sources}), len(kb.of(Source))
        ),
        "deal_value_by_year": deal_value_by_year(kb),
    }


def deal_value_by_year(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Per year of the deal date: total value in USD, deals, and deals without a value.

    Deals with no date (none of signed, announced, notified, approved) come last, year None.
    """
    years: dict[int | None, dict[str, Any]] = {}
    for deal in kb.of(Deal).values():
        year = deal.date.year if deal.date else None
        empty = {"year": year, "value_usd": 0, "deals": 0, "deals_without_value": 0}
        figures = years.setdefault(year, empty)
        usd = value_usd(kb, deal)
        figures["deals"] += 1
        figures["value_usd"] += usd or 0
        figures["deals_without_value"] += int(usd is None)
    return [years[y] for y in sorted(years, key=lambda y: (y is None, y or 0))]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
