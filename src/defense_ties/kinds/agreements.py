"""Agreements: foundational agreements, frameworks, joint statements, initiatives."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.dates import PartialDate
from ..core.declaration import (
    Claim,
    Column,
    Computed,
    Declaration,
    Event,
    Filter,
    Period,
    attr,
    attrs,
    cell,
    sources_column,
)
from ..core.fields import AgreementId, CountryCode, Date, OfficialId, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Sourced


class AgreementKind(StrEnum):
    FOUNDATIONAL = "foundational-agreement"
    FRAMEWORK = "framework"
    JOINT_STATEMENT = "joint-statement"
    INITIATIVE = "initiative"
    MOU = "mou"
    DESIGNATION = "designation"
    ARRANGEMENT = "arrangement"
    DIALOGUE = "dialogue"
    OTHER = "other"


class AgreementStatus(StrEnum):
    PROPOSED = "proposed"
    ANNOUNCED = "announced"
    SIGNED = "signed"
    IN_FORCE = "in-force"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    TERMINATED = "terminated"


class Agreement(Sourced):
    record_kind: ClassVar[str] = "agreements"
    name: Text = Field(description="the agreement's full name")
    short_name: Text | None = Field(
        default=None, description="the acronym or short name used for it (LEMOA)"
    )
    kind: AgreementKind = Field(
        description="foundational-agreement, framework, joint-statement, initiative, mou,"
        " designation, arrangement, dialogue or other"
    )
    parties: list[CountryCode] = Field(
        min_length=1, description="the ISO codes of the countries party to it"
    )
    announced: Date | None = Field(default=None, description="when it was first announced")
    signed: Date | None = Field(default=None, description="when it was signed")
    effective: Date | None = Field(
        default=None,
        description="when it entered into force, if a source says (else unknown, not the signing"
        " day)",
    )
    expires: Date | None = Field(default=None, description="when it expires or expired")
    status: AgreementStatus = Field(
        description="proposed, announced, signed, in-force, expired, superseded or terminated, as"
        " of the latest source"
    )
    supersedes: AgreementId | None = Field(
        default=None, description="the id of the agreement this one replaces"
    )
    signatories: list[OfficialId] = Field(
        default=[], description="the officials who signed it (official ids)"
    )
    summary: Text | None = Field(
        default=None, description="one or two sentences saying what it does, from the sources"
    )

    @property
    def date(self) -> PartialDate | None:
        """The date an agreement is listed under: signed, else announced."""
        return self.signed or self.announced


STEPS = ("announced", "signed", "effective", "expires")


# Kinds that bind the parties once in force; the others (statements, initiatives ...) are
# active, not in force.
BINDING = {
    AgreementKind.FOUNDATIONAL,
    AgreementKind.FRAMEWORK,
    AgreementKind.MOU,
    AgreementKind.ARRANGEMENT,
    AgreementKind.OTHER,
}
WAS_IN_FORCE = {AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.SUPERSEDED}


NOT_RECORDED = "signed, entry into force not recorded"  # kept by --as-of: it may be in force


def history(kb: KnowledgeBase, a: Agreement) -> list[list[Any]]:
    """The --as-of key: [first day, last day, status] of each dated step (filters.states_on),
    in lifecycle order: announced, signed, in force (a binding kind that was ever in force:
    from its effective date, else its signature; one signed whose entry into force no source
    records: `signed, entry into force not recorded`) or active (the others, from their
    signature or announcement), then expired or superseded (by a later agreement's start)."""
    steps: list[list[Any]] = []

    def step(when: PartialDate, status: str, at_end: bool = False) -> None:
        day = when.first_day if at_end else when.last_day
        steps.append([when.first_day, day, status])

    if a.announced:
        step(a.announced, "announced")
    if a.signed:
        step(a.signed, "signed")
    begun = a.effective or a.signed
    if a.kind in BINDING and a.status in WAS_IN_FORCE and begun:
        step(begun, "in-force")
    elif a.kind in BINDING and a.status is AgreementStatus.SIGNED and a.signed:
        step(a.signed, NOT_RECORDED)
    elif a.kind not in BINDING and a.status is not AgreementStatus.PROPOSED:
        start = a.effective or a.signed or a.announced
        if start:
            step(start, "active")
    if a.expires and a.status is AgreementStatus.EXPIRED:
        step(a.expires, "expired", at_end=True)
    for later in kb.naming(a.id, "agreements", "supersedes"):
        assert isinstance(later, Agreement)
        began = later.effective or later.signed or later.announced
        if began is not None:
            step(began, "superseded", at_end=True)
    return steps


def _events(kb: KnowledgeBase, a: Agreement) -> Iterable[Event]:
    return declare.milestones("agreement", a, STEPS, a.short_name or a.name, a.parties)


def _periods(a: Agreement) -> Iterable[Period]:
    yield ("expires",), a.effective or a.signed, a.expires


def _claims(kb: KnowledgeBase, a: Agreement) -> Iterable[Claim]:
    meetings = declare.named_by(kb, "meetings", "agreements", a.id)
    yield from declare.dates(a, "announced", "signed", "effective", "expires", related=meetings)
    for i, official in enumerate(a.signatories):
        yield declare.person(kb, ("signatories", i), official)


DECLARATION: Declaration[Any] = Declaration(
    name="agreements",
    singular="agreement",
    model=Agreement,
    label=lambda a: a.short_name or a.name,
    summary="Agreements, frameworks, joint statements and initiatives.\n\n"
    "--as-of DATE keeps those in force then (statements and initiatives: active), from their "
    "dated history: signed or effective, not expired, not yet superseded; one signed whose "
    "entry into force no source records is kept and marked so, and a step dated only to its "
    "month or year shows as possible (`signed (possibly in-force)`).",
    scope="US-India agreements, joint statements, frameworks, initiatives and designations on"
    " defence, security and strategic technology since 2000.",
    example="dt agreements --kind foundational-agreement",
    label_column="name",
    facets=("kind", "status"),
    columns=(
        attr("id", shown=True),
        Column("date", lambda kb, a: cell(a.date), shown=True),
        *attrs(
            "name",
            "short_name",
            "kind",
            "parties",
            "status",
            shown=("name", "short_name", "kind", "status"),
        ),
        *attrs(*STEPS, "supersedes", "signatories"),
        sources_column(),
    ),
    default_sort="date",
    filters=(
        *declare.period(declare.dated(lambda a: a.date), "agreements dated"),
        declare.choice(
            "status", "Only this status.", lambda kb, a: a.status.value, AgreementStatus
        ),
        declare.country(
            "party", "Only agreements with this party.", lambda kb, a: list(a.parties), many=True
        ),
        declare.choice("kind", "Only this kind.", lambda kb, a: a.kind.value, AgreementKind),
        Filter(
            FilterSpec(
                "as-of",
                "Agreements in force on DATE (statements and initiatives: active), or "
                "possibly so, each with its status then, from its dated history.",
                "history",
                "day",
                "in-force-on",
                "DATE",
                project="status-on",
            ),
            history,
        ),
    ),
    computed=(
        Computed(
            "date",
            lambda kb, a: cell(a.date),
            "TEXT",
            description="the date it is listed under: signed, else announced",
        ),
    ),
    periods=_periods,
    events=_events,
    claims=_claims,
    item_names={"parties": "country"},
)
