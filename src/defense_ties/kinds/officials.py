"""Officials: people and the positions they held."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.dates import PartialDate, overlaps, span, term
from ..core.declaration import Backlink, Column, Declaration, Period, attr, sources_column
from ..core.fields import CountryCode, Date, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Sourced, Strict


class Position(Strict):
    title: Text
    organization: Text | None = None
    start: Date
    end: Date | None = Field(default=None, description="no end: still in office")


class Official(Sourced):
    record_kind: ClassVar[str] = "officials"
    name: Text
    country: CountryCode
    aliases: list[Text] = []
    positions: list[Position] = Field(min_length=1)

    def positions_during(
        self, first: PartialDate, last: PartialDate | None = None
    ) -> list[Position]:
        """The positions held on some day from `first` to `last`."""
        when = span(first, last)
        return [p for p in self.positions if overlaps(when, term(p.start, p.end))]


def _meetings(kb: KnowledgeBase, o: Official) -> list[str]:
    return [m.id for m in kb.naming(o.id, "meetings", "participants")]


def _positions(kb: KnowledgeBase, o: Official) -> list[str]:
    return [f"{p.title} ({p.start}–{p.end or 'present'})" for p in o.positions]


def _terms(kb: KnowledgeBase, o: Official) -> list[tuple[int | None, int | None]]:
    return [term(p.start, p.end) for p in o.positions]


def _periods(o: Official) -> Iterable[Period]:
    for i, p in enumerate(o.positions):
        yield ("positions", i, "end"), p.start, p.end


DECLARATION: Declaration[Any] = Declaration(
    name="officials",
    singular="official",
    model=Official,
    label=lambda o: o.name,
    summary="Officials and the positions they held.",
    example="dt officials --country IN --as-of 2014-08-08",
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
        declare.as_of("Only officials in office on DATE.", _terms),
    ),
    backlinks=(Backlink("meetings", "meetings", "participants"),),
    periods=_periods,
    item_names={"aliases": "alias"},
)
