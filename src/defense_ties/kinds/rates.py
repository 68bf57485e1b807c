"""Exchange rates: yearly units of a currency per US dollar, each cited; and conversion."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field

from ..core.declaration import Declaration, Finding
from ..core.fields import CurrencyCode, SourceId
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Money, Sourced, Strict


class Rate(Strict):
    year: int = Field(ge=1900, le=2100, strict=True)
    per_usd: float = Field(
        ge=1e-6,
        le=1e9,
        allow_inf_nan=False,
        strict=True,
        description="units of the currency per US dollar",
    )
    source: SourceId


class RateTable(Sourced):
    record_kind: ClassVar[str] = "rates"
    currency: CurrencyCode
    rates: list[Rate] = Field(min_length=1)


def to_usd(kb: KnowledgeBase, money: Money, year: int | None) -> int | None:
    """The amount in USD, using the rate of `year` (or the nearest year listed)."""
    if money.currency == "USD":
        return money.amount
    table = next((t for t in kb.of(RateTable).values() if t.currency == money.currency), None)
    if table is None:
        return None
    target = year if year is not None else max(r.year for r in table.rates)
    rate = min(table.rates, key=lambda r: (abs(r.year - target), -r.year))
    return round(money.amount / rate.per_usd)


def _years_once(kb: KnowledgeBase, table: RateTable) -> Iterator[Finding]:
    seen: set[int] = set()
    for i, rate in enumerate(table.rates):
        if rate.year in seen:
            yield table.id, ("rates", i, "year"), f"year {rate.year} listed twice", "duplicate-year"
        seen.add(rate.year)


DECLARATION = Declaration(
    name="rates",
    singular="rate table",
    model=RateTable,
    label=lambda t: f"{t.currency} exchange rates",
    checks=(_years_once,),
    prefix="rate",
    export_names={"rates": "rate_years"},
)
