"""Platforms: aircraft, helicopters, missiles, ships, engines and other systems."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from ..core import declaration as declare
from ..core.dates import PartialDate
from ..core.declaration import (
    Backlink,
    Claim,
    Column,
    Declaration,
    Filter,
    Period,
    attr,
    sources_column,
)
from ..core.fields import CountryCode, DateOrBound, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Sourced, Strict
from ..core.vocab import Service


class Category(StrEnum):
    AIRCRAFT = "aircraft"
    HELICOPTER = "helicopter"
    UAV = "uav"
    MISSILE = "missile"
    MUNITION = "munition"
    ARTILLERY = "artillery"
    ARMOURED_VEHICLE = "armoured-vehicle"
    SHIP = "ship"
    ENGINE = "engine"
    SMALL_ARMS = "small-arms"
    SENSOR = "sensor"
    SYSTEM = "system"
    OTHER = "other"


class Operator(Strict):
    """A country (and service) that operates the platform, with the dates sources give: the
    first unit handed over, formal induction (or commissioning) into service, retirement.
    Each may be a bound (`by 2025-07-02`: in service by then)."""

    country: CountryCode = Field(description="the ISO code of the operating country")
    service: Service | None = Field(default=None, description="the armed service, if one")
    first_delivery: DateOrBound | None = Field(
        default=None, description="the first unit handed over to this operator"
    )
    inducted: DateOrBound | None = Field(
        default=None, description="formal induction or commissioning into service"
    )
    retired: DateOrBound | None = Field(default=None, description="withdrawn from service")
    note: Text | None = Field(
        default=None, description="what a reader should know about these dates"
    )

    @property
    def start(self) -> PartialDate | None:
        """In service from: induction, else the first delivery (None: not recorded)."""
        return self.inducted or self.first_delivery


class Platform(Sourced):
    record_kind: ClassVar[str] = "platforms"
    name: Text = Field(description="the platform's name")
    aliases: list[Text] = Field(default=[], description="other names, for search")
    category: Category = Field(
        description="aircraft, helicopter, uav, missile, munition, artillery, armoured-vehicle,"
        " ship, engine, small-arms, sensor, system or other"
    )
    role: Text | None = Field(default=None, description="what it is for, in a few words")
    manufacturer: Text | None = Field(
        default=None, description="who makes it, when a source names them"
    )  # left out when no source names it
    origin_country: CountryCode = Field(description="the ISO code of the country it comes from")
    operators: list[Operator] = Field(
        default=[], description="who operates it: country, service, delivery, induction, retirement"
    )


def operator_text(op: Operator) -> str:
    """`IN navy: first delivery 2021-07-16, inducted 2024-03-06`; `IN: dates not recorded`."""
    who = f"{op.country} {op.service.value}" if op.service else op.country
    dates = [
        f"{label} {when}"
        for label, when in (
            ("first delivery", op.first_delivery),
            ("inducted", op.inducted),
            ("retired", op.retired),
        )
        if when is not None
    ]
    return f"{who}: {', '.join(dates) if dates else 'dates not recorded'}"


def _operators(kb: KnowledgeBase, p: Platform) -> list[str]:
    return [operator_text(op) for op in p.operators]


def _deals(kb: KnowledgeBase, p: Platform) -> list[str]:
    return [d.id for d in kb.naming(p.id, "deals", "items")]


def _service(kb: KnowledgeBase, p: Platform) -> list[list[Any]]:
    """The --as-of key: per operator [country, first day it may have been in service (None:
    any day before), first day it certainly was (None: never recorded), last day (None: still
    is), the operator's text]."""
    found = []
    for op in p.operators:
        start, end = op.start, op.retired
        possible = start.first_day if start is not None and not start.by else None
        certain = start.last_day if start is not None else None
        last = end.last_day if end is not None else None
        found.append([op.country, possible, certain, last, operator_text(op)])
    return found


def _periods(p: Platform) -> Iterable[Period]:
    for i, op in enumerate(p.operators):
        yield ("operators", i, "retired"), op.start, op.retired


def _claims(kb: KnowledgeBase, p: Platform) -> Iterable[Claim]:
    """Each operator's dates; the deals for the platform may state them too."""
    deals = declare.named_by(kb, "deals", "items", p.id, item="platform")
    for i, op in enumerate(p.operators):
        for name in ("first_delivery", "inducted", "retired"):
            when = getattr(op, name)
            if when is not None:
                yield Claim(("operators", i, name), "date", when, str(when), None, deals)


DECLARATION: Declaration[Any] = Declaration(
    name="platforms",
    singular="platform",
    model=Platform,
    label=lambda p: p.name,
    summary="Weapons platforms: aircraft, helicopters, missiles, ships, engines.\n\n"
    "Each operator shows its service and the dates sources give: first delivery, formal "
    "induction, retirement. --as-of DATE keeps the platforms in service then, or possibly so "
    "(an operator whose start is not recorded is kept and marked 'since ?').",
    scope="US-origin platforms India operates or has ordered, and those a recorded deal,"
    " meeting or exercise names.",
    example="dt platforms --country US --operator India",
    label_column="name",
    facets=("category", "origin_country"),
    columns=(
        attr("id", shown=True),
        attr("name", shown=True),
        attr("category", shown=True),
        attr("role"),
        attr("manufacturer", shown=True),
        attr("origin_country", shown=True),
        Column("operators", _operators, shown=True),
        Column("deals", _deals),
        sources_column(),
    ),
    default_sort="name",
    filters=(
        declare.country("country", "Country of origin.", lambda kb, p: p.origin_country),
        declare.country(
            "operator",
            "Operated by this country.",
            lambda kb, p: [op.country for op in p.operators],
            many=True,
        ),
        declare.choice("category", "Only this category.", lambda kb, p: p.category.value, Category),
        Filter(
            FilterSpec(
                "as-of",
                "Only platforms in service on DATE, or possibly so (with --operator: by that "
                "country), each operator as it stood then.",
                "in-service",
                "day",
                "in-service-by:operator",
                "DATE",
                project="operators-on",
            ),
            _service,
        ),
        declare.choice(
            "service",
            "Only platforms an operator's service of this kind operates.",
            lambda kb, p: sorted({op.service.value for op in p.operators if op.service}),
            Service,
            many=True,
        ),
    ),
    backlinks=(Backlink("deals", "deals", "items"),),
    periods=_periods,
    claims=_claims,
    item_names={"aliases": "alias"},
)
