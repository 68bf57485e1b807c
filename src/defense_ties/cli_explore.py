"""Exploring commands: `show` one record with its links both ways, `search` across all."""

import sys
from typing import Annotated, Any

import typer

from .cli import app, load_kb
from .cli_options import CountryOpt, FormatOpt, LimitOpt, SinceOpt, UntilOpt, parsed
from .formats import Format


@app.command("show")
def show_record(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Any record's id.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """One record in full: its fields, links to and from other records, and citations.

    Example: dt show p-8i
    """
    import difflib

    from .record_view import describe

    if fmt not in ("table", "json"):
        raise typer.BadParameter(f"{fmt!r} is not one of: table, json", param_hint="'--format'")
    kb = load_kb(ctx)
    record = kb.find(record_id)
    if record is None:
        ids = [r.id for r in kb]
        close = difflib.get_close_matches(record_id, ids, n=5, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        typer.echo(f"dt: no record with id {record_id!r}{hint}", err=True)
        raise typer.Exit(1)
    description = describe(kb, record)
    if fmt == "json":
        from .catalog import json_text

        typer.echo(json_text(description))
    else:
        from .record_view import print_description

        print_description(description, sys.stdout)


@app.command("search")
def search_records(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to find (all must match, any case).")],
    fmt: FormatOpt = Format.TABLE,
    limit: LimitOpt = None,
) -> None:
    """Search every kind and field; best matches first, with each hit's kind and id.

    Example: dt search "P-8I"
    """
    from .catalog import json_texts
    from .formats import Listing, emit
    from .search import hit_row, search

    kb = load_kb(ctx)
    hits = search(kb, text)
    total = len(hits)
    hits = hits[:limit] if limit else hits
    rows: list[dict[str, Any]] = [hit_row(h) for h in hits]
    fields = ("kind", "id", "label", "score", "field", "match")
    listing = Listing(f"Search: {text}", fields, fields, rows, lambda: json_texts(rows), total)
    emit(fmt, listing, sys.stdout)


@app.command("timeline")
def timeline(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    kind: Annotated[str | None, typer.Option(help="meeting, agreement or deal.")] = None,
    fmt: FormatOpt = Format.TABLE,
    limit: LimitOpt = None,
) -> None:
    """Meetings, agreement and deal milestones in one chronological view.

    Example: dt timeline --since 2025 --kind meeting
    """
    from .catalog import json_texts
    from .cli_listings import _period
    from .formats import Listing, emit
    from .option_values import parse_country
    from .timeline import EVENT_KINDS, events, filter_events

    if kind is not None and kind not in EVENT_KINDS:
        raise typer.BadParameter(
            f"{kind!r} is not one of: {', '.join(EVENT_KINDS)}", param_hint="'--kind'"
        )
    period, who = _period(None, since, until), parsed("--country", country, parse_country)
    kb = load_kb(ctx)
    found = filter_events(events(kb), period, who, kind)
    total = len(found)
    rows: list[dict[str, Any]] = [e.row() for e in (found[:limit] if limit else found)]
    fields = ("date", "kind", "event", "id", "title", "countries")
    listing = Listing("Timeline", fields, fields[:5], rows, lambda: json_texts(rows), total)
    emit(fmt, listing, sys.stdout)
