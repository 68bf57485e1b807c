"""Notifications: each US notification to Congress of a possible arms sale, with its date and
estimated value, linked to the deal it became (or standing alone: a case never signed)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.declaration import Claim, Column, Declaration, Event, Filter, Finding, attr, cell
from ..core.fields import CountryCode, Date, DealId, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Money, Sourced
from ..core.vocab import ValueKind
from .deals import Deal, Item
from .rates import short_usd, stated_text, to_usd, too_large


class Notification(Sourced):
    record_kind: ClassVar[str] = "notifications"
    date: Date = Field(description="the day the notification reached Congress")
    title: Text = Field(description="what was notified, in a line")
    buyer: CountryCode = Field(description="the ISO code of the buying country")
    seller: CountryCode = Field(description="the ISO code of the selling country")
    items: list[Item] = Field(default=[], description="the platforms notified, with quantities")
    value: Money | None = Field(default=None, description="the estimated value notified")
    transmittal: Text | None = Field(default=None, description="the transmittal number")
    description: Text | None = Field(
        default=None, description="what was notified, from the notification"
    )
    deal: DealId | None = Field(default=None, description="the deal it became, if any")


def _usd(kb: KnowledgeBase, n: Notification) -> int | None:
    """The estimated value in USD, at the rate of its own year (its date, else the notice's)."""
    if n.value is None:
        return None
    found = to_usd(kb, n.value, (n.value.date or n.date).year)
    return found.usd if found else None


def _mark(kb: KnowledgeBase, n: Notification) -> str:
    """† after a value no quote states."""
    return "†" if "value.amount" in kb.unsupported(n.id) else ""


def _outcome(kb: KnowledgeBase, n: Notification) -> str:
    deal = kb.of(Deal).get(n.deal) if n.deal else None
    return deal.status.value if deal else "no deal recorded"


def _checks(kb: KnowledgeBase, n: Notification) -> Iterator[Finding]:
    if n.value is not None and n.value.kind is not ValueKind.NOTIFICATION:
        message = "a notification's value is of kind notification (an estimated ceiling)"
        yield n.id, ("value", "kind"), message, "value-kind"
    if n.value is not None:
        large = too_large(to_usd(kb, n.value, (n.value.date or n.date).year))
        if large is not None:
            yield n.id, ("value", "amount"), large, "conversion-too-large"
    deal = kb.of(Deal).get(n.deal) if n.deal else None
    if deal is None:
        return
    dates = {str(deal.step("notified"))} | {
        str(v.date) for v in deal.values if v.kind is ValueKind.NOTIFICATION and v.date
    }
    if str(n.date) not in dates:
        message = (
            f"deal {deal.id} records no notification on {n.date}: date its notified milestone "
            "or a notification value so"
        )
        yield n.id, ("deal",), message, "notification-not-on-deal"


def _events(kb: KnowledgeBase, n: Notification) -> Iterable[Event]:
    yield Event(n.date, "notification", "notified", n.id, n.title, frozenset({n.buyer, n.seller}))


def _claims(kb: KnowledgeBase, n: Notification) -> Iterable[Claim]:
    yield from declare.dates(n, "date")
    if n.value is not None:
        v = n.value
        shown = stated_text(v)
        yield Claim(("value", "amount"), "amount", (v.amount, v.currency), shown, (v.source,))
    for i, item in enumerate(n.items):
        if item.quantity is not None:
            yield Claim(("items", i, "quantity"), "number", item.quantity, str(item.quantity))


DECLARATION: Declaration[Any] = Declaration(
    name="notifications",
    singular="notification",
    model=Notification,
    label=lambda n: n.title,
    summary="US notifications to Congress of possible arms sales, with the estimated value "
    "(a ceiling, not a contract) and the deal each became, if any.",
    scope="US notifications to Congress of a possible sale to India since 2000.",
    example="dt notifications --since 2019",
    label_column="title",
    facets=("buyer",),
    columns=(
        attr("id", shown=True),
        Column("date", lambda kb, n: cell(n.date), shown=True),
        attr("title", shown=True),
        Column(
            "value",
            lambda kb, n: (
                short_usd(usd, bound=n.value.bound if n.value else None) + _mark(kb, n)
                if (usd := _usd(kb, n)) is not None
                else None
            ),
            shown=True,
            sort_by="value_usd",
        ),
        Column("value_usd", _usd),
        attr("deal", shown=True),
        Column("outcome", _outcome, shown=True),
        attr("buyer"),
        attr("seller"),
        Column("items", lambda kb, n: [i.platform for i in n.items]),
        declare.sources_column(),
    ),
    default_sort="date",
    filters=(
        *declare.period(declare.dated(lambda n: n.date), "notifications"),
        Filter(
            FilterSpec(
                "min-value",
                "At least this estimated value in USD: 1e9, 1.4B, 500M.",
                "usd",
                "amount",
                "at-least",
                "USD",
            ),
            _usd,
        ),
        declare.country("buyer", "Buying country.", lambda kb, n: n.buyer),
        declare.names(
            "platform",
            "Only notifications for this platform (id).",
            "platforms",
            lambda kb, n: sorted({i.platform for i in n.items}),
        ),
    ),
    checks=(_checks,),
    events=_events,
    claims=_claims,
)
