"""Platforms: aircraft, helicopters, missiles, ships, engines and other systems."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, ClassVar

from ..core import declaration as declare
from ..core.dates import term
from ..core.declaration import Backlink, Claim, Column, Declaration, Period, attr, sources_column
from ..core.fields import CountryCode, Date, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Sourced, Strict


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
    country: CountryCode
    since: Date | None = None
    until: Date | None = None


class Platform(Sourced):
    record_kind: ClassVar[str] = "platforms"
    name: Text
    aliases: list[Text] = []
    category: Category
    role: Text | None = None
    manufacturer: Text | None = None  # left out when no source names it
    origin_country: CountryCode
    operators: list[Operator] = []


def _operators(kb: KnowledgeBase, p: Platform) -> list[str]:
    return [f"{op.country} (since {op.since})" if op.since else op.country for op in p.operators]


def _deals(kb: KnowledgeBase, p: Platform) -> list[str]:
    return [d.id for d in kb.naming(p.id, "deals", "items")]


def _service(kb: KnowledgeBase, p: Platform) -> list[tuple[str, int | None, int | None]]:
    return [(op.country, *term(op.since, op.until)) for op in p.operators]


def _periods(p: Platform) -> Iterable[Period]:
    for i, op in enumerate(p.operators):
        yield ("operators", i, "until"), op.since, op.until


def _claims(kb: KnowledgeBase, p: Platform) -> Iterable[Claim]:
    """Each operator's service start; the deals for the platform may state it too."""
    deals = declare.named_by(kb, "deals", "items", p.id, item="platform")
    for i, op in enumerate(p.operators):
        if op.since is not None:
            path = ("operators", i, "since")
            yield Claim(path, "date", op.since, str(op.since), None, deals)


DECLARATION: Declaration[Any] = Declaration(
    name="platforms",
    singular="platform",
    model=Platform,
    label=lambda p: p.name,
    summary="Weapons platforms: aircraft, helicopters, missiles, ships, engines.\n\n"
    "--as-of DATE keeps platforms in service then (by their recorded service entry).",
    example="dt platforms --country US --operator India",
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
        declare.as_of(
            "Only platforms in service on DATE (with --operator: by that country).",
            _service,
            "held-by:operator",
        ),
    ),
    backlinks=(Backlink("deals", "deals", "items"),),
    periods=_periods,
    claims=_claims,
    item_names={"aliases": "alias"},
)
