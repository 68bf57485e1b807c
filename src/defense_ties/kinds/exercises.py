"""Exercises: one record per edition of a military exercise (`malabar-2020`)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.declaration import (
    Claim,
    Column,
    Declaration,
    Event,
    Period,
    attr,
    attrs,
    sources_column,
)
from ..core.fields import CountryCode, Date, EditionNumber, PlatformId, SeriesId, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Sourced, Strict
from ..core.support import place_names
from ..core.vocab import Service


class ExerciseFormat(StrEnum):
    BILATERAL = "bilateral"
    TRILATERAL = "trilateral"
    MULTILATERAL = "multilateral"


class Place(Strict):
    place: Text = Field(description="a city, base, range or sea area")
    country: CountryCode | None = Field(default=None, description="none for the high seas")


class Participant(Strict):
    country: CountryCode = Field(description="the ISO code of a participating country")
    services: list[Service] = Field(default=[], description="only those a source states")


class Exercise(Sourced):
    record_kind: ClassVar[str] = "exercises"
    series: SeriesId = Field(description="the series this is an edition of (a series id)")
    name: Text | None = Field(default=None, description="the edition's name as sources give it")
    edition: EditionNumber | None = Field(
        default=None, description="the edition's number, only when a source states it"
    )
    phase: int | None = Field(
        default=None, ge=1, le=10, strict=True, description="a phase of one edition held apart"
    )
    start: Date = Field(description="the first day")
    end: Date | None = Field(default=None, description="the last day")
    format: ExerciseFormat = Field(description="bilateral, trilateral or multilateral")
    host: CountryCode | None = Field(default=None, description="the ISO code of the host country")
    locations: list[Place] = Field(
        default=[],
        description="where it was held: places (a city, base, range or sea area) and countries",
    )
    participants: list[Participant] = Field(
        min_length=2, description="every participating country, with the services a source names"
    )
    platforms: list[PlatformId] = Field(
        default=[], description="platforms a source says took part (platform ids)"
    )
    summary: Text = Field(description="one or two sentences, from the sources")


def _countries(kb: KnowledgeBase, e: Exercise) -> list[str]:
    return [p.country for p in e.participants]


def _services(kb: KnowledgeBase, e: Exercise) -> list[str]:
    return sorted({s.value for p in e.participants for s in p.services})


def _places(kb: KnowledgeBase, e: Exercise) -> list[str]:
    return [f"{p.place}, {p.country}" if p.country else p.place for p in e.locations]


def _events(kb: KnowledgeBase, e: Exercise) -> Iterable[Event]:
    title = e.name or e.id
    yield Event(e.start, "exercise", "starts", e.id, title, frozenset(_countries(kb, e)))


def _periods(e: Exercise) -> Iterable[Period]:
    yield ("end",), e.start, e.end


def _claims(kb: KnowledgeBase, e: Exercise) -> Iterable[Claim]:
    yield from declare.dates(e, "start", "end")
    for i, place in enumerate(e.locations):
        names = place_names(place.place)
        yield Claim(("locations", i, "place"), "names", names, place.place)


DECLARATION: Declaration[Any] = Declaration(
    name="exercises",
    singular="exercise",
    model=Exercise,
    label=lambda e: e.name or e.id,
    summary="Military exercises, one record per edition, with where, who and which services.",
    scope="editions of military exercises in which both US and Indian forces took part, "
    "since 1992.",
    example="dt exercises --series malabar --since 2020",
    unlisted={"participants": "the countries and services columns"},
    label_column="name",
    facets=("series", "format", "host"),
    columns=(
        attr("id", shown=True),
        *attrs("start", "end", "series", "edition", "phase", "format", shown=("start", "series")),
        attr("host"),
        Column("locations", _places, shown=True),
        Column("countries", _countries, shown=True),
        Column("services", _services),
        *attrs("platforms", "summary"),
        sources_column(),
    ),
    default_sort="start",
    filters=(
        *declare.period(declare.dated(lambda e: e.start, lambda e: e.end), "exercises"),
        declare.country("country", "Only exercises this country took part in.", _countries, True),
        declare.series("Only this series (id), e.g. malabar."),
        declare.Filter(
            FilterSpec(
                "service",
                "Only exercises with this service.",
                "services",
                "choice",
                "contains",
                "SERVICE",
                tuple(s.value for s in Service),
            ),
            _services,
        ),
    ),
    periods=_periods,
    events=_events,
    claims=_claims,
)
