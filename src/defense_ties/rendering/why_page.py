"""`dt why`: each checkable field of a record with the quotes that state it, the matched words
marked, and each quote's source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..core.knowledge_base import KnowledgeBase
from ..core.text import escape
from ..kinds.sources import Source
from ..reading.provenance import Finding


def describe(kb: KnowledgeBase, findings: list[Finding]) -> list[dict[str, Any]]:
    sources = kb.of(Source)
    out = []
    for f in findings:
        evidence = []
        for e in f.evidence:
            source = sources.get(e.citation.source)
            evidence.append(
                {
                    "record": e.record_id,
                    "source": e.citation.source,
                    "quote": e.citation.quote,
                    "matches": [list(span) for span in _merged(e.spans)],
                    "title": source.title if source else None,
                    "publisher": source.publisher if source else None,
                    "published": str(source.published) if source else None,
                    "url": source.url if source else None,
                }
            )
        out.append(
            {"field": f.field, "value": f.claim.shown, "status": f.status, "evidence": evidence}
        )
    return out


def _merged(spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def print_page(
    record_id: str,
    record_label: str,
    rows: list[dict[str, Any]],
    out: TextIO,
    contested: Sequence[dict[str, Any]] = (),
) -> None:
    """On a terminal the matched words are bold and underlined; elsewhere they are marked
    with » and «. Then each disputed claim with both sides (`record_page.contests`)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, markup=False, emoji=False)
    plain = not console.is_terminal
    console.print(Text(escape(record_label), style="bold"))
    for row in rows:
        status = row["status"]
        style = {"supported": "green", "supported-elsewhere": "yellow"}.get(status, "red")
        line = Text.assemble(
            ("\n" + escape(row["field"]), "cyan"), f"  {escape(row['value'])}  ", (status, style)
        )
        console.print(line)
        for e in row["evidence"]:
            quote = Text("  “")
            at = 0
            for start, end in e["matches"]:
                quote.append(escape(e["quote"][at:start]))
                word = escape(e["quote"][start:end])
                quote.append(f"»{word}«" if plain else word, style="bold underline")
                at = end
            quote.append(escape(e["quote"][at:]) + "”")
            console.print(quote)
            where = f"    {e['publisher']}, {e['title']}, {e['published']} [{e['source']}]"
            if e["record"] != record_id:
                where += f" (cited by {e['record']})"
            console.print(Text(escape(where), style="dim"))
            url = escape(str(e["url"]))
            console.print(Text("    ") + Text(url, style=f"dim link {url}"), soft_wrap=True)
    if contested:
        from .record_page import print_contest

        console.print(Text("\nContested (both sides kept)", style="bold"))
        for c in contested:
            print_contest(console, c)
