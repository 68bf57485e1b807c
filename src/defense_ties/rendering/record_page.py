"""`dt show`: one record described in full, with links resolved both ways."""

from __future__ import annotations

from typing import Any, TextIO

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record, Sourced
from ..kinds import declaration
from ..kinds.sources import Source
from ..querying.links import incoming, label, outgoing, singular


def describe(kb: KnowledgeBase, record: Record) -> dict[str, Any]:
    """The record's fields, computed facts, links out and in, and its citations."""
    data = record.model_dump(mode="json", exclude_none=True)
    data.pop("sources", None)
    computed = {c.name: c.get(kb, record) for c in declaration(record.record_kind).computed}
    links_out = [_link(kb, link.field, link.target_id) for link in outgoing(record)]
    links_in = [_link(kb, link.field, link.source_id) for link in incoming(kb, record.id)]
    return {
        "kind": singular(record),
        "id": record.id,
        "label": label(record),
        "fields": data,
        "computed": computed,
        "links_out": [link for link in links_out if link["field"] != "sources"],
        "links_in": links_in,
        "citations": _citations(kb, record),
    }


def _link(kb: KnowledgeBase, field: str, other_id: str) -> dict[str, Any]:
    other = kb.find(other_id)
    return {
        "field": field,
        "kind": singular(other) if other else None,
        "id": other_id,
        "label": label(other) if other else None,
        "date": str(getattr(other, "date", None) or "") or None,
    }


def _citations(kb: KnowledgeBase, record: Record) -> list[dict[str, Any]]:
    if not isinstance(record, Sourced):
        return []
    sources = kb.of(Source)
    found = []
    for citation in record.sources:
        source = sources.get(citation.source)
        found.append(
            {
                "source": citation.source,
                "quote": citation.quote,
                "title": source.title if source else None,
                "publisher": source.publisher if source else None,
                "published": str(source.published) if source else None,
                "url": source.url if source else None,
            }
        )
    return found


def print_description(description: dict[str, Any], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out)
    console.print(
        Text(f"{description['kind']} {description['id']}: {description['label']}", style="bold")
    )
    table = Table(show_header=False, box=None, padding=(0, 2))
    for key, value in {**description["fields"], **description["computed"]}.items():
        table.add_row(Text(key, style="cyan"), Text(_plain(value)))
    console.print(table)
    for title, key in (("Links to", "links_out"), ("Linked from", "links_in")):
        if description[key]:
            console.print(Text(f"\n{title}", style="bold"))
            for link in description[key]:
                date = f" {link['date']}" if link["date"] else ""
                console.print(
                    Text(f"  {link['field']}: {link['kind']} {link['id']}{date} ({link['label']})")
                )
    if description["citations"]:
        console.print(Text("\nCitations", style="bold"))
        for c in description["citations"]:
            console.print(Text(f"  “{c['quote']}”"))
            console.print(
                Text(
                    f"    {c['publisher']}, {c['title']}, {c['published']}, {c['url']}", style="dim"
                )
            )


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
