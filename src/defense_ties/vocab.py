"""Controlled vocabularies: record kinds and the allowed values of enumerated fields."""

from enum import StrEnum


class Kind(StrEnum):
    """Record kinds, each a folder of `data/`, in load order."""

    SOURCES = "sources"
    RATES = "rates"
    OFFICIALS = "officials"
    PLATFORMS = "platforms"
    AGREEMENTS = "agreements"
    DEALS = "deals"
    MEETINGS = "meetings"

    @property
    def singular(self) -> str:
        return {
            "sources": "source",
            "rates": "rate table",
            "officials": "official",
            "platforms": "platform",
            "agreements": "agreement",
            "deals": "deal",
            "meetings": "meeting",
        }[self.value]


class MeetingKind(StrEnum):
    MEETING = "meeting"
    PHONE_CALL = "phone-call"
    VIDEO_CALL = "video-call"
    SUMMIT = "summit"
    DIALOGUE = "dialogue"


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


class DealStatus(StrEnum):
    PROPOSED = "proposed"
    UNDER_NEGOTIATION = "under-negotiation"
    NOTIFIED = "notified"
    APPROVED = "approved"
    SIGNED = "signed"
    DELIVERING = "delivering"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ValueKind(StrEnum):
    CONTRACT = "contract"
    NOTIFICATION = "notification"
    APPROVAL = "approval"
    REPORTED = "reported"
    ESTIMATE = "estimate"


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
