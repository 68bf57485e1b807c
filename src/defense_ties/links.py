"""Links between records, both ways, computed from the ids records name (never hand-written)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .checks import references
from .knowledge_base import KnowledgeBase
from .models import Agreement, Deal, Meeting, Official, Platform, RateTable, Record, Source


@dataclass(frozen=True)
class Link:
    field: str  # the field of `source_id` that names `target_id`
    source_id: str
    target_id: str


def label(record: Record) -> str:
    """A short human name for any record."""
    if isinstance(record, Official | Platform):
        return record.name
    if isinstance(record, Agreement):
        return record.short_name or record.name
    if isinstance(record, Deal | Source):
        return record.title
    if isinstance(record, Meeting):
        return f"{record.date} {record.kind.value}: " + ", ".join(record.participants)
    if isinstance(record, RateTable):
        return f"{record.currency} exchange rates"
    return record.id


def outgoing(record: Record) -> list[Link]:
    """Every other record this one names, in field order, without repeats."""
    seen: dict[tuple[str, str], Link] = {}
    for path, target, _ in references(record):
        seen.setdefault((str(path[0]), target), Link(str(path[0]), record.id, target))
    return list(seen.values())


def incoming_index(kb: KnowledgeBase) -> dict[str, list[Link]]:
    """For each id, the links from other records that name it."""
    index: dict[str, list[Link]] = defaultdict(list)
    for record in kb:
        for link in outgoing(record):
            index[link.target_id].append(link)
    return index
