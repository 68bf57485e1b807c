"""`why`: a record's checkable fields with their status and the quotes that state them, and
its contested claims; one field, or the fields under a name (`signed`, `positions[0]`)."""

from __future__ import annotations

from typing import Any

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record
from .errors import BadQuery


def why(kb: KnowledgeBase, record: Record, field: str | None = None) -> dict[str, Any]:
    """{"id", "fields": [each field's value, status and evidence], "contested": [...]}.
    Raises BadQuery when `field` names no checkable or contested field of the record."""
    from ..reading.provenance import Reader
    from ..rendering.record_page import contests
    from ..rendering.why_page import describe

    findings = Reader(kb).findings(record)
    disputed = contests(kb, record)
    if field is not None:
        wanted = [f for f in findings if field_matches(f.field, field)]
        disputed = [c for c in disputed if c["field"] and field_matches(c["field"], field)]
        if not wanted and not disputed:
            fields = ", ".join(dict.fromkeys(f.field for f in findings)) or "none"
            message = f"{field!r} is not a checkable field of {record.id}: one of {fields}"
            raise BadQuery("FIELD", message)
        findings = wanted
    return {"id": record.id, "fields": describe(kb, findings), "contested": disputed}


def field_matches(name: str, wanted: str) -> bool:
    """`signed` matches `milestones.signed.date` and `signed`; `positions[0]` its fields."""
    wanted = wanted.strip(".")
    return (
        name == wanted
        or name.startswith((wanted + ".", wanted + "["))
        or f".{wanted}." in f".{name}."
        or name.endswith("." + wanted)
    )
