"""Exploring commands: `show` one record with its links both ways, `why` its fields with the
quotes that state them, `search` across all, `timeline`."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.json_text import json_text
from . import completion
from .context import load_kb
from .options import (
    ColumnsOpt,
    CountryOpt,
    FormatOpt,
    LimitOpt,
    SinceOpt,
    UntilOpt,
    not_citations,
    parsed,
)

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase
    from ..core.records import Record


def register(app: typer.Typer) -> None:
    app.command("show")(show_record)
    app.command("why")(why)
    app.command("cite")(cite)
    app.command("search")(search_records)
    app.command("timeline")(timeline)


IdArg = Annotated[
    str, typer.Argument(metavar="ID", help="Any record's id.", autocompletion=completion.ids())
]
PageFormat = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


def _record(ctx: typer.Context, record_id: str, fmt: str) -> "tuple[KnowledgeBase, Record]":
    """The knowledge base and the record a page is about; a bad format or an unknown id (with
    the closest ids) is a usage error."""
    if fmt not in ("table", "json"):
        raise typer.BadParameter(f"{fmt!r} is not one of: table, json", param_hint="'--format'")
    return _found(ctx, record_id)


def _found(ctx: typer.Context, record_id: str) -> "tuple[KnowledgeBase, Record]":
    """The knowledge base and the record with this id; an unknown id (with the closest ids)
    is a usage error."""
    import difflib

    kb = load_kb(ctx)
    record = kb.find(record_id)
    if record is None:
        close = difflib.get_close_matches(record_id, [r.id for r in kb], n=5, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise typer.BadParameter(f"no record with id {record_id!r}{hint}", param_hint="'ID'")
    return kb, record


def show_record(
    ctx: typer.Context,
    record_id: IdArg,
    fmt: PageFormat = "table",
) -> None:
    """One record in full: its fields, links to and from other records, and citations.

    Example: dt show p-8i
    """
    from ..rendering.record_page import describe

    kb, record = _record(ctx, record_id, fmt)
    description = describe(kb, record, page=fmt != "json")
    if fmt == "json":
        typer.echo(json_text(description))
    else:
        from ..rendering.record_page import print_description

        print_description(description, sys.stdout)


def why(
    ctx: typer.Context,
    record_id: IdArg,
    field: Annotated[
        str | None,
        typer.Argument(
            metavar="[FIELD]", help="One field (or its start): signed, positions[0], values."
        ),
    ] = None,
    fmt: PageFormat = "table",
) -> None:
    """Which quote states each date, amount, quantity, person and place of a record.

    Example: dt why 2015-apache-chinook milestones.signed
    """
    from ..api.errors import BadQuery
    from ..api.provenance import why as answer
    from ..rendering.why_page import print_page

    kb, record = _record(ctx, record_id, fmt)
    try:
        found = answer(kb, record, field)
    except BadQuery as exc:
        raise typer.BadParameter(exc.message, param_hint=f"'{exc.option}'") from None
    if fmt == "json":
        typer.echo(json_text(found))
    else:
        from ..querying.links import label

        label_ = f"{record.id}: {label(record)}"
        print_page(record.id, label_, found["fields"], sys.stdout, found["contested"])


def cite(
    ctx: typer.Context,
    record_id: IdArg,
    field: Annotated[
        str | None,
        typer.Argument(
            metavar="[FIELD]", help="Only the sources whose quotes state this field (dt why)."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csl-json (Zotero, pandoc), bibtex or ris.")
    ] = "csl-json",
) -> None:
    """The sources a record cites (or those that state one field), with the quotes as notes,
    for a reference manager: CSL-JSON and RIS import into Zotero as they are; BibTeX
    (biblatex @online) for LaTeX. A source's id is its citation key.

    Example: dt cite 2015-apache-chinook signed --format ris
    """
    from ..api.citations import cite as render
    from ..api.errors import BadQuery

    kb, record = _found(ctx, record_id)
    try:
        sys.stdout.write(render(kb, record, field, fmt))
    except BadQuery as exc:
        raise typer.BadParameter(exc.message, param_hint=f"'{exc.option}'") from None


def search_records(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to find (all must match, any case).")],
    fmt: FormatOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Search every kind and field; best matches first, with each hit's kind and id.

    Example: dt search "P-8I"
    """
    from ..querying.search import hit_row, search
    from ..rendering.formats import Listing, default_format, emit

    kb = load_kb(ctx)
    hits = search(kb, text)
    total = len(hits)
    hits = hits[:limit] if limit else hits
    rows: list[dict[str, Any]] = [hit_row(h) for h in hits]
    fields = ("kind", "id", "label", "score", "field", "match")
    listing = Listing(
        f"Search: {text}", fields, fields, rows, lambda: [json_text(r) for r in rows], total
    )
    emit(not_citations(fmt) or default_format(sys.stdout), listing, sys.stdout)


def timeline(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    kind: Annotated[
        str | None, typer.Option(help="Only events of this kind of record: meeting, deal, ...")
    ] = None,
    fmt: FormatOpt = None,
    columns: ColumnsOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Meetings, agreement and deal milestones, notifications and exercises in one
    chronological view; --columns also offers each record's summary and sources.

    Example: dt timeline --since 2025 --kind meeting --columns date,id,summary
    """
    from ..core.filters import PARSERS
    from ..core.values import parse_country
    from ..querying.timeline import FIELDS, event_kinds, events, filter_events, row
    from ..rendering.formats import Listing, default_format, emit

    kinds = event_kinds()
    if kind is not None and kind not in kinds:
        raise typer.BadParameter(
            f"{kind!r} is not one of: {', '.join(kinds)}", param_hint="'--kind'"
        )
    first = parsed("--since", since, PARSERS["since"])
    last = parsed("--until", until, PARSERS["until"])
    period = (first[0] if first else None, last[1] if last else None) if first or last else None
    who = parsed("--country", country, parse_country)
    kb = load_kb(ctx)
    found = filter_events(events(kb), period, who, kind)
    total = len(found)
    shown = _timeline_columns(columns)
    rows: list[dict[str, Any]] = [row(kb, e) for e in (found[:limit] if limit else found)]
    listing = Listing("Timeline", FIELDS, shown, rows, lambda: [json_text(r) for r in rows], total)
    if columns:
        listing.fields, listing.chosen = shown, True
    emit(not_citations(fmt) or default_format(sys.stdout), listing, sys.stdout)


def _timeline_columns(text: str | None) -> tuple[str, ...]:
    from ..querying.timeline import FIELDS, SHOWN

    if text is None:
        return SHOWN
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in FIELDS]
    if unknown or not names:
        what = f"{unknown[0]!r} is not a column of the timeline" if unknown else "no column given"
        raise typer.BadParameter(
            f"{what}: use some of {', '.join(FIELDS)}", param_hint="'--columns'"
        )
    return names
