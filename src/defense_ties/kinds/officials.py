"""Officials: people and the positions they held."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.dates import PartialDate, Span, overlaps, span, term
from ..core.declaration import (
    Backlink,
    Claim,
    Column,
    Declaration,
    Filter,
    Finding,
    Period,
    attr,
    sources_column,
)
from ..core.fields import CountryCode, DateOrBound, EndOrBound, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Sourced, Strict


class Position(Strict):
    title: Text = Field(description="the office's title (Minister of Defence)")
    organization: Text | None = Field(default=None, description="the ministry, department or body")
    start: DateOrBound = Field(
        description="the day taken up; `by YYYY-MM-DD` when only a day it was held is known"
    )
    end: EndOrBound | None = Field(
        default=None,
        description="no end: still in office; `after YYYY-MM-DD`: still held then, ended later",
    )


class Official(Sourced):
    record_kind: ClassVar[str] = "officials"
    name: Text = Field(description="the official's usual name")
    country: CountryCode = Field(description="the ISO code of the country they served")
    aliases: list[Text] = Field(
        default=[], description="other spellings and forms of the name, for search"
    )
    positions: list[Position] = Field(
        min_length=1, description="the positions relevant to defence ties, with their terms"
    )

    def positions_during(
        self, first: PartialDate, last: PartialDate | None = None
    ) -> list[Position]:
        """The positions held on some day from `first` to `last`."""
        when = span(first, last)
        return [p for p in self.positions if overlaps(when, term(p.start, p.end))]


# Offices one person holds at a time, by country: `dt validate` refuses two holders on one day.
SINGLE_HOLDER_OFFICES = {
    "US": {
        "President of the United States",
        "Vice President of the United States",
        "Secretary of Defense",
        "Secretary of State",
        "National Security Advisor",
        "Deputy Secretary of Defense",
        "Deputy Secretary of State",
        "Under Secretary of Defense for Policy",
    },
    "IN": {
        "Prime Minister of India",
        "Minister of Defence",
        "Minister of External Affairs",
        "National Security Adviser",
        "Foreign Secretary",
        "Defence Secretary",
        "Ambassador of India to the United States",
    },
}


def office(p: Position) -> str:
    """The office a position is of: its title without a qualifier such as "(additional
    charge)"."""
    return _office(p.title)


@functools.lru_cache(maxsize=1024)  # a few dozen titles, asked for by every check
def _office(title: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", title)


def held(p: Position) -> Span:
    """The days a position was held: from its start to the day before its end when the end is
    a day (the day a successor takes over), else to the end of the month or year given; an
    end `after X` holds through X (it was still held then)."""
    start, end = term(p.start, p.end)
    if p.end is not None and p.end.precision == "day" and p.end.bound is None:
        end = p.end.first_day - 1
    return start, end


def _one_holder(kb: KnowledgeBase, o: Official) -> Iterator[Finding]:
    """No two officials hold a single-holder office on the same day (reported on the later
    term)."""
    offices = SINGLE_HOLDER_OFFICES.get(o.country, set())
    for i, p in enumerate(o.positions):
        if office(p) not in offices:
            continue
        mine = held(p)
        holders = kb.memo("officials:holders", lambda: _holders(kb), lasting=True)
        for other_id in dict.fromkeys(holders[(o.country, office(p))]):
            other = kb.of(Official)[other_id]
            for q in other.positions:
                if (other.id, q) == (o.id, p) or office(q) != office(p):
                    continue
                if (q.start.first_day, other.id) > (p.start.first_day, o.id):
                    continue  # reported on the other term
                if _share_a_day(mine, held(q)):
                    message = (
                        f"{office(p)} held by {other.name} ({q.start}–{q.end or 'present'}) on "
                        "the same days: date the handover to the day"
                    )
                    yield o.id, ("positions", i, "start"), message, "office-overlap"


def _share_a_day(a: Span, b: Span) -> bool:
    first = max(a[0] or -(10**9), b[0] or -(10**9))
    last = min(a[1] if a[1] is not None else 10**9, b[1] if b[1] is not None else 10**9)
    return first <= last


def _meetings(kb: KnowledgeBase, o: Official) -> list[str]:
    return [m.id for m in kb.naming(o.id, "meetings", "participants")]


def _positions(kb: KnowledgeBase, o: Official) -> list[str]:
    return [f"{p.title} ({p.start}–{p.end or 'present'})" for p in o.positions]


def _terms(kb: KnowledgeBase, o: Official) -> list[list[Any]]:
    """The --as-of key: [first day, last day held, the position as listed] per position."""
    return [[*held(p), text] for p, text in zip(o.positions, _positions(kb, o), strict=True)]


def _periods(o: Official) -> Iterable[Period]:
    for i, p in enumerate(o.positions):
        yield ("positions", i, "end"), p.start, p.end


def _holders(kb: KnowledgeBase) -> dict[tuple[str, str], list[str]]:
    """The ids of the officials who held each office, by (country, office)."""
    found: dict[tuple[str, str], list[str]] = {}
    for o in kb.of(Official).values():
        for p in o.positions:
            found.setdefault((o.country, office(p)), []).append(o.id)
    return found


def _handovers(kb: KnowledgeBase) -> dict[tuple[str, str, int], list[str]]:
    """Who started or ended a term of each office on each day: (country, office, day) -> ids."""
    found: dict[tuple[str, str, int], list[str]] = {}
    for o in kb.of(Official).values():
        for q in o.positions:
            for day in (q.start, q.end):
                if day is not None:
                    found.setdefault((o.country, office(q), day.first_day), []).append(o.id)
    return found


def _claims(kb: KnowledgeBase, o: Official) -> Iterable[Claim]:
    """Each term's start and end; the holder just before or after (within a day of the
    handover) may state them too: a successor's swearing-in dates the end of a term."""
    handovers = kb.memo("officials:handovers", lambda: _handovers(kb), lasting=True)

    def adjacent(p: Position, day: PartialDate) -> tuple[str, ...]:
        held, first = office(p), day.first_day
        ids = [
            h
            for d in (first - 1, first, first + 1)
            for h in handovers.get((o.country, held, d), [])
            if h != o.id
        ]
        return tuple(dict.fromkeys(ids))

    for i, p in enumerate(o.positions):
        yield Claim(
            ("positions", i, "start"), "date", p.start, str(p.start), None, adjacent(p, p.start)
        )
        if p.end is not None:
            yield Claim(
                ("positions", i, "end"), "date", p.end, str(p.end), None, adjacent(p, p.end)
            )


DECLARATION: Declaration[Any] = Declaration(
    name="officials",
    singular="official",
    model=Official,
    label=lambda o: o.name,
    summary="Officials and the positions they held.",
    scope="the people who took part in a recorded meeting or signed a recorded agreement, with"
    " the positions relevant to defence ties.",
    example="dt officials --country IN --as-of 2014-08-08",
    label_column="name",
    facets=("country",),
    columns=(
        attr("id", shown=True),
        attr("name", shown=True),
        attr("country", shown=True),
        Column("positions", _positions, shown=True),
        Column("meetings", lambda kb, o: len(_meetings(kb, o)), shown=True),
        sources_column(),
    ),
    default_sort="name",
    filters=(
        declare.country("country", "Officials of this country.", lambda kb, o: o.country),
        Filter(
            FilterSpec(
                "as-of",
                "Only officials in office on DATE, with the positions they held then (a term "
                "ends the day a successor takes over).",
                "as-of",
                "day",
                "held-labelled",
                "DATE",
                project="positions-on",
            ),
            _terms,
        ),
    ),
    backlinks=(Backlink("meetings", "meetings", "participants"),),
    periods=_periods,
    checks=(_one_holder,),
    claims=_claims,
    item_names={"aliases": "alias"},
)
