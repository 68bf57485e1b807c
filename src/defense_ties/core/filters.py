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


def fold_title(text: str) -> str:
    """A title as compared: any case, British or American spelling ("Defence" = "defense")."""
    return normal(text).casefold().replace("defence", "defense").strip()


# Parsers of options given more than once (`--office A --office B`): each value parsed.
REPEATED = {"title"}
# Parsers of options that take no value (`--in-person`).
FLAGS = {"flag"}

PARSERS: dict[str, Callable[[str], Any]] = {
    "title": fold_title,
    "flag": lambda text: True,
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
    `country` may include `day`: a term with no known start (None) may have begun any day
    before its end, and is counted (shown as "since ?")."""
    for t in terms:
        who, first, last = (t[0], t[1], t[2]) if len(t) == 3 else (None, t[0], t[1])
        if overlaps((first, last), day) and country in (None, who):
            return True
    return False


# An operator's service: [country, first day it may have been in service (None: any day
# before), first day it certainly was (None: never recorded), last day (None: still is), text].


def _serving(term: Sequence[Any], day: Span) -> bool:
    possible, last = term[1], term[3]
    return (possible is None or possible <= day[1]) and (last is None or last >= day[0])


def in_service(terms: Sequence[Sequence[Any]], day: Span, country: str | None = None) -> bool:
    """Whether an operator (of `country`, if given) was, or may have been, in service on
    `day`: one whose start is not recorded may have been, any day before its retirement."""
    return any(_serving(t, day) and country in (None, t[0]) for t in terms)


def operators_on(terms: Sequence[Sequence[Any]], day: Span) -> list[str]:
    """Each operator in service on `day`, marked when that is uncertain: `(since ?)` when its
    start is not recorded, `(possibly)` when its start is dated only by a bound or to a period
    that `day` falls in."""
    found = []
    for t in terms:
        if not _serving(t, day):
            continue
        certain = t[2]
        mark = "" if certain is not None and certain <= day[1] else " (possibly)"
        found.append(f"{t[4]}{' (since ?)' if certain is None else mark}")
    return found


# A history is a list of steps [first day it may have been reached (None: unknown), last day
# by which it certainly was, status], in lifecycle order.


def states_on(history: Sequence[Sequence[Any]], day: Span) -> tuple[Any, Any]:
    """(the furthest status certainly reached by `day`, the furthest one beyond it that may
    have been reached by then), either None."""
    certain = [status for _, last, status in history if last <= day[1]]
    possible = [
        status
        for first, last, status in history
        if last > day[1] and (first if first is not None else last) <= day[1]
    ]
    return (certain[-1] if certain else None), (possible[-1] if possible else None)


def status_on(history: Sequence[Sequence[Any]], day: Span) -> Any:
    """The status on `day`, saying what is uncertain: `signed`, `approved (possibly signed)`,
    `possibly announced`; None before the first step may have been reached."""
    certain, possible = states_on(history, day)
    if possible is None:
        return certain
    return f"{certain} (possibly {possible})" if certain else f"possibly {possible}"


def _reached(history: Sequence[Sequence[Any]], day: Span) -> bool:
    """Whether some step was, or may have been, reached by `day`."""
    return any(states_on(history, day))


# Statuses of an agreement in effect: in force, active (statements, initiatives), or signed
# with no recorded entry into force (it may be in force).
IN_EFFECT = {"in-force", "active", "signed, entry into force not recorded"}


def _in_effect(history: Sequence[Sequence[Any]], day: Span) -> bool:
    """In effect on `day`, certainly or possibly (an uncertain state is kept, and marked)."""
    certain, possible = states_on(history, day)
    return certain in IN_EFFECT or possible in IN_EFFECT


def _value_of(key: Mapping[str, Any], kind: Any) -> dict[str, Any]:
    usd, text, shown_kind, bound = key.get(kind) or (None, None, None, None)
    return {"value_usd": usd, "value": text, "value_kind": shown_kind, "value_bound": bound}


def held_labels(terms: Sequence[Sequence[Any]], day: Span) -> list[Any]:
    """The labels of the terms [first day, last day, label] that include `day` (a term with no
    known start is not counted)."""
    return [t[2] for t in terms if t[0] is not None and overlaps((t[0], t[1]), day)]


# An option that also changes what a row shows: name -> (key, wanted) -> {column: cell}.
PROJECTIONS: dict[str, Callable[[Any, Any], dict[str, Any]]] = {
    "value-of": _value_of,
    "status-on": lambda key, wanted: {"status": status_on(key, wanted)},
    "positions-on": lambda key, wanted: {"positions": held_labels(key, wanted)},
    "operators-on": lambda key, wanted: {"operators": operators_on(key, wanted)},
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
    "in-force-on": lambda key, wanted, chosen: _in_effect(key, wanted),
    "reached": lambda key, wanted, chosen: _reached(key, wanted),
    # key: [country code, city casefolded] or None; wanted: ("country", code) | ("city", name)
    "at-place": lambda key, wanted, chosen: (
        key is not None and (key[0] == wanted[1] if wanted[0] == "country" else key[1] == wanted[1])
    ),
    "held-labelled": lambda key, wanted, chosen: bool(held_labels(key, wanted)),
    # key: the titles participants held that day, folded; wanted: titles, each held by one
    "has-titles": lambda key, wanted, chosen: all(any(w in t for t in key) for w in wanted),
    "is-true": lambda key, wanted, chosen: bool(key),
    # "at-least-of:OPTION", "at-most-of:OPTION" (querying.filtering.test_of): the value of the
    # kind OPTION chose (else the headline) in a key of values by kind, as [usd, text, kind]
}
# A value [usd, text, kind, bound] passes only when what is known proves it: `≥X` passes
# --min-value V when X >= V, never --max-value (it may be larger); `≤X` the other way round.
OF_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "at-least-of": lambda value, wanted: value[3] != "at-most" and bool(value[0] >= wanted),
    "at-most-of": lambda value, wanted: value[3] != "at-least" and bool(value[0] <= wanted),
}
