"""Controlled vocabularies shared by several kinds (a kind's own live in its module)."""

from enum import StrEnum


class ValueKind(StrEnum):
    CONTRACT = "contract"
    NOTIFICATION = "notification"
    APPROVAL = "approval"
    REPORTED = "reported"
    ESTIMATE = "estimate"
