"""Pydantic models, one per record kind, sharing a strict frozen base."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .dates import PartialDate, period_overlaps
from .types import Amount, CountryCode, CurrencyCode, Date, Id, Quantity, Quote, Text, Url
from .vocab import (
    AgreementKind,
    AgreementStatus,
    Category,
    DealStatus,
    Kind,
    MeetingKind,
    ValueKind,
)


class Strict(BaseModel):
    """Base of every model: unknown fields are errors and records never change once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Strict):
    source: Id = Field(description="id of a record in data/sources/")
    quote: Quote = Field(description="the sentence from that source that states the fact")


class Record(Strict):
    """What every record shares: an id equal to its file name, and free-text notes."""

    record_kind: ClassVar[Kind]
    id: Id
    notes: Text | None = None


class Sourced(Record):
    """A record whose facts are cited: a non-empty list of quotes from sources."""

    sources: list[Citation] = Field(min_length=1)


class Source(Record):
    record_kind: ClassVar[Kind] = Kind.SOURCES
    title: Text
    publisher: Text
    published: Date
    url: Url
    retrieved: Date | None = None


class Position(Strict):
    title: Text
    organization: Text | None = None
    start: Date
    end: Date | None = Field(default=None, description="no end: still in office")

    def held_during(self, first: PartialDate, last: PartialDate | None = None) -> bool:
        """Whether this position was held on some day from `first` to `last`."""
        return period_overlaps(first, last, self.start.start, self.end.end if self.end else None)


class Official(Sourced):
    record_kind: ClassVar[Kind] = Kind.OFFICIALS
    name: Text
    country: CountryCode
    aliases: list[Text] = []
    positions: list[Position] = Field(min_length=1)

    def positions_during(
        self, first: PartialDate, last: PartialDate | None = None
    ) -> list[Position]:
        return [p for p in self.positions if p.held_during(first, last)]


class Location(Strict):
    city: Text
    country: CountryCode


class Meeting(Sourced):
    record_kind: ClassVar[Kind] = Kind.MEETINGS
    date: Date
    end_date: Date | None = None
    kind: MeetingKind
    location: Location | None = None
    participants: list[Id] = Field(min_length=2)
    topics: list[Text] = []
    summary: Text
    agreements: list[Id] = []
    deals: list[Id] = []
    platforms: list[Id] = []


class Operator(Strict):
    country: CountryCode
    since: Date | None = None
    until: Date | None = None


class Platform(Sourced):
    record_kind: ClassVar[Kind] = Kind.PLATFORMS
    name: Text
    aliases: list[Text] = []
    category: Category
    role: Text | None = None
    manufacturer: Text | None = None  # left out when no source names it
    origin_country: CountryCode
    operators: list[Operator] = []


class Item(Strict):
    platform: Id
    quantity: Quantity | None = None
    note: Text | None = None


class Money(Strict):
    amount: Amount
    currency: CurrencyCode
    kind: ValueKind | None = None
    source: Id | None = Field(default=None, description="id of a cited source that states it")
    note: Text | None = None


class Deal(Sourced):
    record_kind: ClassVar[Kind] = Kind.DEALS
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
    agreements: list[Id] = []
    summary: Text | None = None

    @property
    def date(self) -> PartialDate | None:
        """The date a deal is listed under: signed, else announced, notified or approved."""
        return self.signed or self.announced or self.notified or self.approved


class Agreement(Sourced):
    record_kind: ClassVar[Kind] = Kind.AGREEMENTS
    name: Text
    short_name: Text | None = None
    kind: AgreementKind
    parties: list[CountryCode] = Field(min_length=1)
    announced: Date | None = None
    signed: Date | None = None
    effective: Date | None = None
    expires: Date | None = None
    status: AgreementStatus
    supersedes: Id | None = None
    signatories: list[Id] = []
    summary: Text | None = None

    @property
    def date(self) -> PartialDate | None:
        """The date an agreement is listed under: signed, else announced."""
        return self.signed or self.announced


class Rate(Strict):
    year: int = Field(ge=1900, le=2100, strict=True)
    per_usd: float = Field(gt=0, strict=True, description="units of the currency per US dollar")
    source: Id


class RateTable(Sourced):
    record_kind: ClassVar[Kind] = Kind.RATES
    currency: CurrencyCode
    rates: list[Rate] = Field(min_length=1)


MODELS: dict[Kind, type[Record]] = {
    Kind.SOURCES: Source,
    Kind.RATES: RateTable,
    Kind.OFFICIALS: Official,
    Kind.PLATFORMS: Platform,
    Kind.AGREEMENTS: Agreement,
    Kind.DEALS: Deal,
    Kind.MEETINGS: Meeting,
}
