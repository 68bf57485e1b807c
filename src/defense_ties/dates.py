"""Partial dates: `2025`, `2025-07` or `2025-07-01`, each naming a whole period."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

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

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether this period shares a day with [start, end] (None = unbounded)."""
        return (start is None or self.end >= start) and (end is None or self.start <= end)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
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


def period_overlaps(
    first: PartialDate, last: PartialDate | None, start: dt.date | None, end: dt.date | None
) -> bool:
    """Whether the period from `first` to `last` (or `first` alone) touches [start, end]."""
    last = last or first
    return (start is None or last.end >= start) and (end is None or first.start <= end)
