"""Series: a recurring dialogue or exercise (the Defence Policy Group, Malabar), whose editions
are meetings or exercises that name it, with their edition numbers where sources give them.

Every edition number missing between the first and the last recorded edition is either found
or declared missing with the reason (as rates declare a missing year); `dt validate` warns of
an undeclared gap and of an edition number that contradicts the dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.dates import PartialDate
from ..core.declaration import (
    Backlink,
    Claim,
    Column,
    Computed,
    Declaration,
    Finding,
    attr,
    attrs,
    cell,
    sources_column,
)
from ..core.fields import CountryCode, Date, EditionNumber, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Sourced, Strict


class SeriesKind(StrEnum):
    DIALOGUE = "dialogue"  # editions are meetings
    EXERCISE = "exercise"  # editions are exercises


class Cadence(StrEnum):
    ANNUAL = "annual"
    BIENNIAL = "biennial"
    TWICE_A_YEAR = "twice-a-year"
    IRREGULAR = "irregular"


EDITION_KIND = {SeriesKind.DIALOGUE: "meetings", SeriesKind.EXERCISE: "exercises"}


class MissingEdition(Strict):
    """An edition number (or a run of them, `edition` to `through`) with no record, and why:
    not found in the stored pages, or held without the countries this knowledge base covers."""

    edition: EditionNumber
    through: EditionNumber | None = Field(default=None, description="the last of a run")
    reason: Text = Field(
        description="why no record exists: not found in the stored pages (what was searched), or"
        " held without the countries covered"
    )

    def covers(self, number: int) -> bool:
        return self.edition <= number <= (self.through or self.edition)


class Series(Sourced):
    record_kind: ClassVar[str] = "series"
    name: Text = Field(description="the series' name")
    kind: SeriesKind = Field(
        description="dialogue (editions are meetings) or exercise (editions are exercises)"
    )
    countries: list[CountryCode] = Field(
        min_length=2, description="the ISO codes of the countries it is recorded for"
    )
    offices: list[Text] = Field(
        default=[], description="the offices that lead a dialogue's delegations"
    )
    services: list[Text] = Field(default=[], description="the services an exercise brings")
    first_edition: Date | None = Field(
        default=None, description="when the first edition was held, as a source states it"
    )
    cadence: Cadence | None = Field(default=None, description="as a source states it")
    missing: list[MissingEdition] = Field(
        default=[], description="edition numbers with no record, each with the reason"
    )
    summary: Text = Field(description="one or two sentences, from the sources")

    def declared_missing(self, edition: int) -> bool:
        return any(m.covers(edition) for m in self.missing)


Edition = tuple[int | None, PartialDate, str]  # (number, date, record id)


def _phase(record: Any) -> int:
    return getattr(record, "phase", None) or 0


def editions(kb: KnowledgeBase, s: Series) -> list[Edition]:
    """The meetings or exercises of this series, by date: (edition number, date, id)."""
    kind = EDITION_KIND[s.kind]
    date_field = "date" if kind == "meetings" else "start"
    found = [
        (getattr(r, "edition", None), getattr(r, date_field), r.id)
        for r in kb.naming(s.id, kind, "series")
        if _phase(r) <= 1  # a later phase of an edition is not another edition
    ]
    return sorted(found, key=lambda e: (e[1].first_day, e[0] or 0, e[2]))


def gaps(kb: KnowledgeBase, s: Series) -> list[int]:
    """Edition numbers between 1 and the highest recorded that no record carries and the
    series does not declare missing."""
    numbers = {n for n, _, _ in editions(kb, s) if n is not None}
    if not numbers:
        return []
    return [n for n in range(1, max(numbers) + 1) if n not in numbers and not s.declared_missing(n)]


def _advice(kb: KnowledgeBase, s: Series) -> Iterator[Finding]:
    """Warnings: an undeclared gap in the numbering, an edition number against the dates, a
    declared gap that a record now fills."""
    found = editions(kb, s)
    missing = gaps(kb, s)
    if missing:
        numbers = ", ".join(map(str, missing))
        message = (
            f"no record for edition(s) {numbers}: add them, or declare each under missing: "
            "with the reason"
        )
        yield s.id, ("missing",), message, "series-gap"
    numbered = sorted((n, d, i) for n, d, i in found if n is not None)
    for (n1, d1, i1), (n2, d2, i2) in zip(numbered, numbered[1:], strict=False):
        if n1 == n2:
            yield s.id, ("kind",), f"edition {n1} twice: {i1} and {i2}", "edition-twice"
        elif d2.last_day < d1.first_day:
            message = f"edition {n2} ({i2}, {d2}) is dated before edition {n1} ({i1}, {d1})"
            yield s.id, ("kind",), message, "edition-order"
    have = {n for n, _, _ in found}
    for i, m in enumerate(s.missing):
        filled = sorted(n for n in have if n is not None and m.covers(n))
        if filled:
            message = f"edition {filled[0]} is declared missing but a record has it: remove it"
            yield s.id, ("missing", i, "edition"), message, "series-gap-filled"


def _run(m: MissingEdition) -> str:
    return f"{m.edition}-{m.through}" if m.through else str(m.edition)


def _claims(kb: KnowledgeBase, s: Series) -> Iterable[Claim]:
    yield from declare.dates(s, "first_edition")


def _first(kb: KnowledgeBase, s: Series) -> str | None:
    found = editions(kb, s)
    return str(found[0][1]) if found else None


def _last(kb: KnowledgeBase, s: Series) -> str | None:
    found = editions(kb, s)
    return str(found[-1][1]) if found else None


def _editions_json(kb: KnowledgeBase, s: Series) -> list[dict[str, Any]]:
    return [{"edition": n, "date": str(d), "id": i} for n, d, i in editions(kb, s)]


DECLARATION: Declaration[Any] = Declaration(
    name="series",
    singular="series",
    model=Series,
    label=lambda s: s.name,
    summary="Recurring dialogues and exercises, each with its recorded editions, the edition "
    "numbers no record carries, and those declared missing with the reason.",
    scope="recurring US-India dialogues, and exercises in which both countries' forces take part.",
    example="dt series --kind dialogue",
    unlisted={"missing": "the declared_missing column"},
    label_column="name",
    facets=("kind", "cadence"),
    columns=(
        attr("id", shown=True),
        *attrs("name", "kind", "cadence", shown=("name", "kind")),
        attr("countries"),
        Column("editions", lambda kb, s: len(editions(kb, s)), shown=True),
        Column("first", _first, shown=True),
        Column("last", _last, shown=True),
        Column("numbers", lambda kb, s: [str(n) for n, _, _ in editions(kb, s) if n]),
        Column("gaps", lambda kb, s: [str(n) for n in gaps(kb, s)], shown=True),
        Column("declared_missing", lambda kb, s: [_run(m) for m in s.missing], shown=True),
        attr("first_edition"),
        *attrs("offices", "services", "summary"),
        sources_column(),
    ),
    default_sort="id",
    filters=(
        declare.choice(
            "kind", "Only dialogues or only exercises.", lambda kb, s: s.kind.value, SeriesKind
        ),
        declare.country(
            "country",
            "Only series this country takes part in.",
            lambda kb, s: list(s.countries),
            many=True,
        ),
    ),
    computed=(
        Computed("editions", _editions_json),
        Computed("gaps", gaps),
        Computed(
            "first",
            lambda kb, s: cell(_first(kb, s)),
            "TEXT",
            description="the date of the first recorded edition",
        ),
        Computed(
            "last",
            lambda kb, s: cell(_last(kb, s)),
            "TEXT",
            description="the date of the last recorded edition",
        ),
    ),
    backlinks=(
        Backlink("meetings", "meetings", "series"),
        Backlink("exercises", "exercises", "series"),
    ),
    advisories=(_advice,),
    claims=_claims,
)
