"""One chronological view: the dated steps of every kind that declares events."""

from __future__ import annotations

from ..core.dates import Span, overlaps, span
from ..core.declaration import Event
from ..core.knowledge_base import KnowledgeBase
from ..kinds import registry


def event_kinds() -> list[str]:
    return [d.singular for d in registry() if d.events is not None]


FIELDS = ("date", "kind", "event", "id", "title", "countries", "summary", "sources")
SHOWN = FIELDS[:5]


def row(kb: KnowledgeBase, e: Event) -> dict[str, str | list[str] | None]:
    """An event with its record's summary (a notification's description) and the sources the
    record cites."""
    record = kb.find(e.id)
    summary = getattr(record, "summary", None) or getattr(record, "description", None)
    cited = getattr(record, "sources", [])
    return {
        "date": str(e.date),
        "kind": e.kind,
        "event": e.event,
        "id": e.id,
        "title": e.title,
        "countries": sorted(e.countries),
        "summary": summary,
        "sources": list(dict.fromkeys(c.source for c in cited)),
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
