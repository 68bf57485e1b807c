"""Controlled vocabularies shared by several kinds (a kind's own live in its module)."""

from enum import StrEnum


class ValueKind(StrEnum):
    CONTRACT = "contract"
    NOTIFICATION = "notification"
    APPROVAL = "approval"
    REPORTED = "reported"
    ESTIMATE = "estimate"


class Bound(StrEnum):
    """An amount a source gives as a bound: "more than Rs 14,000 crore", "up to $1 billion"."""

    AT_LEAST = "at-least"  # more than, over, at least: shown ≥
    AT_MOST = "at-most"  # up to, under, at most: shown ≤


BOUND_SIGN = {Bound.AT_LEAST: "≥", Bound.AT_MOST: "≤"}


class Service(StrEnum):
    """An armed service (of an exercise's participant, of a platform's operator)."""

    ARMY = "army"
    NAVY = "navy"
    AIR_FORCE = "air-force"
    MARINES = "marines"
    SPECIAL_FORCES = "special-forces"
    COAST_GUARD = "coast-guard"
