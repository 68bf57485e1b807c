"""`dt show`: one record described in full, with links resolved both ways."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record, Sourced
from ..core.text import escape
from ..kinds import declaration
from ..kinds.sources import Source
from ..querying.links import incoming, label, outgoing, singular

if TYPE_CHECKING:
    from rich.console import Console


def describe(kb: KnowledgeBase, record: Record, page: bool = False) -> dict[str, Any]:
    """The record's fields, computed facts, links out and in, and its citations (`page`:
    only the computed facts a page shows)."""
    data = record.model_dump(mode="json", exclude_none=True)
    data.pop("sources", None)
    data.pop("contested", None)  # a section of its own, with both sides' quotes
    computed = {
        c.name: c.get(kb, record)
        for c in declaration(record.record_kind).computed
        if c.on_page or not page
    }
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
        "contested": contests(kb, record),
    }


def contests(kb: KnowledgeBase, record: Record) -> list[dict[str, Any]]:
    """Each disputed claim with both sides: what is claimed and by which source (its quotes
    the record cites), and what disputes it (likewise)."""
    if not isinstance(record, Sourced):
        return []
    sources = kb.of(Source)

    def side(source_id: str) -> dict[str, Any]:
        source = sources.get(source_id)
        return {
            "source": source_id,
            "title": source.title if source else None,
            "publisher": source.publisher if source else None,
            "published": str(source.published) if source else None,
            "url": source.url if source else None,
            "quotes": [c.quote for c in record.sources if c.source == source_id],
        }

    return [
        {
            "field": c.field,
            "claim": c.claim,
            "claimed_by": side(c.source),
            "dispute": c.dispute,
            "disputed_by": side(c.disputed_by),
            "note": c.note,
        }
        for c in record.contested
    ]


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
    """The page: a heading, each field that holds something (nested fields indented, one list
    item a line), links both ways, then each citation with its source (a link on terminals
    that show them). Every text is escaped for the terminal; URLs are never hard-wrapped."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, markup=False, emoji=False)
    heading = f"{description['kind']} {description['id']}: {description['label']}"
    console.print(Text(escape(heading), style="bold"))
    fields = {k: v for k, v in description["fields"].items() if k != "id"}
    shown = {**fields, **description["computed"]}
    rows = [row for key, value in shown.items() for row in _rows(key, value)]
    console.file.write(_field_lines(console, rows))
    for title, key in (("Links to", "links_out"), ("Linked from", "links_in")):
        if description[key]:
            console.print(Text(f"\n{title}", style="bold"))
            for link in description[key]:
                date = f" {link['date']}" if link["date"] else ""
                text = f"  {link['field']}: {link['kind']} {link['id']}{date} ({link['label']})"
                console.print(Text(escape(text)))
    if description["contested"]:
        console.print(Text("\nContested (both sides kept)", style="bold"))
        for c in description["contested"]:
            print_contest(console, c)
    if description["citations"]:
        console.print(Text("\nCitations", style="bold"))
        for c in description["citations"]:
            console.print(Text(escape(f"  “{c['quote']}”")))
            where = f"    {c['publisher']}, {c['title']}, {c['published']} [{c['source']}]"
            console.print(Text(escape(where), style="dim"))
            url = escape(str(c["url"]))
            console.print(Text("    ") + Text(url, style=f"dim link {url}"), soft_wrap=True)


def print_contest(console: Console, c: dict[str, Any]) -> None:
    """A disputed claim: the claim and its source's quotes, then the dispute and its own."""
    from rich.text import Text

    about = f" ({c['field']})" if c["field"] else ""
    for label_, text, side in (
        ("claim", c["claim"], c["claimed_by"]),
        ("disputed", c["dispute"], c["disputed_by"]),
    ):
        console.print(Text(escape(f"  {label_}{about if label_ == 'claim' else ''}: {text}")))
        for quote in side["quotes"]:
            console.print(Text(escape(f"    “{quote}”")))
        where = f"    {side['publisher']}, {side['title']}, {side['published']} [{side['source']}]"
        console.print(Text(escape(where), style="dim"))
    if c["note"]:
        console.print(Text(escape(f"  note: {c['note']}"), style="dim"))


def _field_lines(console: Console, rows: list[tuple[str, str]]) -> str:
    """The fields as two columns, labels (cyan on a colour terminal) then values folded to the
    width left, each line of a value on a line of its own: laid out here as text, in time
    linear in the text (a rich Table, or even a rich Text, measures every line of every cell:
    10 s for a 100,000-item list)."""
    from rich.text import Text

    labels = [escape(label) for label, _ in rows]
    gutter = max(map(len, labels), default=0) + 2
    room = max(console.width - gutter, 20)
    page = []
    for name, (_, value) in zip(labels, rows, strict=True):
        lines = _folded(escape(value, keep_lines=True), room)
        with console.capture() as shown:  # the label as the console styles it
            console.print(Text(name, style="cyan"), end="")
        page.append(shown.get() + " " * (gutter - len(name)) + lines[0] + "\n")
        page.append("".join(" " * gutter + line + "\n" for line in lines[1:]))
    return "".join(page)


def _folded(text: str, width: int) -> list[str]:
    """Each line of `text` wrapped between words at `width`, a longer word folded."""
    import textwrap

    found: list[str] = []
    for line in text.split("\n") or [""]:
        if len(line) <= width:
            found.append(line)
        else:
            found += textwrap.wrap(line, width, break_on_hyphens=False) or [""]
    return found


def _rows(key: str, value: Any) -> list[tuple[str, str]]:
    """The page rows of one field: none when it is empty; a nested mapping's fields as rows
    of their own ("milestones" then "  signed"), a list's items one a line."""
    if value is None or value == [] or value == {}:
        return []
    shown = key.replace("_", " ")
    if isinstance(value, dict) and all(isinstance(v, dict) or v is None for v in value.values()):
        rows = [(shown, "")]
        for sub, item in value.items():
            rows += [("  " + name, text) for name, text in _rows(sub, item)]
        return rows
    return [(shown, _plain(value, key))]


# Numbers that are labels, not quantities: never written with thousands separators.
_LABELS = {"year", "edition", "phase", "through", "seq", "editions"}


def _plain(value: Any, key: str = "") -> str:
    if isinstance(value, list):
        return "\n".join(_plain(v, key) for v in value)
    if isinstance(value, dict) and {"name", "title"} <= value.keys():  # a person in a role
        return f"{value['name']}, {value['title']}"
    if isinstance(value, dict):
        return "; ".join(
            f"{k.replace('_', ' ')}: {_plain(v, k)}" for k, v in value.items() if v is not None
        )
    if isinstance(value, int) and not isinstance(value, bool) and key not in _LABELS:
        return f"{value:,}"
    return str(value)
