"""Deals: arms sales and co-production, with their values, status and milestones."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.dates import PartialDate
from ..core.declaration import (
    Column,
    Computed,
    Declaration,
    Event,
    Filter,
    Finding,
    Period,
    attr,
    attrs,
    cell,
    sources_column,
)
from ..core.fields import AgreementId, CountryCode, Date, PlatformId, Quantity, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Money, Sourced, Strict
from .rates import RateTable, to_usd


class DealStatus(StrEnum):
    PROPOSED = "proposed"
    UNDER_NEGOTIATION = "under-negotiation"
    NOTIFIED = "notified"
    APPROVED = "approved"
    SIGNED = "signed"
    DELIVERING = "delivering"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Item(Strict):
    platform: PlatformId
    quantity: Quantity | None = None
    note: Text | None = None


class Deal(Sourced):
    record_kind: ClassVar[str] = "deals"
    title: Text
    buyer: CountryCode
    seller: CountryCode
    items: list[Item] = Field(min_length=1)
    value: Money | None = None
    other_values: list[Money] = []
    status: DealStatus
    announced: Date | None = None
    notified: Date | None = None
    approved: Date | None = None
    signed: Date | None = None
    delivered: Date | None = None
    completed: Date | None = None
    agreements: list[AgreementId] = []
    summary: Text | None = None

    @property
    def date(self) -> PartialDate | None:
        """The date a deal is listed under: signed, else announced, notified or approved."""
        return self.signed or self.announced or self.notified or self.approved


STEPS = ("announced", "notified", "approved", "signed", "delivered", "completed")


def value_usd(kb: KnowledgeBase, deal: Deal) -> int | None:
    """The deal's headline value in USD, or None when it has none."""
    if deal.value is None:
        return None
    return to_usd(kb, deal.value, deal.date.year if deal.date else None)


def money_text(money: Money | None) -> str | None:
    return f"{money.currency} {money.amount:,}" if money else None


def _items(kb: KnowledgeBase, d: Deal) -> list[str]:
    return [f"{i.platform} x{i.quantity}" if i.quantity else i.platform for i in d.items]


def _rated(kb: KnowledgeBase, deal: Deal) -> Iterator[Finding]:
    """Every currency other than USD needs an exchange-rate table."""
    tables = {table.currency for table in kb.of(RateTable).values()}
    found: list[tuple[tuple[str | int, ...], Money]] = (
        [(("value", "currency"), deal.value)] if deal.value else []
    )
    found += [(("other_values", i, "currency"), v) for i, v in enumerate(deal.other_values)]
    for path, money in found:
        if money is not None and money.currency != "USD" and money.currency not in tables:
            message = (
                f"no exchange rates for {money.currency}: add rates/{money.currency.lower()}.yaml"
            )
            yield deal.id, path, message, "no-rate"


def _events(kb: KnowledgeBase, d: Deal) -> Iterable[Event]:
    return declare.milestones("deal", d, STEPS, d.title, {d.buyer, d.seller})


def _periods(d: Deal) -> Iterable[Period]:
    yield ("completed",), d.delivered, d.completed


def _value_filter(option: str, help: str, test: str) -> Filter[Deal]:
    return Filter(FilterSpec(option, help, "usd", "amount", test, "USD"), value_usd)


DECLARATION: Declaration[Any] = Declaration(
    name="deals",
    singular="deal",
    model=Deal,
    label=lambda d: d.title,
    summary="Arms sales and co-production deals, with values converted to USD.\n\n"
    "A deal is dated by its signature, else its announcement, notification or approval.",
    example="dt deals --min-value 1e9 --format json",
    columns=(
        attr("id", shown=True),
        Column("date", lambda kb, d: cell(d.date), shown=True),
        *attrs("title", "buyer", "seller", shown=("title",)),
        Column("items", _items, shown=True),
        Column("value", lambda kb, d: money_text(d.value)),
        Column("value_kind", lambda kb, d: cell(d.value.kind if d.value else None)),
        Column("value_usd", value_usd, shown=True),
        attr("status", shown=True),
        *attrs(*STEPS),
        Column("other_values", lambda kb, d: [str(money_text(m)) for m in d.other_values]),
        sources_column(),
    ),
    default_sort="date",
    filters=(
        _value_filter("min-value", "At least this value in USD: 1e9, 1.4B, 500M.", "at-least"),
        _value_filter("max-value", "At most this value in USD.", "at-most"),
        *declare.period(declare.dated(lambda d: d.date), "deals dated"),
        declare.country("buyer", "Buying country.", lambda kb, d: d.buyer),
        declare.country("seller", "Selling country.", lambda kb, d: d.seller),
        declare.choice("status", "Only this status.", lambda kb, d: d.status.value, DealStatus),
        declare.names(
            "platform",
            "Only deals for this platform (id).",
            "platforms",
            lambda kb, d: sorted({i.platform for i in d.items}),
        ),
    ),
    computed=(
        Computed("date", lambda kb, d: cell(d.date), "TEXT"),
        Computed("value_usd", value_usd, "REAL"),
    ),
    periods=_periods,
    checks=(_rated,),
    events=_events,
)
