"""Money: converting recorded values to US dollars with the cited rate tables."""

from __future__ import annotations

from .knowledge_base import KnowledgeBase
from .models import Deal, Money


def to_usd(kb: KnowledgeBase, money: Money, year: int | None) -> int | None:
    """The amount in USD, using the rate of `year` (or the nearest year listed)."""
    if money.currency == "USD":
        return money.amount
    table = next((t for t in kb.rates.values() if t.currency == money.currency), None)
    if table is None:
        return None
    target = year if year is not None else max(r.year for r in table.rates)
    rate = min(table.rates, key=lambda r: (abs(r.year - target), -r.year))
    return round(money.amount / rate.per_usd)


def deal_value_usd(kb: KnowledgeBase, deal: Deal) -> int | None:
    """The deal's headline value in USD, or None when it has none."""
    if deal.value is None:
        return None
    return to_usd(kb, deal.value, deal.date.year if deal.date else None)
