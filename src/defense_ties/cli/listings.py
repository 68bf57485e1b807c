"""Listing commands, one per listed kind, built from its listing spec: parse the options,
filter and sort the kind's table with `querying.filtering`, render."""

from __future__ import annotations

import inspect
import sys
from typing import Annotated, Any

import typer

from ..core.filters import FLAGS, PARSERS, REPEATED
from ..core.listing import FilterSpec, ListingSpec
from ..core.values import BadValue
from ..rendering.formats import Format
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


def parse_options(spec: ListingSpec, options: dict[str, Any]) -> dict[str, Any]:
    """Each given filter option parsed, by option name; a bad value is a usage error."""
    chosen: dict[str, Any] = {}
    for f in spec.filters:
        given = options.get(_param(f))
        if given is None or given is False or given == []:
            continue
        if given is True:
            chosen[f.option] = True
            continue
        texts = given if isinstance(given, list) else [given]
        try:
            values = tuple(_parsed(f, text) for text in texts)
        except BadValue as exc:
            raise typer.BadParameter(str(exc), param_hint=f"'--{f.option}'") from None
        chosen[f.option] = values if isinstance(given, list) else values[0]
    return chosen


def _parsed(f: FilterSpec, text: str) -> Any:
    value = PARSERS[f.parse](text)
    if f.choices and value not in f.choices:
        raise BadValue(f"{text!r} is not one of: {', '.join(f.choices)}")
    return value


def run_listing(ctx: typer.Context, spec: ListingSpec, options: dict[str, Any]) -> None:
    from ..querying.filtering import order, projected, select
    from ..rendering.formats import Listing, default_format, emit

    chosen = parse_options(spec, options)
    shown = chosen_columns(spec, options.get("columns"))
    store = load_store(ctx)
    for f in spec.filters:
        if f.refers_to and f.option in chosen:
            known(f"--{f.option}", chosen[f.option], store.ids(f.refers_to))
    table = store.table(spec.name)
    selected = select(spec, table, chosen)
    changes = projected(spec, table, selected, chosen)
    try:
        found = order(spec, table, selected, options["sort"], changes)
    except KeyError as exc:
        message = (
            f"{exc.args[0]!r} is not a field of {spec.name}: use one of {', '.join(spec.columns)}"
        )
        raise typer.BadParameter(message, param_hint="'--sort'") from None
    total, limit = len(found), options["limit"]
    fmt = options["fmt"] or default_format(sys.stdout)
    if limit is None and fmt is Format.TABLE:
        limit = TABLE_LIMIT
    if limit:
        found = found[:limit]
    rows = [dict(zip(spec.columns, table.rows[i], strict=True)) | changes.get(i, {}) for i in found]
    if not options.get("columns") and not any(r.get("flags") for r in rows):
        shown = tuple(c for c in shown if c != "flags")  # a column no row fills: left out
    docs = table.docs
    listing = Listing(
        spec.title,
        spec.columns,
        shown,
        rows,
        lambda: [_doc(docs[i], changes.get(i)) for i in found],
        total,
    )
    if options.get("columns"):
        listing.fields, listing.chosen = shown, True  # CSV and JSON too: only those
    emit(fmt, listing, sys.stdout)
    reviewed = store.reviewed().get(spec.name)
    if not found and fmt in (Format.TABLE, Format.TSV) and chosen:
        typer.echo(_empty_hint(spec, table, reviewed), err=True)
    elif reviewed and _reaches_past(spec, chosen, reviewed):
        typer.echo(
            f"dt: note: {spec.name} are reviewed through {reviewed}; later ones may be missing "
            "(dt stats)",
            err=True,
        )


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


_DATED = {"year", "since", "until", "day"}  # parsers of options that choose a period


def _reaches_past(spec: ListingSpec, chosen: dict[str, Any], reviewed: str) -> bool:
    """Whether a date option asks about days after the kind's review date."""
    from ..core.dates import PartialDate

    last = PartialDate.parse(reviewed).last_day
    for f in spec.filters:
        span = chosen.get(f.option) if f.parse in _DATED else None
        if span is not None and (span[1] is None or span[1] > last):
            return True
    return False


def _doc(doc: str, changes: dict[str, Any] | None) -> str:
    """A record's JSON document with the fields the options changed (e.g. --as-of's status)."""
    if not changes:
        return doc
    import json

    from ..core.json_text import json_text

    data = json.loads(doc)
    data.update({k: v for k, v in changes.items() if k in data and not isinstance(data[k], list)})
    return json_text(data)


def chosen_columns(spec: ListingSpec, text: str | None) -> tuple[str, ...]:
    """The columns `--columns a,b,c` names (each a column of the kind), else the default."""
    if text is None:
        return spec.shown
    names = tuple(n.strip().replace("-", "_") for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in spec.columns]
    if unknown or not names:
        what = f"{unknown[0]!r} is not a column of {spec.name}" if unknown else "no column given"
        raise typer.BadParameter(
            f"{what}: use some of {', '.join(spec.columns)}", param_hint="'--columns'"
        )
    return names


def known(option: str, record_id: str, ids: set[str]) -> None:
    """A usage error, with suggestions, when an option names an id that does not exist."""
    if record_id in ids:
        return
    import difflib

    close = difflib.get_close_matches(record_id, list(ids), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise typer.BadParameter(
        f"no {option.lstrip('-')} {record_id!r}{hint}", param_hint=f"'{option}'"
    )
