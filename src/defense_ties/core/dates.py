"""Partial dates: `2025`, `2025-07` or `2025-07-01`, each naming a whole period."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
BOUNDS = ("by", "after")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day; or a bound (`bound`): `by 2019-08-26`,
    it happened on or before that day (a source says it had happened by then), or
    `after 2012-05-04`, on or after it (a term still running then, ended later)."""

    year: int
    month: int | None = None
    day: int | None = None
    bound: str | None = None  # None, "by" or "after"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError with a reason otherwise."""
        return _parse(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        match = _PATTERN.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < 1000:
            raise ValueError(f"{text!r}: year out of range")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r}: month {month} does not exist")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{text!r}: day {day} does not exist in {year}-{month:02d}")
        return cls(year, month, day)

    @classmethod
    def parse_bound(cls, text: str, bounds: tuple[str, ...] = BOUNDS) -> PartialDate:
        """A date, or one of `bounds`: `by YYYY[-MM[-DD]]`, `after YYYY[-MM[-DD]]`."""
        word, _, rest = text.strip().partition(" ")
        if word in bounds and rest:
            found = _parse(rest)
            return cls(found.year, found.month, found.day, word)
        if word in BOUNDS and rest:
            raise ValueError(f"{text!r}: a date here cannot be '{word} ...'")
        return _parse(text)

    @property
    def by(self) -> bool:
        return self.bound == "by"

    @property
    def after(self) -> bool:
        return self.bound == "after"

    @property
    def precision(self) -> str:
        """`year`, `month` or `day`."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        if self.day:
            return self.start
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def first_day(self) -> int:
        """First day of the period as a day ordinal."""
        return self.start.toordinal()

    @property
    def last_day(self) -> int:
        """Last day of the period as a day ordinal."""
        return self.end.toordinal()

    def __str__(self) -> str:
        text = f"{self.bound} {self.year:04d}" if self.bound else f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> PartialDate:
    """Dates repeat across records: parse each distinct text once (PartialDate is frozen)."""
    return PartialDate._parse(text)


# A closed range of days as ordinals, the one period type of every overlap test: a record's
# date or term, a filter's --year/--since/--until, an --as-of day. None on a side: unbounded.
Span = tuple[int | None, int | None]


def span(first: PartialDate | None, last: PartialDate | None = None) -> Span | None:
    """The days from the start of `first` to the end of `last` (or of `first`); None if undated."""
    if first is None:
        return None
    return first.first_day, (last or first).last_day


def term(start: PartialDate | None, end: PartialDate | None) -> Span:
    """A term of office or service: open-ended where a side is unknown or still running."""
    return (start.first_day if start else None, end.last_day if end else None)


def overlaps(a: Span | None, b: Span) -> bool:
    """Whether two spans share a day; an undated record (None) overlaps nothing."""
    if a is None:
        return False
    return (a[0] is None or b[1] is None or a[0] <= b[1]) and (
        b[0] is None or a[1] is None or b[0] <= a[1]
    )


def year_span(year: int) -> Span:
    return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
