"""`dt stats`: what the knowledge base holds, how well it is dated and sourced, and deal
values by year for one value kind (contracted value by default: signed, not cancelled)."""

from __future__ import annotations

from typing import Any

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Sourced
from ..core.vocab import ValueKind
from ..kinds.agreements import Agreement
from ..kinds.deals import Deal, conversion
from ..kinds.meetings import Meeting
from ..kinds.sources import Source

SERIES_TITLES = {
    ValueKind.CONTRACT: "Contracted value by year of signature (USD; signed deals, not cancelled)",
    ValueKind.NOTIFICATION: "Notified ceilings by year of notification (USD; latest per deal)",
    ValueKind.APPROVAL: "Approved costs by year of approval (USD; latest per deal)",
    ValueKind.ESTIMATE: "Estimates by year stated (USD; latest per deal)",
    ValueKind.REPORTED: "Reported values by year stated (USD; latest per deal)",
}


def coverage(kb: KnowledgeBase, kind: ValueKind = ValueKind.CONTRACT) -> dict[str, Any]:
    """Records per kind, dating and citation figures, primary-source shares, and the value
    of deals by year for `kind`."""
    dated = [m.date for m in kb.of(Meeting).values()]
    dated += [a.date for a in kb.of(Agreement).values() if a.date]
    dated += [d.date for d in kb.of(Deal).values() if d.date]
    cited = [r for r in kb if isinstance(r, Sourced)]
    citations = [len(r.sources) for r in cited]
    deals = list(kb.of(Deal).values())
    return {
        "records": {name: len(by_id) for name, by_id in kb.records.items()},
        "coverage": {
            "dated_records": len(dated),
            "dated_to_the_day_share": _share(sum(d.precision == "day" for d in dated), len(dated)),
            "deals_with_a_value_share": _share(sum(bool(d.values) for d in deals), len(deals)),
            "citations_per_record": round(sum(citations) / len(citations), 2) if citations else 0.0,
            "records_with_two_or_more_citations_share": _share(
                sum(c >= 2 for c in citations), len(citations)
            ),
            "sources_cited_share": _share(
                len({c.source for r in cited for c in r.sources}), len(kb.of(Source))
            ),
        },
        "primary_source_share": primary_shares(kb),
        "supported_field_share": supported_shares(kb),
        "value_kind": kind.value,
        "value_title": SERIES_TITLES[kind],
        "value_by_year": value_by_year(kb, kind),
    }


def supported_shares(kb: KnowledgeBase) -> dict[str, float]:
    """Per kind: the share of checkable fields (dates, amounts, quantities, people, places)
    that a quote of their own citations states (`dt why` shows which)."""
    from .provenance import every_finding, shares

    by_kind = shares(every_finding(kb))
    found = {kind: v["supported_share"] for kind, v in by_kind.items()}
    total = sum(v["fields"] for v in by_kind.values())
    if total:
        found["all"] = round(sum(v["supported"] for v in by_kind.values()) / total, 3)
    return found


def primary_shares(kb: KnowledgeBase) -> dict[str, float]:
    """Per kind of cited record: the share of records citing at least one primary source."""
    sources = kb.of(Source)
    shares: dict[str, float] = {}
    for name, by_id in kb.records.items():
        records = [r for r in by_id.values() if isinstance(r, Sourced)]
        if records and name != "rates":
            primary = sum(any(sources[c.source].primary for c in r.sources) for r in records)
            shares[name] = _share(primary, len(records))
    return shares


def value_by_year(kb: KnowledgeBase, kind: ValueKind) -> list[dict[str, Any]]:
    """Every year from the first to the last with a value of `kind` (zeros included): the
    total in USD, the deals counted, and those whose value has no USD conversion.

    Contract values count for deals signed and not cancelled, by year of signature; other
    kinds by the year of each deal's latest value of that kind."""
    found: list[tuple[int, int | None]] = []
    for deal in kb.of(Deal).values():
        money = deal.latest(v for v in deal.values if v.kind is kind)
        if money is None:
            continue
        when = deal.value_date(money)
        if kind is ValueKind.CONTRACT:
            signed = deal.step("signed")
            if signed is None or deal.step("cancelled") is not None:
                continue
            when = signed
        if when is None:
            continue
        converted = conversion(kb, deal, money)
        found.append((when.year, converted.usd if converted else None))
    if not found:
        return []
    years = {
        year: {"year": year, "value_usd": 0, "deals": 0, "deals_without_usd": 0}
        for year in range(min(y for y, _ in found), max(y for y, _ in found) + 1)
    }
    for year, usd in found:
        years[year]["deals"] += 1
        years[year]["value_usd"] += usd or 0
        years[year]["deals_without_usd"] += int(usd is None)
    return list(years.values())


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
