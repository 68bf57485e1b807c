"""One chronological view: meetings, agreement milestones and deal milestones."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import PartialDate
from .knowledge_base import KnowledgeBase
from .queries import Period

EVENT_KINDS = ("meeting", "agreement", "deal")
_AGREEMENT_STEPS = ("announced", "signed", "effective", "expires")
_DEAL_STEPS = ("announced", "notified", "approved", "signed", "delivered", "completed")


@dataclass(frozen=True)
class Event:
    date: PartialDate
    kind: str
    event: str
    id: str
    title: str
    countries: frozenset[str]

    def row(self) -> dict[str, str]:
        return {
            "date": str(self.date),
            "kind": self.kind,
            "event": self.event,
            "id": self.id,
            "title": self.title,
            "countries": "; ".join(sorted(self.countries)),
        }


def events(kb: KnowledgeBase) -> list[Event]:
    found: list[Event] = []
    for m in kb.meetings.values():
        countries = {kb.officials[p].country for p in m.participants}
        if m.location:
            countries.add(m.location.country)
        place = f" in {m.location.city}" if m.location else ""
        names = ", ".join(kb.officials[p].name for p in m.participants)
        found.append(
            Event(m.date, "meeting", m.kind.value + place, m.id, names, frozenset(countries))
        )
    for a in kb.agreements.values():
        for step in _AGREEMENT_STEPS:
            when = getattr(a, step)
            if when is not None:
                found.append(
                    Event(
                        when, "agreement", step, a.id, a.short_name or a.name, frozenset(a.parties)
                    )
                )
    for d in kb.deals.values():
        for step in _DEAL_STEPS:
            when = getattr(d, step)
            if when is not None:
                found.append(
                    Event(when, "deal", step, d.id, d.title, frozenset({d.buyer, d.seller}))
                )
    found.sort(key=lambda e: (e.date.sort_key, EVENT_KINDS.index(e.kind), e.id, e.event))
    return found


def filter_events(
    found: list[Event], period: Period, country: str | None, kind: str | None
) -> list[Event]:
    return [
        e
        for e in found
        if period.touches(e.date)
        and (country is None or country in e.countries)
        and (kind is None or e.kind == kind)
    ]
