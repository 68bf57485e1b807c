"""One chronological view: the dated steps of every kind that declares events."""

from __future__ import annotations

from ..core.dates import Span, overlaps, span
from ..core.declaration import Event
from ..core.knowledge_base import KnowledgeBase
from ..kinds import registry


def event_kinds() -> list[str]:
    return [d.singular for d in registry() if d.events is not None]


def row(e: Event) -> dict[str, str | list[str]]:
    return {
        "date": str(e.date),
        "kind": e.kind,
        "event": e.event,
        "id": e.id,
        "title": e.title,
        "countries": sorted(e.countries),
    }


def events(kb: KnowledgeBase) -> list[Event]:
    found: list[Event] = []
    for declaration in registry():
        if declaration.events is not None:
            for record in kb.records.get(declaration.name, {}).values():
                found.extend(declaration.events(kb, record))
    order = event_kinds()
    found.sort(key=lambda e: (e.date.sort_key, order.index(e.kind), e.id, e.event))
    return found


def filter_events(
    found: list[Event], period: Span | None, country: str | None, kind: str | None
) -> list[Event]:
    return [
        e
        for e in found
        if (period is None or overlaps(span(e.date), period))
        and (country is None or country in e.countries)
        and (kind is None or e.kind == kind)
    ]
