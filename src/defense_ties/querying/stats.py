"""`dt stats`: what the knowledge base holds, how well it is dated and sourced, and deal
values by year for one value kind (contracted value by default: signed, not cancelled)."""

from __future__ import annotations

from typing import Any

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Money, Sourced
from ..core.vocab import Bound, ValueKind
from ..kinds.agreements import Agreement
from ..kinds.deals import Deal, conversion, stated
from ..kinds.meetings import Meeting
from ..kinds.sources import Source

SERIES_TITLES = {
    ValueKind.CONTRACT: "Contracted value by year of signature (USD; signed deals, not cancelled)",
    ValueKind.NOTIFICATION: "Notified ceilings by year of notification (USD; latest per deal)",
    ValueKind.APPROVAL: "Approved costs by year of approval (USD; latest per deal)",
    ValueKind.ESTIMATE: "Estimates by year stated (USD; latest per deal)",
    ValueKind.REPORTED: "Reported values by year stated (USD; latest per deal)",
}


def coverage(
    kb: KnowledgeBase,
    kind: ValueKind = ValueKind.CONTRACT,
    include_unstated: bool = False,
    release: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Records per kind, dating and citation figures, primary-source shares, and the value
    of deals by year for `kind`."""
    from ..reading.provenance import check_support

    check_support(kb)
    dated = [m.date for m in kb.of(Meeting).values()]
    dated += [a.date for a in kb.of(Agreement).values() if a.date]
    dated += [d.date for d in kb.of(Deal).values() if d.date]
    cited = [r for r in kb if isinstance(r, Sourced)]
    citations = [len(r.sources) for r in cited]
    deals = list(kb.of(Deal).values())
    return {
        "release": release,
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
        "reviewed": reviewed(kb),
        "records_by_year": records_by_year(kb),
        "primary_source_share": primary_shares(kb),
        "supported_field_share": supported_shares(kb),
        "value_kind": kind.value,
        "value_title": SERIES_TITLES[kind],
        "value_includes_unstated": include_unstated,
        "value_by_year": value_by_year(kb, kind, include_unstated),
    }


def reviewed(kb: KnowledgeBase) -> dict[str, dict[str, str | None]]:
    """Per listed kind: what it includes, and the date through which it has been reviewed
    (None: not declared in data/coverage/)."""
    from ..kinds import registry
    from ..kinds.coverage import Coverage

    declared = kb.of(Coverage)
    return {
        d.name: {
            "scope": d.scope or None,
            "reviewed_through": str(declared[d.name].reviewed_through)
            if d.name in declared
            else None,
        }
        for d in registry()
        if d.listed
    }


def records_by_year(kb: KnowledgeBase) -> dict[str, dict[str, int]]:
    """Per dated kind, the records of each year from its first to its last (zeros
    included), so that a thin year shows."""
    found: dict[str, dict[str, int]] = {}
    for kind, by_id in kb.records.items():
        years = [
            when.year
            for r in by_id.values()
            if (when := getattr(r, "date", None) or getattr(r, "start", None)) is not None
            and hasattr(when, "year")
        ]
        if years:
            counts = dict.fromkeys(range(min(years), max(years) + 1), 0)
            for year in years:
                counts[year] += 1
            found[kind] = {str(year): n for year, n in counts.items()}  # as JSON has them
    return found


def supported_shares(kb: KnowledgeBase) -> dict[str, float]:
    """Per kind: the share of checkable fields (dates, amounts, quantities, people, places)
    that a quote of their own citations states (`dt why` shows which)."""
    from ..reading.provenance import every_finding, shares

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


# Why a deal in a year's scope is not in its total.
NO_VALUE = "no contract value"
NO_RATE = "no USD rate for its year"
UNSTATED = "no quote states its value"
UPPER_BOUND = "an upper bound only"


def value_by_year(
    kb: KnowledgeBase, kind: ValueKind, include_unstated: bool = False
) -> list[dict[str, Any]]:
    """Every year from the first to the last in scope (zeros included): the total in USD of
    the values counted, the deals counted, whether the total is a lower bound (a value counted
    is one: `≥`), and every deal in scope that is not counted, with the reason.

    Contract values: the deals signed (not cancelled) that year, by year of signature; a
    signed deal with no contract value is listed, never dropped. Other kinds: the deals with
    a value of that kind, by the year of each deal's latest one. A value no quote states is
    listed apart unless `include_unstated`."""
    scope: list[tuple[int, Deal, Money | None]] = []
    for deal in kb.of(Deal).values():
        money = deal.latest(v for v in deal.values if v.kind is kind)
        if kind is ValueKind.CONTRACT:
            signed = deal.step("signed")
            if signed is not None and deal.step("cancelled") is None:
                scope.append((signed.year, deal, money))
        elif money is not None and (when := deal.value_date(money)) is not None:
            scope.append((when.year, deal, money))
    if not scope:
        return []
    years: dict[int, dict[str, Any]] = {
        year: {"year": year, "value_usd": 0, "deals": 0, "at_least": False, "uncounted": []}
        for year in range(min(y for y, _, _ in scope), max(y for y, _, _ in scope) + 1)
    }
    for year, deal, money in sorted(scope, key=lambda s: s[1].id):
        row, reason = years[year], _not_counted(kb, kind, deal, money, include_unstated)
        if reason is not None:
            row["uncounted"].append({"id": deal.id, "reason": reason})
            continue
        assert money is not None
        converted = conversion(kb, deal, money)
        assert converted is not None
        row["deals"] += 1
        row["value_usd"] += converted.usd
        row["at_least"] = row["at_least"] or money.bound is Bound.AT_LEAST
    return list(years.values())


def _not_counted(
    kb: KnowledgeBase, kind: ValueKind, deal: Deal, money: Money | None, unstated: bool
) -> str | None:
    """Why the deal's value is not counted in its year's total, or None."""
    if money is None:
        return NO_VALUE
    if money.bound is Bound.AT_MOST and kind is not ValueKind.NOTIFICATION:
        return UPPER_BOUND
    if conversion(kb, deal, money) is None:
        return NO_RATE
    if not unstated and not stated(kb, deal, money):
        return UNSTATED
    return None


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
