"""`dt show`: one record described in full, with links resolved both ways."""

from __future__ import annotations

from typing import Any, TextIO

from .knowledge_base import KnowledgeBase
from .links import incoming_index, label, outgoing
from .models import Deal, Meeting, Official, Record, Sourced
from .money import deal_value_usd
from .views import roles


def describe(kb: KnowledgeBase, record: Record) -> dict[str, Any]:
    """The record's fields, computed facts, links out and in, and its citations."""
    data = record.model_dump(mode="json", exclude_none=True)
    data.pop("sources", None)
    computed: dict[str, Any] = {}
    if isinstance(record, Meeting):
        computed["roles"] = roles(kb, record)
    if isinstance(record, Deal):
        computed["value_usd"] = deal_value_usd(kb, record)
    if isinstance(record, Official):
        computed["positions"] = [
            p.model_dump(mode="json", exclude_none=True) for p in record.positions
        ]
    links_out = [
        _link(kb, link.field, link.target_id)
        for link in outgoing(record)
        if link.field not in ("sources",)
    ]
    links_in = [
        _link(kb, link.field, link.source_id) for link in incoming_index(kb).get(record.id, [])
    ]
    return {
        "kind": record.record_kind.singular,
        "id": record.id,
        "label": label(record),
        "fields": data,
        "computed": computed,
        "links_out": links_out,
        "links_in": links_in,
        "citations": _citations(kb, record),
    }


def _link(kb: KnowledgeBase, field: str, other_id: str) -> dict[str, Any]:
    other = kb.find(other_id)
    return {
        "field": field,
        "kind": other.record_kind.singular if other else None,
        "id": other_id,
        "label": label(other) if other else None,
        "date": str(getattr(other, "date", None) or "") or None,
    }


def _citations(kb: KnowledgeBase, record: Record) -> list[dict[str, Any]]:
    if not isinstance(record, Sourced):
        return []
    found = []
    for citation in record.sources:
        source = kb.sources.get(citation.source)
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
