"""Pure filters over facets: each listing record's filter keys in, the matching positions out.

Facets (built by `facets.py` from the models, or read back from the cache) hold dates as day
ordinals, so a query needs neither the models nor pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decimal import Decimal

    from .dates import PartialDate

Facets = dict[str, Any]
Span = tuple[int, int]  # first and last day (ordinals) of a record's date or dates


@dataclass(frozen=True)
class Period:
    """A closed range of days as ordinals; None on either side is unbounded."""

    start: int | None = None
    end: int | None = None

    @classmethod
    def build(
        cls,
        year: int | None = None,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
    ) -> Period:
        start = since.start.toordinal() if since else None
        end = until.end.toordinal() if until else None
        if year is not None:
            first, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
            start, end = max(start or first, first), min(end or last, last)
        return cls(start, end)

    @property
    def unbounded(self) -> bool:
        return self.start is None and self.end is None

    def overlaps(self, span: Sequence[int] | None) -> bool:
        """Whether a record's span shares a day with this period (no span: only if unbounded)."""
        if self.unbounded:
            return True
        return (
            span is not None
            and (self.start is None or span[1] >= self.start)
            and (self.end is None or span[0] <= self.end)
        )

    def touches(self, first: PartialDate | None, last: PartialDate | None = None) -> bool:
        return self.overlaps(span_of(first, last))


def span_of(first: PartialDate | None, last: PartialDate | None = None) -> Span | None:
    if first is None:
        return None
    return first.start.toordinal(), (last or first).end.toordinal()


def _select(facets: Sequence[Facets], keep: Callable[[Facets], bool]) -> list[int]:
    return [i for i, f in enumerate(facets) if keep(f)]


def meetings(
    facets: Sequence[Facets],
    period: Period = Period(),
    country: str | None = None,
    official: str | None = None,
) -> list[int]:
    return _select(
        facets,
        lambda f: (
            period.overlaps(f["span"])
            and (official is None or official in f["participants"])
            and (country is None or country in f["countries"])
        ),
    )


def _held(terms: Sequence[Sequence[int | None]], as_of: Span) -> bool:
    """Whether one of the terms [start, end or None] shares a day with `as_of`."""
    return any(
        start is not None and start <= as_of[1] and (end is None or end >= as_of[0])
        for start, end in terms
    )


def officials(
    facets: Sequence[Facets], country: str | None = None, as_of: Span | None = None
) -> list[int]:
    return _select(
        facets,
        lambda f: (
            (country is None or f["country"] == country)
            and (as_of is None or _held(f["terms"], as_of))
        ),
    )


def platforms(
    facets: Sequence[Facets],
    origin: str | None = None,
    operator: str | None = None,
    category: str | None = None,
    as_of: Span | None = None,
) -> list[int]:
    """`as_of`: only platforms in service then (a recorded service entry on or before it)."""

    def keep(f: Facets) -> bool:
        if (origin and f["origin"] != origin) or (category and f["category"] != category):
            return False
        if not (operator or as_of):
            return True
        return any(
            (operator is None or country == operator) and (as_of is None or _held([term], as_of))
            for country, *term in f["operators"]
        )

    return _select(facets, keep)


@dataclass(frozen=True)
class DealCriteria:
    min_usd: Decimal | None = None
    max_usd: Decimal | None = None
    period: Period = Period()
    buyer: str | None = None
    seller: str | None = None
    status: str | None = None
    platform: str | None = None


def deals(facets: Sequence[Facets], criteria: DealCriteria) -> list[int]:
    c = criteria

    def keep(f: Facets) -> bool:
        usd = f["usd"]
        if c.min_usd is not None and (usd is None or usd < c.min_usd):
            return False
        if c.max_usd is not None and (usd is None or usd > c.max_usd):
            return False
        return (
            c.period.overlaps(f["span"])
            and (c.buyer is None or f["buyer"] == c.buyer)
            and (c.seller is None or f["seller"] == c.seller)
            and (c.status is None or f["status"] == c.status)
            and (c.platform is None or c.platform in f["platforms"])
        )

    return _select(facets, keep)


def agreements(
    facets: Sequence[Facets],
    period: Period = Period(),
    status: str | None = None,
    party: str | None = None,
    kind: str | None = None,
    as_of: Span | None = None,
) -> list[int]:
    return _select(
        facets,
        lambda f: (
            period.overlaps(f["span"])
            and (as_of is None or _in_force(f["force"], as_of))
            and (status is None or f["status"] == status)
            and (party is None or party in f["parties"])
            and (kind is None or f["kind"] == kind)
        ),
    )


def _in_force(force: Sequence[Any] | None, as_of: Span) -> bool:
    """`force` is (first day in force, [last day of each end, None if undated]) or None."""
    if force is None:
        return False
    begin, ends = force
    return begin <= as_of[1] and all(end is None or end >= as_of[0] for end in ends)
