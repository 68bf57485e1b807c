"""Links between records, both ways, from the ids records name (never hand-written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record
from ..core.shape import references
from ..kinds import declaration


@dataclass(frozen=True)
class Link:
    field: str  # the field of `source_id` that names `target_id`
    source_id: str
    target_id: str


def label(record: Record) -> str:
    """A short human name for any record."""
    return declaration(record.record_kind).label(record)


def singular(record: Record) -> str:
    return declaration(record.record_kind).singular


def outgoing(record: Record) -> list[Link]:
    """Every other record this one names, in field order, without repeats."""
    seen: dict[tuple[str, str], Link] = {}
    for ref in references(record):
        field = str(ref.path[0])
        seen.setdefault((field, ref.target), Link(field, record.id, ref.target))
    return list(seen.values())


def incoming(kb: KnowledgeBase, record_id: str) -> list[Link]:
    """The links from other records that name `record_id`, each field once per record."""
    seen: dict[tuple[str, str], Link] = {}
    for other, ref in kb.referring(record_id):
        field = str(ref.path[0])
        seen.setdefault((field, other.id), Link(field, other.id, record_id))
    return list(seen.values())
