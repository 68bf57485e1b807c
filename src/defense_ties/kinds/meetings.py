"""Meetings: meetings, calls, summits and dialogues between officials."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.declaration import (
    Claim,
    Column,
    Computed,
    Declaration,
    Event,
    Filter,
    Finding,
    Period,
    attr,
    attrs,
    sources_column,
)
from ..core.fields import (
    AgreementId,
    Date,
    DealId,
    EditionNumber,
    OfficialId,
    PlatformId,
    SeriesId,
    Text,
)
from ..core.filters import fold_title
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Location, Sourced
from ..core.support import place_names
from ..core.text import normal
from .officials import Official


class MeetingKind(StrEnum):
    MEETING = "meeting"
    PHONE_CALL = "phone-call"
    VIDEO_CALL = "video-call"
    SUMMIT = "summit"
    DIALOGUE = "dialogue"
    CONTACT = "contact"  # a contact whose medium (meeting, call, letter) no source states


class Meeting(Sourced):
    record_kind: ClassVar[str] = "meetings"
    date: Date = Field(description="the day it was held (its first day)")
    end_date: Date | None = Field(
        default=None, description="the last day of a meeting over several days"
    )
    kind: MeetingKind = Field(
        description="meeting, phone-call, video-call, summit, dialogue, or contact when no source"
        " names the medium"
    )
    series: SeriesId | None = Field(
        default=None, description="the recurring dialogue this meeting is an edition of"
    )
    edition: EditionNumber | None = Field(
        default=None, description="its number in the series, only when a source states it"
    )
    location: Location | None = Field(
        default=None, description="the venue: city and country (none for a call)"
    )
    participants: list[OfficialId] = Field(
        min_length=2,
        description="the officials who took part (official ids), each in office on the day",
    )
    topics: list[Text] = Field(default=[], description="short phrases from the sources")
    summary: Text = Field(description="one or two sentences saying what happened, from the sources")
    agreements: list[AgreementId] = Field(
        default=[], description="agreements signed or announced at it (agreement ids)"
    )
    deals: list[DealId] = Field(
        default=[], description="deals announced or signed at it (deal ids)"
    )
    platforms: list[PlatformId] = Field(
        default=[], description="platforms the sources say were discussed (platform ids)"
    )


def participants(kb: KnowledgeBase, m: Meeting) -> list[Official]:
    officials = kb.of(Official)
    return [officials[p] for p in m.participants if p in officials]


def roles(kb: KnowledgeBase, m: Meeting) -> list[dict[str, Any]]:
    """Each participant with the title(s) they held on the meeting's date."""
    return [
        {
            "official": o.id,
            "name": o.name,
            "country": o.country,
            "title": " / ".join(p.title for p in o.positions_during(m.date, m.end_date)),
        }
        for o in participants(kb, m)
    ]


IN_PERSON = {MeetingKind.MEETING, MeetingKind.SUMMIT}


def in_person(m: Meeting) -> bool:
    """Held in person: a meeting or summit, or a dialogue with a venue (calls and contacts
    whose medium is not stated are not)."""
    return m.kind in IN_PERSON or (m.kind is MeetingKind.DIALOGUE and m.location is not None)


def countries(kb: KnowledgeBase, m: Meeting) -> list[str]:
    """The participants' countries and the venue's."""
    found = {o.country for o in participants(kb, m)}
    if m.location:
        found.add(m.location.country)
    return sorted(found)


def _in_office(kb: KnowledgeBase, m: Meeting) -> Iterator[Finding]:
    officials = kb.of(Official)
    for i, official_id in enumerate(m.participants):
        official = officials.get(official_id)
        if official is not None and not official.positions_during(m.date, m.end_date):
            message = f"{official_id!r} held no recorded position on {m.date}"
            yield m.id, ("participants", i), message, "not-in-office"


def _events(kb: KnowledgeBase, m: Meeting) -> Iterable[Event]:
    place = f" in {m.location.city}" if m.location else ""
    names = ", ".join(o.name for o in participants(kb, m))
    yield Event(m.date, "meeting", m.kind.value + place, m.id, names, frozenset(countries(kb, m)))


def _periods(m: Meeting) -> Iterable[Period]:
    yield ("end_date",), m.date, m.end_date


def _claims(kb: KnowledgeBase, m: Meeting) -> Iterable[Claim]:
    yield from declare.dates(m, "date", "end_date")
    for i, official in enumerate(m.participants):
        yield declare.person(kb, ("participants", i), official)
    if m.location is not None:
        city = m.location.city
        yield Claim(("location", "city"), "names", place_names(city), city)


DECLARATION: Declaration[Any] = Declaration(
    name="meetings",
    singular="meeting",
    model=Meeting,
    label=lambda m: f"{m.date} {m.kind.value}: " + ", ".join(m.participants),
    summary="Meetings, calls, summits and dialogues, with each participant's title on the day.",
    scope="meetings, calls and summits between the offices in scope (US: President, Vice"
    " President, Secretaries of State and Defense, National Security Advisor, Director of"
    " National Intelligence; India: Prime Minister, Ministers of Defence and External Affairs,"
    " National Security Adviser, Foreign and Defence Secretaries) since 2000, and every edition"
    " of an official-level dialogue series (dt series).",
    example="dt meetings --year 2025 --country India",
    unlisted={"location": "the city and country columns"},
    columns=(
        attr("id", shown=True),
        attr("date", shown=True),
        attr("end_date"),
        attr("kind", shown=True),
        *attrs("series", "edition"),
        Column("city", lambda kb, m: m.location.city if m.location else None, shown=True),
        Column("country", lambda kb, m: m.location.country if m.location else None),
        Column(
            "participants",
            lambda kb, m: [f"{r['name']} ({r['title']})" for r in roles(kb, m)],
            shown=True,
        ),
        *attrs("topics", "summary", "agreements", "deals", "platforms"),
        sources_column(),
    ),
    default_sort="date",
    filters=(
        *declare.period(declare.dated(lambda m: m.date, lambda m: m.end_date), "meetings"),
        declare.country(
            "country",
            "Meetings with a participant of this country (see --in for the venue).",
            lambda kb, m: sorted({o.country for o in participants(kb, m)}),
            many=True,
        ),
        Filter(
            FilterSpec(
                "in",
                "Meetings held in this country (ISO code or name) or city, any case: India, "
                "US, Washington, new delhi. Calls have no venue.",
                "in",
                "place",
                "at-place",
                "PLACE",
            ),
            lambda kb, m: (
                [m.location.country, normal(m.location.city).casefold()] if m.location else None
            ),
        ),
        declare.series("Only editions of this dialogue series (id), e.g. defense-policy-group."),
        declare.choice("kind", "Only this kind.", lambda kb, m: m.kind.value, MeetingKind),
        Filter(
            FilterSpec(
                "in-person",
                "Only meetings held in person (not calls).",
                "in-person",
                "flag",
                "is-true",
                "",
            ),
            lambda kb, m: in_person(m),
        ),
        Filter(
            FilterSpec(
                "office",
                "Only meetings with a participant holding this office on the day (any part "
                "of the title, any case, Defence or Defense); give it again for another "
                "participant's: --office 'Secretary of Defense' --office 'Minister of Defence'.",
                "titles",
                "title",
                "has-titles",
                "TITLE",
            ),
            lambda kb, m: [fold_title(r["title"]) for r in roles(kb, m) if r["title"]],
        ),
        declare.names(
            "official",
            "Only meetings this official (id) attended.",
            "officials",
            lambda kb, m: list(m.participants),
        ),
    ),
    computed=(
        Computed("roles", roles),
        Computed(
            "year",
            lambda kb, m: m.date.year,
            "INTEGER",
            on_page=False,
            description="the year it was held",
        ),
    ),
    facets=("kind", "year", "series"),
    periods=_periods,
    checks=(_in_office,),
    events=_events,
    claims=_claims,
)
