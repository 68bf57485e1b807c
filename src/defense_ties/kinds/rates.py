"""Exchange rates: yearly units of a currency per US dollar, each cited; and conversion."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field

from ..core.declaration import Claim, Declaration, Finding
from ..core.fields import MAX_AMOUNT, CurrencyCode, SourceId, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Money, Sourced, Strict
from ..core.vocab import BOUND_SIGN, Bound


class Rate(Strict):
    year: int = Field(ge=1900, le=2100, strict=True, description="the calendar year of the average")
    per_usd: float = Field(
        ge=1e-6,
        le=1e9,
        allow_inf_nan=False,
        strict=True,
        description="units of the currency per US dollar",
    )
    source: SourceId = Field(description="the cited source that states it")


class MissingRate(Strict):
    """A year no cited source gives a yearly average for yet: its values stay unconverted."""

    year: int = Field(ge=1900, le=2100, strict=True, description="a year with no cited average yet")
    reason: Text = Field(description="why it is missing")


class RateTable(Sourced):
    record_kind: ClassVar[str] = "rates"
    currency: CurrencyCode = Field(description="the ISO 4217 code of the currency")
    rates: list[Rate] = Field(min_length=1, description="the yearly averages, each cited")
    missing: list[MissingRate] = Field(
        default=[], description="the years declared missing, with the reason"
    )

    def declared_missing(self, year: int) -> bool:
        return any(m.year == year for m in self.missing)


@dataclass(frozen=True)
class Conversion:
    """An amount in USD: exact arithmetic, and rounded to the precision its source gives."""

    usd: int  # rounded to the significant digits of the amount as stated
    exact: float  # amount / rate, unrounded (equals usd for a USD amount)
    per_usd: float | None = None  # the rate used; None: stated in USD
    year: int | None = None  # the rate's year

    @property
    def converted(self) -> bool:
        return self.per_usd is not None


def rate_for(kb: KnowledgeBase, currency: str, year: int) -> float | None:
    """The cited yearly rate of `currency` for exactly `year` (never a nearby year)."""
    for table in kb.of(RateTable).values():
        if table.currency == currency:
            return next((r.per_usd for r in table.rates if r.year == year), None)
    return None


def to_usd(kb: KnowledgeBase, money: Money, year: int | None) -> Conversion | None:
    """The amount in USD at the rate of `year`; None without a rate for that very year."""
    if money.currency == "USD":
        return Conversion(money.amount, float(money.amount))
    per_usd = rate_for(kb, money.currency, year) if year is not None else None
    if per_usd is None:
        return None
    exact = money.amount / per_usd
    return Conversion(round_like(exact, money.amount), exact, per_usd, year)


def too_large(found: Conversion | None) -> str | None:
    """A problem message when a conversion passes the largest amount a record may hold (a tiny
    rate turns a large amount into an absurd one), else None."""
    if found is None or found.usd <= MAX_AMOUNT:
        return None
    return f"converts to more than USD {MAX_AMOUNT:,}: check the amount and the rate of its year"


def round_like(value: float, stated: int) -> int:
    """`value` rounded to as many significant digits as `stated` has (at least two): a
    conversion of "Rs 19,800 crore" is good to three digits, never to the dollar."""
    digits = max(2, len(str(abs(stated)).rstrip("0")))
    if value == 0:
        return 0
    return int(round(value, digits - len(str(int(abs(value))))))


def stated_text(money: Money) -> str:
    """An amount as its source states it: `INR 7,995 crore`, `USD 737,000,000`; a bound with
    its sign: `≥INR 14,000 crore` (more than)."""
    sign = BOUND_SIGN[money.bound] if money.bound else ""
    if money.currency == "INR" and money.amount % 10**5 == 0 and money.amount >= 10**7:
        return f"{sign}INR {money.amount / 10**7:,.6g} crore"
    return f"{sign}{money.currency} {money.amount:,}"


def short_usd(usd: int, converted: bool = False, bound: Bound | None = None) -> str:
    """`$4.116B`, `$281M`, `$48.44M`; `≈` marks a conversion, `≥` or `≤` a bound."""
    for unit, size in (("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if abs(usd) >= size:
            text = f"${usd / size:.6g}{unit}"
            break
    else:
        text = f"${usd}"
    return (BOUND_SIGN[bound] if bound else "") + ("≈" if converted else "") + text


def _years_once(kb: KnowledgeBase, table: RateTable) -> Iterator[Finding]:
    seen: set[int] = set()
    years = [(("rates", i, "year"), r.year) for i, r in enumerate(table.rates)]
    years += [(("missing", i, "year"), m.year) for i, m in enumerate(table.missing)]
    for path, year in years:
        if year in seen:
            yield table.id, path, f"year {year} listed twice", "duplicate-year"
        seen.add(year)


def _claims(kb: KnowledgeBase, table: RateTable) -> Iterator[Claim]:
    for i, rate in enumerate(table.rates):
        path = ("rates", i, "per_usd")
        yield Claim(path, "decimal", rate.per_usd, f"{rate.per_usd:g}", (rate.source,))


DECLARATION = Declaration(
    name="rates",
    singular="rate table",
    model=RateTable,
    label=lambda t: f"{t.currency} exchange rates",
    checks=(_years_once,),
    claims=_claims,
    prefix="rate",
    export_names={"rates": "rate_years", "missing": "rate_missing_years"},
)
