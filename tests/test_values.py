"""Dates, amounts and countries as curators write them and users type them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from defense_ties.core.dates import PartialDate
from defense_ties.core.values import BadValue, parse_amount, parse_country


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025-07-01", dt.date(2025, 7, 1), dt.date(2025, 7, 1)),
    ],
)
def test_a_partial_date_is_the_whole_period_it_names(text, start, end):
    date = PartialDate.parse(text)
    assert (date.start, date.end, str(date)) == (start, end, text)


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "25", "2025-7-1", "July 2025", ""])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1e9", Decimal("1e9")),
        ("1.4e9", Decimal("1.4e9")),
        ("500M", Decimal("5e8")),
        ("1.4B", Decimal("1.4e9")),
        ("$2bn", Decimal("2e9")),
        ("1,400,000,000", Decimal("1.4e9")),
        ("1_000", Decimal(1000)),
        ("0", Decimal(0)),
    ],
)
def test_amounts(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["lots", "-5", "1.4X", "", "nan", "inf", "1e9e9"])
def test_bad_amounts(text):
    with pytest.raises(BadValue):
        parse_amount(text)


@pytest.mark.parametrize(
    "text, code",
    [
        ("us", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("india", "IN"),
        ("IND", "IN"),
        ("no", "NO"),
        ("Norway", "NO"),
        ("america", "US"),
    ],
)
def test_countries_by_code_or_name(text, code):
    assert parse_country(text) == code


def test_unknown_country():
    with pytest.raises(BadValue, match="unknown country 'Atlantis'"):
        parse_country("Atlantis")
