"""Listing commands, one per listed kind, built from its listing spec: parse the options,
filter and sort the kind's table with `querying.filtering`, render."""

from __future__ import annotations

import inspect
import sys
from typing import Annotated, Any

import typer

from ..api.errors import BadQuery
from ..core.filters import FLAGS, REPEATED
from ..core.listing import FilterSpec, ListingSpec
from ..rendering.formats import CITATIONS, Format
from .context import load_store
from .options import ColumnsOpt, FormatOpt, LimitOpt, SortOpt

TABLE_LIMIT = 50  # rows a table shows unless --limit says otherwise; other formats show all


def add_listing_commands(app: typer.Typer, specs: list[ListingSpec]) -> None:
    for spec in specs:
        app.command(spec.name)(_command(spec))


def _command(spec: ListingSpec) -> Any:
    def command(ctx: typer.Context, **options: Any) -> None:
        run_listing(ctx, spec, options)

    params = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    ]
    for f in spec.filters:
        if f.parse in FLAGS:
            flag = typer.Option(f"--{f.option}", help=_help(f))
            params.append(_keyword(_param(f), Annotated[bool, flag], False))
            continue
        option = typer.Option(
            f"--{f.option}", help=_help(f), metavar=f.metavar, autocompletion=_completer(f)
        )
        kind: Any = list[str] | None if f.parse in REPEATED else str | None
        params.append(_keyword(_param(f), Annotated[kind, option], None))
    params += [
        _keyword("fmt", FormatOpt, None),
        _keyword("columns", ColumnsOpt, None),
        _keyword("sort", SortOpt, None),
        _keyword("limit", LimitOpt, None),
    ]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__doc__ = f"{spec.summary}\n\nExample: {spec.example}"
    return command


def _completer(f: FilterSpec) -> Any:
    from . import completion

    if f.choices:
        return completion.choices(f.choices)
    if f.refers_to:
        return completion.ids(f.refers_to)
    if f.parse == "country":
        return completion.countries
    return None


def _param(f: FilterSpec) -> str:
    """The Python name of a filter's parameter (`--in` is a keyword: `filter_in`)."""
    return "filter_" + f.option.replace("-", "_")


def _keyword(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name.replace("-", "_"),
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=annotation,
    )


def _help(f: FilterSpec) -> str:
    return f"{f.help} One of: {', '.join(f.choices)}." if f.choices else f.help


def _given(spec: ListingSpec, options: dict[str, Any]) -> dict[str, Any]:
    """The filter options given on the command line, by option name."""
    return {f.option: options.get(_param(f)) for f in spec.filters}


def bad(exc: BadQuery) -> typer.BadParameter:
    """A library BadQuery as the usage error (exit 2) the command line reports."""
    hint = exc.option if exc.option.startswith("-") else f"{exc.option}"
    return typer.BadParameter(exc.message, param_hint=f"'{hint}'")


def run_listing(ctx: typer.Context, spec: ListingSpec, options: dict[str, Any]) -> None:
    from ..api.query import columns_of, parse_filters, reaches_past, run_query
    from ..rendering.formats import Listing, default_format, emit

    try:
        chosen = parse_filters(spec, _given(spec, options))
        shown = columns_of(spec, options.get("columns"))
    except BadQuery as exc:
        raise bad(exc) from None
    store = load_store(ctx)
    fmt = options["fmt"] or default_format(sys.stdout)
    limit = options["limit"]
    if limit is None and fmt is Format.TABLE:
        limit = TABLE_LIMIT
    try:
        answer = run_query(store, spec, chosen, options["sort"], limit)
    except BadQuery as exc:
        raise bad(exc) from None
    rows = answer.rows()
    if not options.get("columns") and not any(r.get("flags") for r in rows):
        shown = tuple(c for c in shown if c != "flags")  # a column no row fills: left out
    if fmt in CITATIONS:
        sys.stdout.write(_citations(store, spec, answer, fmt.value))
        return
    listing = Listing(spec.title, spec.columns, shown, rows, answer.documents, answer.total)
    if options.get("columns"):
        listing.fields, listing.chosen = shown, True  # CSV and JSON too: only those
    emit(fmt, listing, sys.stdout)
    reviewed = store.reviewed().get(spec.name)
    if not answer.found and fmt in (Format.TABLE, Format.TSV) and chosen:
        typer.echo(_empty_hint(spec, answer.table, reviewed), err=True)
    elif reviewed and reaches_past(spec, chosen, reviewed):
        typer.echo(
            f"dt: note: {spec.name} are reviewed through {reviewed}; later ones may be missing "
            "(dt stats)",
            err=True,
        )


def _citations(store: Any, spec: ListingSpec, answer: Any, style: str) -> str:
    """The sources the listed records cite (each once, with the quotes cited from it), or
    the listed sources themselves, in a reference manager's format."""
    import json

    from ..rendering.citations import Cited, render

    columns = _source_columns()
    by_id = {row[0]: dict(zip(columns, row, strict=True)) for row in store.table("sources").rows}
    quotes: dict[str, list[str]] = {}
    for doc in answer.documents():
        record = json.loads(doc)
        if spec.name == "sources":
            quotes.setdefault(record["id"], [])
        for c in record.get("sources", []) if spec.name != "sources" else []:
            quotes.setdefault(c["source"], []).append(c["quote"])
    return render(style, [Cited.of(by_id[s], q) for s, q in quotes.items() if s in by_id])


def _source_columns() -> tuple[str, ...]:
    from ..storing.listings import listing_specs

    return next(s.columns for s in listing_specs() if s.name == "sources")


def _empty_hint(spec: ListingSpec, table: Any, reviewed: str | None) -> str:
    """Why a listing may be empty: the range of dates the kind's records cover, and the date
    through which they have been reviewed."""
    hint = f"dt: no {spec.name} match these filters"
    dated = next((c for c in ("date", "start") if c in spec.columns), None)
    if dated is not None:
        at = spec.columns.index(dated)
        dates = sorted(str(row[at]) for row in table.rows if row[at] is not None)
        if dates:
            hint += f"; {spec.name} run from {dates[0]} to {dates[-1]}"
    if reviewed:
        hint += f" and are reviewed through {reviewed} (later ones may be missing)"
    return hint
