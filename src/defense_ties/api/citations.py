"""Citing a record: the sources it cites (for one field: those whose quotes state it), with
the quotes as notes, in a reference manager's format."""

from __future__ import annotations

from typing import Any

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record, Sourced
from .errors import BadQuery


def cited(kb: KnowledgeBase, record: Record, field: str | None = None) -> list[Any]:
    """The record's sources as `rendering.citations.Cited`, each with the quotes cited from
    it (for `field`: the sources and quotes that state it, as `dt why` finds them)."""
    from ..kinds.sources import Source
    from ..rendering.citations import Cited

    sources = kb.of(Source)
    if isinstance(record, Source):
        return [Cited.of(record.model_dump(mode="json"))]
    if not isinstance(record, Sourced):
        raise BadQuery("id", f"{record.id} cites no sources")
    quotes: dict[str, list[str]] = {}
    if field is None:
        for c in record.sources:
            quotes.setdefault(c.source, []).append(c.quote)
    else:
        from .provenance import why

        for row in why(kb, record, field)["fields"]:
            for e in row["evidence"]:
                quotes.setdefault(e["source"], []).append(e["quote"])
        if not quotes:
            raise BadQuery("FIELD", f"no quote of {record.id} states {field!r} (see dt why)")
    return [
        Cited.of(sources[sid].model_dump(mode="json"), found)
        for sid, found in quotes.items()
        if sid in sources
    ]


def cite(kb: KnowledgeBase, record: Record, field: str | None, style: str) -> str:
    """`cited` in `style`: csl-json, bibtex or ris."""
    from ..rendering.citations import STYLES, render

    if style not in STYLES:
        raise BadQuery("--format", f"{style!r} is not one of: {', '.join(STYLES)}")
    return render(style, cited(kb, record, field))
