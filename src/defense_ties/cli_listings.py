"""Listing commands, one per record kind: parse options, filter with `queries`, render."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .cli import app, load_store
from .cli_options import (
    AsOfOpt,
    CountryOpt,
    FormatOpt,
    LimitOpt,
    SinceOpt,
    SortOpt,
    UntilOpt,
    YearOpt,
    parsed,
)
from .formats import Format
from .option_values import parse_amount, parse_country, parse_date, parse_year
from .vocab import AgreementKind, AgreementStatus, Category, DealStatus, Kind

if TYPE_CHECKING:
    from .catalog import KindTable

# Enum-valued filters are plain strings checked here, so a bad value is a one-line error.


def _choice(option: str, text: str | None, choices: type[Any]) -> str | None:
    if text is None:
        return None
    values = [c.value for c in choices]
    if text.lower() not in values:
        raise typer.BadParameter(
            f"{text!r} is not one of: {', '.join(values)}", param_hint=f"'{option}'"
        )
    return text.lower()


def _period(year: str | None, since: str | None, until: str | None) -> Any:
    from .queries import Period

    return Period.build(
        parsed("--year", year, parse_year),
        parsed("--since", since, parse_date),
        parsed("--until", until, parse_date),
    )


def _country(option: str, text: str | None) -> str | None:
    return parsed(option, text, parse_country)


TABLE_LIMIT = 50  # rows a table shows unless --limit says otherwise; json and csv show all


def show(
    kind: Kind,
    table: "KindTable",
    found: list[int],
    fmt: Format,
    sort: str | None,
    limit: int | None,
) -> None:
    """Sort, limit and render the records at positions `found` of a kind's table."""
    from .formats import Listing, emit
    from .views import VIEWS

    view = VIEWS[kind]
    key = sort or view.default_sort
    field = key.lstrip("-")
    if field not in view.fields:
        raise typer.BadParameter(
            f"{field!r} is not a field of {kind.value}: use one of {', '.join(view.fields)}",
            param_hint="'--sort'",
        )
    rows = table.rows
    found = sorted(found, key=lambda i: rows[i]["id"])
    present = [i for i in found if rows[i][field] is not None]
    present.sort(key=lambda i: rows[i][field], reverse=key.startswith("-"))
    found = present + [i for i in found if rows[i][field] is None]
    total = len(found)
    if limit is None and fmt is Format.TABLE:
        limit = TABLE_LIMIT
    if limit:
        found = found[:limit]
    listing = Listing(
        view.title,
        view.fields,
        view.table_columns,
        [rows[i] for i in found],
        lambda: [table.docs[i] for i in found],
        total,
    )
    emit(fmt, listing, sys.stdout)


@app.command()
def meetings(
    ctx: typer.Context,
    year: YearOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    official: Annotated[
        str | None, typer.Option(help="Only meetings this official (id) attended.")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    sort: SortOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Meetings, calls, summits and dialogues, with each participant's title on the day.

    Example: dt meetings --year 2025 --country India
    """
    from . import queries

    period = _period(year, since, until)
    who = _country("--country", country)
    store = load_store(ctx)
    _known("--official", official, store.ids(Kind.OFFICIALS))
    table = store.table(Kind.MEETINGS)
    found = queries.meetings(table.facets, period, who, official)
    show(Kind.MEETINGS, table, found, fmt, sort, limit)


@app.command()
def officials(
    ctx: typer.Context,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.TABLE,
    sort: SortOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Officials and the positions they held.

    Example: dt officials --country IN --as-of 2014-08-08
    """
    from . import queries

    who, when = _country("--country", country), _as_of(as_of)
    table = load_store(ctx).table(Kind.OFFICIALS)
    show(Kind.OFFICIALS, table, queries.officials(table.facets, who, when), fmt, sort, limit)


@app.command()
def platforms(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option(help="Country of origin (code or name).")] = None,
    operator: Annotated[str | None, typer.Option(help="Operated by this country.")] = None,
    category: Annotated[
        str | None, typer.Option(help="aircraft, helicopter, uav, missile, ...")
    ] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.TABLE,
    sort: SortOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Weapons platforms: aircraft, helicopters, missiles, ships, engines.

    --as-of DATE keeps platforms in service then (by their recorded service entry).

    Example: dt platforms --country US --operator India
    """
    from . import queries

    origin, user = _country("--country", country), _country("--operator", operator)
    cat, when = _choice("--category", category, Category), _as_of(as_of)
    table = load_store(ctx).table(Kind.PLATFORMS)
    found = queries.platforms(table.facets, origin, user, cat, when)
    show(Kind.PLATFORMS, table, found, fmt, sort, limit)


@app.command()
def deals(
    ctx: typer.Context,
    min_value: Annotated[
        str | None,
        typer.Option(
            "--min-value", metavar="USD", help="At least this value in USD: 1e9, 1.4B, 500M."
        ),
    ] = None,
    max_value: Annotated[
        str | None, typer.Option("--max-value", metavar="USD", help="At most this value in USD.")
    ] = None,
    year: YearOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    buyer: Annotated[str | None, typer.Option(help="Buying country (code or name).")] = None,
    seller: Annotated[str | None, typer.Option(help="Selling country (code or name).")] = None,
    status: Annotated[str | None, typer.Option(help="proposed, signed, delivering, ...")] = None,
    platform: Annotated[str | None, typer.Option(help="Only deals for this platform id.")] = None,
    fmt: FormatOpt = Format.TABLE,
    sort: SortOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Arms sales and co-production deals, with values converted to USD.

    A deal is dated by its signature, else its announcement, notification or approval.

    Example: dt deals --min-value 1e9 --format json
    """
    from . import queries

    criteria = queries.DealCriteria(
        parsed("--min-value", min_value, parse_amount),
        parsed("--max-value", max_value, parse_amount),
        _period(year, since, until),
        _country("--buyer", buyer),
        _country("--seller", seller),
        _choice("--status", status, DealStatus),
        platform,
    )
    store = load_store(ctx)
    _known("--platform", platform, store.ids(Kind.PLATFORMS))
    table = store.table(Kind.DEALS)
    show(Kind.DEALS, table, queries.deals(table.facets, criteria), fmt, sort, limit)


@app.command()
def agreements(
    ctx: typer.Context,
    year: YearOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    status: Annotated[str | None, typer.Option(help="signed, in-force, expired, ...")] = None,
    party: Annotated[str | None, typer.Option(help="A party (code or name).")] = None,
    kind: Annotated[str | None, typer.Option(help="framework, foundational-agreement, ...")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.TABLE,
    sort: SortOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Agreements, frameworks, joint statements and initiatives.

    --as-of DATE keeps those in force then: begun, not expired, not yet superseded.

    Example: dt agreements --kind foundational-agreement
    """
    from . import queries

    period = _period(year, since, until)
    chosen = (
        _choice("--status", status, AgreementStatus),
        _country("--party", party),
        _choice("--kind", kind, AgreementKind),
        _as_of(as_of),
    )
    table = load_store(ctx).table(Kind.AGREEMENTS)
    show(
        Kind.AGREEMENTS, table, queries.agreements(table.facets, period, *chosen), fmt, sort, limit
    )


def _as_of(text: str | None) -> Any:
    from .queries import span_of

    return span_of(parsed("--as-of", text, parse_date))


def _known(option: str, record_id: str | None, ids: set[str]) -> None:
    """A usage error, with suggestions, when an option names an id that does not exist."""
    if record_id is None or record_id in ids:
        return
    import difflib

    close = difflib.get_close_matches(record_id, list(ids), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    kind = option.lstrip("-")
    raise typer.BadParameter(f"no {kind} {record_id!r}{hint}", param_hint=f"'{option}'")
