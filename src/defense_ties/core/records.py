"""What every record kind shares: a strict frozen base, citations, notes, money, places."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .fields import Amount, CountryCode, CurrencyCode, Date, Id, Quote, SourceId, Text
from .vocab import Bound, ValueKind


class Strict(BaseModel):
    """Base of every model: unknown fields are errors and records never change once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Strict):
    source: SourceId = Field(description="id of a record in data/sources/")
    quote: Quote = Field(description="the sentence from that source that states the fact")
    supports: list[Text] | None = Field(
        default=None,
        description="the fields this quote supports (e.g. signed, positions[0].start); "
        "without it, whatever the quote is found to state",
    )


class Record(Strict):
    """What every record shares: an id equal to its file name, and free-text notes."""

    record_kind: ClassVar[str]  # the kind's folder name, set by each kind's model
    id: Id = Field(description="lowercase kebab-case, equal to the file name without .yaml")
    notes: Text | None = Field(
        default=None,
        description="what a reader should know that no field says: conflicts between sources,"
        " what was not found",
    )


class Contest(Strict):
    """A claim about the record that another source disputes (a report and its official
    denial, two sources that disagree): both kept, each with its cited source."""

    claim: Text = Field(description="what a source claims, in a sentence")
    source: SourceId = Field(description="the source that claims it (cited with a quote)")
    dispute: Text = Field(description="what the other source says against it")
    disputed_by: SourceId = Field(
        description="the source that denies or contradicts it (cited with a quote)"
    )
    field: Text | None = Field(
        default=None, description="the field it bears on, as dt why prints it (status, ...)"
    )
    note: Text | None = Field(
        default=None, description="anything else a reader should know about the dispute"
    )


class Sourced(Record):
    """A record whose facts are cited: a non-empty list of quotes from sources."""

    sources: list[Citation] = Field(
        min_length=1,
        description="the citations: each a source id and a quote from it that states facts of the"
        " record",
    )
    contested: list[Contest] = Field(
        default=[], description="claims about this record that another source disputes"
    )


class Location(Strict):
    city: Text = Field(description="the city (or base, or place) where it was held")
    country: CountryCode = Field(description="the ISO 3166-1 alpha-2 code of the venue's country")


class Money(Strict):
    """An amount that says what kind of number it is and which cited source states it."""

    amount: Amount = Field(description="a whole number in the currency's units: 1_400_000_000")
    currency: CurrencyCode = Field(
        description="the ISO 4217 code of the amount as its source states it: USD, INR"
    )
    kind: ValueKind = Field(description="contract, notification, approval, estimate, reported")
    bound: Bound | None = Field(
        default=None,
        description='at-least ("more than Rs 14,000 crore") or at-most ("up to $1 billion")',
    )
    source: SourceId = Field(description="id of a cited source that states it")
    date: Date | None = Field(
        default=None, description="when it was stated, if not the date of its kind's milestone"
    )
    note: Text | None = Field(
        default=None, description="what exactly the amount covers, or how the source words it"
    )
