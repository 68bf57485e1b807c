"""Deals: arms sales and co-production, with dated, sourced milestones and values that say
what kind of number they are.

A deal's status follows its milestones (checked): notified (US notification to Congress),
approved (the buyer's approval body), signed, first delivery (the first unit handed over to
the buyer, wherever that happens), completed (the last unit delivered), cancelled. Its
headline value is its contract value once signed, else its latest other value (notification,
approval, estimate or reported). A value in another currency is converted at the cited rate of
its own year, and rounded to the precision of the amount as stated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.dates import PartialDate
from ..core.declaration import (
    Backlink,
    Claim,
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
from ..core.fields import (
    AgreementId,
    CountryCode,
    Date,
    DateOrBound,
    PlatformId,
    Quantity,
    SourceId,
    Text,
)
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Money, Sourced, Strict
from ..core.vocab import ValueKind
from .rates import Conversion, RateTable, short_usd, stated_text, to_usd, too_large


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
    platform: PlatformId = Field(description="the platform bought (a platform id)")
    quantity: Quantity | None = Field(
        default=None, description="how many units, as a source states"
    )
    note: Text | None = Field(default=None, description="what exactly the item covers")


class Milestone(Strict):
    date: DateOrBound = Field(
        description="the day, month or year; `by YYYY-MM-DD`: had happened by then"
    )
    source: SourceId = Field(description="id of a cited source that states the date")
    note: Text | None = Field(
        default=None, description="which body, which document or what exactly happened"
    )


class Milestones(Strict):
    notified: Milestone | None = Field(default=None, description="US notification to Congress")
    approved: Milestone | None = Field(default=None, description="the buyer's approval body")
    signed: Milestone | None = Field(default=None, description="contract or LOA signed")
    first_delivery: Milestone | None = Field(
        default=None, description="first unit handed over to the buyer, wherever that happens"
    )
    completed: Milestone | None = Field(default=None, description="last unit delivered")
    cancelled: Milestone | None = Field(
        default=None, description="cancelled, dropped or lapsed, as a source says"
    )


STEPS = ("notified", "approved", "signed", "first_delivery", "completed", "cancelled")
# The status each milestone brings; later in the list wins.
STEP_STATUS = {
    "notified": DealStatus.NOTIFIED,
    "approved": DealStatus.APPROVED,
    "signed": DealStatus.SIGNED,
    "first_delivery": DealStatus.DELIVERING,
    "completed": DealStatus.COMPLETED,
    "cancelled": DealStatus.CANCELLED,
}
RANK = {status: i for i, status in enumerate(DealStatus)}
BEFORE_ANY_MILESTONE = {DealStatus.PROPOSED, DealStatus.UNDER_NEGOTIATION}
# The milestone a value of this kind is dated by when it gives no date of its own.
KIND_STEP = {
    ValueKind.CONTRACT: "signed",
    ValueKind.NOTIFICATION: "notified",
    ValueKind.APPROVAL: "approved",
}
# Between two values of one date, the headline prefers (contract first once signed):
KIND_ORDER = [ValueKind.NOTIFICATION, ValueKind.APPROVAL, ValueKind.ESTIMATE, ValueKind.REPORTED]


class Deal(Sourced):
    record_kind: ClassVar[str] = "deals"
    title: Text = Field(description="a short title: what, how many and for whom")
    buyer: CountryCode = Field(description="the ISO code of the buying country")
    seller: CountryCode = Field(description="the ISO code of the selling country")
    items: list[Item] = Field(min_length=1, description="the platforms bought, with quantities")
    status: DealStatus = Field(description="as of the latest source; agrees with milestones")
    announced: Date | None = Field(default=None, description="when the deal was first announced")
    milestones: Milestones = Field(
        default=Milestones(),
        description="the dated, sourced steps: notified, approved, signed, first_delivery,"
        " completed, cancelled",
    )
    values: list[Money] = Field(
        default=[],
        description="every public value, each saying what kind of number it is and which source"
        " states it",
    )
    agreements: list[AgreementId] = Field(
        default=[], description="the agreements the deal falls under (agreement ids)"
    )
    summary: Text | None = Field(default=None, description="one or two sentences, from the sources")

    def step(self, name: str) -> PartialDate | None:
        milestone: Milestone | None = getattr(self.milestones, name)
        return milestone.date if milestone else None

    @property
    def date(self) -> PartialDate | None:
        """The date a deal is listed under: signed, else announced, notified or approved."""
        return (
            self.step("signed") or self.announced or self.step("notified") or self.step("approved")
        )

    def value_date(self, money: Money) -> PartialDate | None:
        """A value's date: its own, else its kind's milestone, else the deal's date."""
        step = KIND_STEP.get(money.kind)
        return money.date or (self.step(step) if step else None) or self.date

    def headline(self) -> Money | None:
        """The contract value once signed, else the latest other value."""
        contract = [v for v in self.values if v.kind is ValueKind.CONTRACT]
        if contract and self.milestones.signed:
            return contract[0]
        return self.latest(v for v in self.values if v.kind is not ValueKind.CONTRACT)

    def latest(self, values: Iterable[Money]) -> Money | None:
        def when(v: Money) -> tuple[int, int]:
            date = self.value_date(v)
            order = KIND_ORDER.index(v.kind) if v.kind in KIND_ORDER else -1
            return (date.first_day if date else 0, -order)

        return max(values, key=when, default=None)


def conversion(kb: KnowledgeBase, deal: Deal, money: Money | None) -> Conversion | None:
    """`money` in USD at the rate of the value's own year."""
    if money is None:
        return None
    date = deal.value_date(money)
    return to_usd(kb, money, date.year if date else None)


def value_usd(kb: KnowledgeBase, deal: Deal) -> int | None:
    """The deal's headline value in USD (rounded as its source allows), or None."""
    found = conversion(kb, deal, deal.headline())
    return found.usd if found else None


def _value_cell(kb: KnowledgeBase, deal: Deal, money: Money | None) -> list[Any] | None:
    """[usd, text, kind, bound] of one value, e.g. [3090000000, '≈$3.09B', 'reported', None];
    a value with no rate for its year: [None, 'INR 7,995 crore', 'contract', None]; a bound:
    [1887000000, '≥≈$1.9B', 'contract', 'at-least']."""
    if money is None:
        return None
    bound = money.bound.value if money.bound else None
    mark = "" if stated(kb, deal, money) else UNSTATED
    found = conversion(kb, deal, money)
    if found is None:
        return [None, stated_text(money) + mark, money.kind.value, bound]
    text = short_usd(found.usd, found.converted, money.bound) + mark
    return [found.usd, text, money.kind.value, bound]


UNSTATED = "†"  # after a value no quote of its citations states (dt why shows the search)


def stated(kb: KnowledgeBase, deal: Deal, money: Money) -> bool:
    """Whether a quote states the value (as far as the support check has run)."""
    at = next(i for i, v in enumerate(deal.values) if v is money)
    return f"values[{at}].amount" not in kb.unsupported(deal.id)


def _values_key(kb: KnowledgeBase, deal: Deal) -> dict[str, Any]:
    """The filter key of --value-kind and --min/--max-value: per kind, its latest value;
    `headline`: the headline value."""
    key: dict[str, Any] = {"headline": _value_cell(kb, deal, deal.headline())}
    for kind in ValueKind:
        latest = deal.latest(v for v in deal.values if v.kind is kind)
        if latest is not None:
            key[kind.value] = _value_cell(kb, deal, latest)
    return key


def history(deal: Deal) -> list[list[Any]]:
    """The filter key of --as-of: [first day it may have been reached (None: unknown), last day
    by which it certainly was, the status it brings] for each dated step, in lifecycle order
    (a step dated only to its year may end after a later step dated to the day). A deal is
    `announced` from its announcement (or, not yet at a milestone, at its status then); a
    milestone dated by a bound (`by 2019-08-26`) may have been reached any day after the step
    before it."""
    found: list[list[Any]] = []
    if deal.announced is not None or deal.status in BEFORE_ANY_MILESTONE:
        when = deal.announced if deal.status not in BEFORE_ANY_MILESTONE else deal.date
        status = "announced" if deal.status not in BEFORE_ANY_MILESTONE else deal.status.value
        if when is not None:
            found.append([when.first_day, when.last_day, status])
    for step in STEPS:
        when = deal.step(step)
        if when is not None:
            earlier = found[-1][0] if found else None
            first = earlier if when.by else when.first_day
            found.append([first, when.last_day, STEP_STATUS[step].value])
    found.sort(key=lambda h: LIFECYCLE.index(h[2]))
    return found


# The order of the statuses a deal's history can show.
LIFECYCLE = [
    DealStatus.PROPOSED.value,
    DealStatus.UNDER_NEGOTIATION.value,
    "announced",
    *(s.value for s in DealStatus if s not in BEFORE_ANY_MILESTONE),
]


def _items(kb: KnowledgeBase, d: Deal) -> list[str]:
    return [f"{i.platform} x{i.quantity}" if i.quantity else i.platform for i in d.items]


# Checks: each finding has a stable code.


def _rated(kb: KnowledgeBase, deal: Deal) -> Iterator[Finding]:
    """Every value in another currency needs the cited rate of its own year."""
    tables = {table.currency: table for table in kb.of(RateTable).values()}
    for i, money in enumerate(deal.values):
        if money.currency == "USD":
            continue
        table = tables.get(money.currency)
        path = ("values", i, "currency")
        if table is None:
            message = (
                f"no exchange rates for {money.currency}: add rates/{money.currency.lower()}.yaml"
            )
            yield deal.id, path, message, "no-rate"
            continue
        date = deal.value_date(money)
        large = too_large(conversion(kb, deal, money))
        if large is not None:
            yield deal.id, ("values", i, "amount"), large, "conversion-too-large"
        if date is None:
            yield deal.id, path, "an undated value cannot be converted: give its date", "undated"
        elif conversion(kb, deal, money) is None and not table.declared_missing(date.year):
            message = (
                f"no {money.currency} rate for {date.year} in rates/{table.id}.yaml: add the "
                "cited yearly average (no other year's rate is used)"
            )
            yield deal.id, path, message, "no-rate-year"


def _agrees(kb: KnowledgeBase, deal: Deal) -> Iterator[Finding]:
    """The status agrees with the milestones; milestones in order; contract values signed."""
    reached = [s for s in STEPS if deal.step(s) is not None]
    status = deal.status
    needs = {v: k for k, v in STEP_STATUS.items()}.get(status)
    if needs is not None and needs not in reached:
        message = f"status {status.value} needs a dated {needs.replace('_', ' ')} milestone"
        yield deal.id, ("status",), message, "status-without-milestone"
    later = [s for s in reached if RANK[STEP_STATUS[s]] > RANK[status]]
    if status is not DealStatus.CANCELLED and later:
        step = later[-1]
        message = (
            f"status {status.value} is behind the {step.replace('_', ' ')} milestone "
            f"({deal.step(step)}): the status should be {STEP_STATUS[step].value}"
        )
        yield deal.id, ("status",), message, "status-behind-milestones"
    for first, then in (("signed", "first_delivery"), ("first_delivery", "completed")):
        a, b = deal.step(first), deal.step(then)
        if a is not None and b is not None and b.last_day < a.first_day:
            message = f"{then.replace('_', ' ')} ({b}) before {first.replace('_', ' ')} ({a})"
            yield deal.id, ("milestones", then, "date"), message, "milestone-order"
    if deal.step("first_delivery") and not deal.step("signed"):
        message = "deliveries without a signed milestone"
        yield deal.id, ("milestones", "first_delivery"), message, "delivery-unsigned"
    contracts = [i for i, v in enumerate(deal.values) if v.kind is ValueKind.CONTRACT]
    for i in contracts:
        if not deal.step("signed"):
            message = "a contract value on a deal never signed: use notification, approval, "
            message += "estimate or reported"
            yield deal.id, ("values", i, "kind"), message, "contract-unsigned"
    for i in contracts[1:]:
        message = "a second contract value: keep one, mark the other reported and say why in notes"
        yield deal.id, ("values", i, "kind"), message, "contract-twice"


def _events(kb: KnowledgeBase, d: Deal) -> Iterable[Event]:
    """Its announcement and milestones; a notification its notification record shows on the
    timeline already (same day) is not shown twice."""
    countries = frozenset({d.buyer, d.seller})
    notices = {str(getattr(n, "date", "")) for n in kb.naming(d.id, "notifications", "deal")}
    if d.announced:
        yield Event(d.announced, "deal", "announced", d.id, d.title, countries)
    for step in STEPS:
        when = d.step(step)
        if when is not None and not (step == "notified" and str(when) in notices):
            yield Event(when, "deal", step.replace("_", " "), d.id, d.title, countries)


def _periods(d: Deal) -> Iterable[Period]:
    yield ("milestones", "completed", "date"), d.step("first_delivery"), d.step("completed")


def _value_filter(option: str, help: str, test: str) -> Filter[Deal]:
    spec = FilterSpec(option, help, "values", "amount", test + "-of:value-kind", "USD")
    return Filter(spec, _values_key)


def _headline_part(index: int) -> Any:
    def get(kb: KnowledgeBase, deal: Deal) -> Any:
        found = _value_cell(kb, deal, deal.headline())
        return found[index] if found else None

    return get


def _step_column(step: str) -> Column[Deal]:
    return Column(step, lambda kb, d: cell(d.step(step)))


def _headline_json(kb: KnowledgeBase, deal: Deal) -> dict[str, Any] | None:
    """The headline value: as stated, and in USD (rounded as its source allows, and exact),
    with the rate used; usd is null when no cited rate exists for the value's year."""
    money = deal.headline()
    if money is None:
        return None
    found = conversion(kb, deal, money)
    date = deal.value_date(money)
    return {
        "kind": money.kind.value,
        "bound": money.bound.value if money.bound else None,
        "amount": money.amount,
        "currency": money.currency,
        "date": str(date) if date else None,
        "source": money.source,
        "usd": found.usd if found else None,
        "usd_exact": found.exact if found else None,
        "converted": bool(found and found.converted),
        "rate": {"year": found.year, "per_usd": found.per_usd}
        if found and found.converted
        else None,
    }


def headline_text(kb: KnowledgeBase, deal: Deal) -> str | None:
    """The headline value in words: `$3B (contract, 2015-09-28)`, or for a conversion
    `≈$3.09B (reported: INR 19,800 crore at 64.15 INR per USD, the 2015 average)`."""
    money = deal.headline()
    if money is None:
        return None
    found = conversion(kb, deal, money)
    date = deal.value_date(money)
    when = f", {date}" if date else ""
    if found is None:
        return f"{stated_text(money)} ({money.kind.value}{when}; no cited rate for its year)"
    if not found.converted:
        return f"{short_usd(found.usd, bound=money.bound)} ({money.kind.value}{when})"
    return (
        f"{short_usd(found.usd, True, money.bound)} ({money.kind.value}{when}: "
        f"{stated_text(money)} at "
        f"{found.per_usd:g} {money.currency} per USD, the {found.year} average)"
    )


def _claims(kb: KnowledgeBase, d: Deal) -> Iterable[Claim]:
    """Each milestone's date and each value's amount against its own source's quotes; the
    announcement and the quantities against any quote."""
    meetings = declare.named_by(kb, "meetings", "deals", d.id)
    yield from declare.dates(d, "announced", related=meetings)
    for step in STEPS:
        milestone: Milestone | None = getattr(d.milestones, step)
        if milestone is not None:
            path = ("milestones", step, "date")
            yield Claim(path, "date", milestone.date, str(milestone.date), (milestone.source,))
    for i, v in enumerate(d.values):
        shown = f"{stated_text(v)} ({v.kind.value})"
        yield Claim(("values", i, "amount"), "amount", (v.amount, v.currency), shown, (v.source,))
    for i, item in enumerate(d.items):
        if item.quantity is not None:
            shown = str(item.quantity)
            yield Claim(("items", i, "quantity"), "number", item.quantity, shown, None, meetings)


DECLARATION: Declaration[Any] = Declaration(
    name="deals",
    singular="deal",
    model=Deal,
    label=lambda d: d.title,
    summary="Arms sales and co-production deals, with values converted to USD.\n\n"
    "A deal is dated by its signature, else its announcement, notification or approval. "
    "Its value is the contract value once signed, else its latest notification, approval, "
    "estimate or reported value; the value kind is shown beside it, and ≈ marks a conversion "
    "(at the cited rate of the value's year, rounded as its source allows). --value-kind K "
    "lists deals with a value of kind K and shows and filters by that value. --as-of DATE "
    "shows each deal's status on DATE, from its dated milestones.",
    scope="US-India arms sales and co-production deals since 2000 that were announced,"
    " notified, approved or signed, with every public value.",
    example="dt deals --value-kind contract --min-value 1e9",
    unlisted={
        "milestones": "each step is a column: notified, approved, signed, first_delivery, "
        "completed, cancelled"
    },
    columns=(
        attr("id", shown=True),
        Column("date", lambda kb, d: cell(d.date), shown=True),
        *attrs("title", "buyer", "seller", shown=("title",)),
        Column("items", _items, shown=True),
        Column("value", _headline_part(1), shown=True, sort_by="value_usd"),
        Column("value_kind", _headline_part(2), shown=True),
        Column("value_usd", _headline_part(0)),
        Column("value_bound", _headline_part(3)),
        attr("status", shown=True),
        attr("announced"),
        *(_step_column(step) for step in STEPS),
        Column(
            "values",
            lambda kb, d: [
                f"{stated_text(v)} ({v.kind.value}, {d.value_date(v)})" for v in d.values
            ],
        ),
        sources_column(),
    ),
    default_sort="date",
    filters=(
        Filter(
            FilterSpec(
                "value-kind",
                "Deals with a value of this kind, shown and filtered (--min-value, "
                "--max-value) by that value.",
                "values",
                "choice",
                "contains",
                "KIND",
                tuple(k.value for k in ValueKind),
                project="value-of",
            ),
            _values_key,
        ),
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
        Filter(
            FilterSpec(
                "as-of",
                "Deals that had reached a milestone by DATE, each with its status then.",
                "history",
                "day",
                "reached",
                "DATE",
                project="status-on",
            ),
            lambda kb, d: history(d),
        ),
    ),
    computed=(
        Computed(
            "date",
            lambda kb, d: cell(d.date),
            "TEXT",
            description="the date it is listed under: signed, else announced, notified or approved",
        ),
        Computed(
            "value_usd",
            _headline_part(0),
            "INTEGER",
            description="the headline value in USD (converted at its year's cited rate, rounded as "
            "stated); its kind is value_kind: never add up values of different kinds",
        ),
        Computed(
            "value_kind",
            _headline_part(2),
            "TEXT",
            description="what kind of number value_usd is: contract once signed, else the latest "
            "notification, approval, estimate or reported value",
        ),
        Computed(
            "value_bound",
            _headline_part(3),
            "TEXT",
            description="at-least or at-most when the headline value is a bound, else empty",
        ),
        Computed(
            "value_stated",
            lambda kb, d: None if (m := d.headline()) is None else int(stated(kb, d, m)),
            "INTEGER",
            description="1 when a quote of its source states the headline value, 0 when none "
            "does (dt why; listings mark it †); empty when there is no value",
        ),
        Computed("value_text", headline_text),
        Computed("headline_value", _headline_json, on_page=False),
    ),
    backlinks=(Backlink("notifications", "notifications", "deal"),),
    label_column="title",
    facets=("status", "value_kind", "buyer"),
    periods=_periods,
    checks=(_rated, _agrees),
    events=_events,
    claims=_claims,
)
