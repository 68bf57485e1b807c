"""Filters: how a listing option's text is parsed and how it tests a record's key.

A kind's declaration names a parser and a test from the tables below (`PARSERS`, `TESTS`), so
that a listing command can be built and run from plain data, without importing the kinds'
models: a cached call never imports pydantic. Only a filter's `key` function is the kind's own
code, and it runs once, when the cache is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import values
from .dates import Span, overlaps, year_span
from .text import normal


def _day(text: str) -> Span:
    date = values.parse_date(text)
    return date.first_day, date.last_day


def _since(text: str) -> Span:
    return values.parse_date(text).first_day, None


def _until(text: str) -> Span:
    return None, values.parse_date(text).last_day


def _place(text: str) -> tuple[str, str]:
    """A venue: a country (code or name) or else a city, any case."""
    try:
        return "country", values.parse_country(text)
    except values.BadValue:
        return "city", normal(text).casefold().strip()


PARSERS: dict[str, Callable[[str], Any]] = {
    "year": lambda text: year_span(values.parse_year(text)),
    "since": _since,
    "until": _until,
    "day": _day,
    "country": values.parse_country,
    "amount": values.parse_amount,
    "id": values.parse_id,
    "choice": lambda text: text.lower(),  # checked against the filter's choices
    "place": _place,
}


def held(terms: Sequence[Sequence[Any]], day: Span, country: str | None = None) -> bool:
    """Whether a term [first day, last day or None] (optionally [country, first, last]) of
    `country` includes `day`. A term with no known start is not counted: nothing says it had
    begun."""
    for t in terms:
        who, first, last = (t[0], t[1], t[2]) if len(t) == 3 else (None, t[0], t[1])
        if first is not None and overlaps((first, last), day) and country in (None, who):
            return True
    return False


def _reached(history: Sequence[Sequence[Any]], day: Span) -> bool:
    """`history`: [[last day of a step, status], ...]: whether a step was certain by `day`."""
    return any(last <= day[1] for last, _ in history)


def status_on(history: Sequence[Sequence[Any]], day: Span) -> Any:
    """The status of the furthest step (history is in lifecycle order) certain by `day`
    (None before the first)."""
    found = [status for last, status in history if last <= day[1]]
    return found[-1] if found else None


def _value_of(key: Mapping[str, Any], kind: Any) -> dict[str, Any]:
    usd, text, shown_kind = key.get(kind) or (None, None, None)
    return {"value_usd": usd, "value": text, "value_kind": shown_kind}


def held_labels(terms: Sequence[Sequence[Any]], day: Span) -> list[Any]:
    """The labels of the terms [first day, last day, label] that include `day` (a term with no
    known start is not counted)."""
    return [t[2] for t in terms if t[0] is not None and overlaps((t[0], t[1]), day)]


# An option that also changes what a row shows: name -> (key, wanted) -> {column: cell}.
PROJECTIONS: dict[str, Callable[[Any, Any], dict[str, Any]]] = {
    "value-of": _value_of,
    "status-on": lambda key, wanted: {"status": status_on(key, wanted)},
    "positions-on": lambda key, wanted: {"positions": held_labels(key, wanted)},
}


Test = Callable[[Any, Any, Mapping[str, Any]], bool]
TESTS: dict[str, Test] = {
    "equals": lambda key, wanted, chosen: key == wanted,
    "contains": lambda key, wanted, chosen: wanted in key,
    "overlaps": lambda key, wanted, chosen: overlaps(key, wanted),
    "at-least": lambda key, wanted, chosen: key is not None and key >= wanted,
    "at-most": lambda key, wanted, chosen: key is not None and key <= wanted,
    "held": lambda key, wanted, chosen: held(key, wanted),
    # "held-by:OPTION" (querying.filtering.test_of): held by the country OPTION chose, if any
    "in-force-on": lambda key, wanted, chosen: status_on(key, wanted) in ("in-force", "active"),
    "reached": lambda key, wanted, chosen: _reached(key, wanted),
    # key: [country code, city casefolded] or None; wanted: ("country", code) | ("city", name)
    "at-place": lambda key, wanted, chosen: (
        key is not None and (key[0] == wanted[1] if wanted[0] == "country" else key[1] == wanted[1])
    ),
    "held-labelled": lambda key, wanted, chosen: bool(held_labels(key, wanted)),
    # "at-least-of:OPTION", "at-most-of:OPTION" (querying.filtering.test_of): the value of the
    # kind OPTION chose (else the headline) in a key of values by kind, as [usd, text, kind]
}
OF_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "at-least-of": lambda value, wanted: bool(value >= wanted),
    "at-most-of": lambda value, wanted: bool(value <= wanted),
}
