"""What a quote states: each recognised form of date, amount, number and name, with the near
misses that must not match."""

from __future__ import annotations

import pytest

from defense_ties.core.dates import PartialDate
from defense_ties.core.support import names, read_quote, states_amount, states_date, states_number

D = PartialDate.parse


@pytest.mark.parametrize(
    "text, date",
    [
        ("The deal was signed on 28 September 2015 in Washington.", "2015-09-28"),
        ("signed on Sept. 28, 2015, officials said", "2015-09-28"),
        ("signed on September 28, 2015", "2015-09-28"),
        ("signed on 28th September, 2015", "2015-09-28"),
        ("the 28 of September 2015", "2015-09-28"),
        ("The contract was signed in September 2015.", "2015-09"),
        ("The contract was signed in Sept 2015.", "2015-09"),
        ("signed on 28 September 2015", "2015-09"),  # a day states its month
        ("signed on 28 September 2015", "2015"),  # and its year
        ("It was signed in 2015.", "2015"),
        ("dated 2015-09-28", "2015-09-28"),
        ("dated 28.09.2015", "2015-09-28"),
        ("from 05-18 September 2019 at Lewis-McChord", "2019-09-05"),
        ("from 05-18 September 2019 at Lewis-McChord", "2019-09-18"),
        ("from September 5-18, 2019", "2019-09-18"),
    ],
)
def test_dates_stated(text, date):
    assert states_date(read_quote(text), D(date))


@pytest.mark.parametrize(
    "text, date",
    [
        ("signed on September 28", "2015-09-27"),
        ("signed on 28 September 2015", "2015-09-27"),
        ("signed on 28 September 2015", "2016-09-28"),
        ("signed in September 2015", "2015-09-28"),  # a month never states a day
        ("signed in 2015", "2015-09"),
        ("a 2,015 tonne ship", "2015"),
        ("signed on September 31, 2015", "2015-10-01"),  # no such day: nothing stated
    ],
)
def test_near_miss_dates_are_not_stated(text, date):
    assert not states_date(read_quote(text, D("2015-09-30")), D(date))


def test_a_date_without_a_year_takes_the_sources_year():
    quote = read_quote("The two ministers met on September 28.", D("2015-09-30"))
    assert states_date(quote, D("2015-09-28"))
    assert not states_date(quote, D("2015-09-27"))
    assert not states_date(read_quote("met on September 28."), D("2015-09-28"))  # no source date


@pytest.mark.parametrize(
    "text, published, date",
    [
        ("India's cabinet on Monday cleared the deal", "2011-06-06", "2011-06-06"),  # that day
        ("the cabinet cleared it on Monday", "2011-06-08", "2011-06-06"),  # a Wednesday story
        ("the memo dated Friday", "2007-05-29", "2007-05-25"),  # a Tuesday story
        ("They met on Tuesday.", "2015-09-28", "2015-09-22"),  # a Monday story: last week's
        ("approved last Tuesday", "2015-09-28", "2015-09-22"),
        ("Sitharaman said today", "2018-09-06", "2018-09-06"),
        ("the two leaders spoke yesterday", "2020-06-03", "2020-06-02"),
        ("will meet tomorrow", "2021-03-19", "2021-03-20"),
        ("will sign it next Friday", "2015-09-28", "2015-10-02"),
    ],
)
def test_weekdays_resolve_within_the_publication_week(text, published, date):
    assert states_date(read_quote(text, D(published)), D(date))


def test_tuesday_is_never_the_next_tuesday():
    quote = read_quote("They met on Tuesday.", D("2015-09-28"))  # a Monday
    assert not states_date(quote, D("2015-09-29"))
    assert states_date(quote, D("2015-09-22"))


def test_weekdays_need_a_publication_day():
    assert not states_date(read_quote("on Monday", D("2011-06")), D("2011-06-06"))


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("a $3 billion deal", 3_000_000_000, "USD"),
        ("worth US$3bn", 3_000_000_000, "USD"),
        ("USD 3.99 billion", 3_990_000_000, "USD"),
        ("a $4.116 billion deal", 4_116_000_000, "USD"),
        ("Rs 19,800 crore", 198_000_000_000, "INR"),
        ("₹7,995 crore", 79_950_000_000, "INR"),
        ("Rs 4,168-cr deal", 41_680_000_000, "INR"),
        ("Rs. 700 crore", 7_000_000_000, "INR"),
        ("INR 14,000 Crores", 140_000_000_000, "INR"),
        ("$737 million", 737_000_000, "USD"),
        ("$52.8 million", 52_800_000, "USD"),
        ("$146m", 146_000_000, "USD"),
        ("$81,271,024 contract", 81_271_024, "USD"),
        ("3 billion dollars", 3_000_000_000, "USD"),
        ("about $3 billion", 3_200_000_000, "USD"),  # hedged: within its rounding
        ("more than $4 billion", 4_116_000_000, "USD"),
        ("nearly Rs 14,000 crore", 139_500_000_000, "INR"),
    ],
)
def test_amounts_stated(text, amount, currency):
    assert states_amount(read_quote(text), amount, currency)


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("a $3 billion deal", 3_200_000_000, "USD"),  # unhedged: only itself
        ("about $3 billion", 3_600_000_000, "USD"),  # beyond the rounding
        ("a $3 billion deal", 3_000_000_000, "INR"),
        ("Rs 19,800 crore", 19_800_000_000, "INR"),
        ("$737 million", 737_000_000_000, "USD"),
        ("3 billion", 3_000_000_000, "USD"),  # no currency: no amount
    ],
)
def test_near_miss_amounts_are_not_stated(text, amount, currency):
    assert not states_amount(read_quote(text), amount, currency)


@pytest.mark.parametrize(
    "text, number, stated",
    [
        ("22 Apache helicopters", 22, True),
        ("six (6) MH-60R", 6, True),
        ("fifteen Chinooks", 15, True),
        ("22 Apache helicopters", 23, False),
        ("a 1,200-tonne ship", 1200, True),
    ],
)
def test_numbers(text, number, stated):
    assert bool(states_number(read_quote(text), number)) is stated


def test_people_and_places_by_whole_words():
    quote = read_quote("Defence Minister Rajnath Singh met Hegseth in Kuala Lumpur.")
    assert names(quote, "Pete Hegseth", "Hegseth")
    assert names(quote, "Kuala Lumpur")
    assert not names(quote, "Singhal")
    assert not names(quote, "Lump")


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("signed on 28 September 2015", {9}),
        ("Sept. 28 and Dec 1", {9, 12}),
        ("in March, and maybe in May", {3, 5}),  # "maybe" starts with a month's name too
        ("summarised; decembers", {12}),  # a name inside a word counts only at its start
        ("remarks_mar, x_may", set()),
        ("jan1 feb_ 2mar", {1, 2}),  # "2mar": a digit before is a word character
        ("15 सितंबर 2019 and October", {9, 10}),  # not ASCII: read by the pattern
        ("", set()),
    ],
)
def test_months_named(text, months):
    assert read_quote(text).months == months


def test_relative_day_words():
    assert read_quote("He arrived on Tuesday").relative
    assert read_quote("talks tomorrow").relative
    assert not read_quote("a holiday; the days ahead; Sundays").relative


@pytest.mark.parametrize(
    ("text", "needle", "digits_only", "found"),
    [
        ("signed in 2015.", "2015", True, True),
        ("20150 units, then 2015", "2015", True, True),  # the first find is inside a number
        ("120150", "2015", True, False),
        ("x2015y", "2015", True, True),  # only digits bound a number
        ("x2015y", "2015", False, False),
        ("Singhal", "singh", False, False),
        ("", "a", False, False),
    ],
)
def test_has_whole(text, needle, digits_only, found):
    from defense_ties.core.support import has_whole, whole

    assert has_whole(text, needle, digits_only) is found
    assert found == any(True for _ in whole(text, needle, digits_only))
