"""Listing commands, one per record kind: parse options, filter with `queries`, render."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from .cli import app, load_kb
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


def show(
    kind: Kind, kb: Any, records: Sequence[Any], fmt: Format, sort: str | None, limit: int | None
) -> None:
    """Sort, limit and render records of one kind to stdout."""
    from .formats import Listing, emit
    from .views import VIEWS, document

    view = VIEWS[kind]
    key = sort or view.default_sort
    field = key.lstrip("-")
    if field not in view.fields:
        raise typer.BadParameter(
            f"{field!r} is not a field of {kind.value}: use one of {', '.join(view.fields)}",
            param_hint="'--sort'",
        )
    pairs = [(view.row(kb, r), r) for r in records]
    pairs.sort(key=lambda pair: pair[0]["id"])
    present = [p for p in pairs if p[0][field] is not None]
    present.sort(key=lambda pair: pair[0][field], reverse=key.startswith("-"))
    pairs = present + [p for p in pairs if p[0][field] is None]
    total = len(pairs)
    if limit:
        pairs = pairs[:limit]
    listing = Listing(
        view.title,
        view.fields,
        view.table_columns,
        [p[0] for p in pairs],
        lambda: [document(kb, r, view) for _, r in pairs],
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
    kb = load_kb(ctx)
    if official is not None and official not in kb.officials:
        raise typer.BadParameter(
            f"no official {official!r}{_suggest(official, kb.officials)}", param_hint="'--official'"
        )
    show(Kind.MEETINGS, kb, queries.meetings(kb, period, who, official), fmt, sort, limit)


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

    who, when = _country("--country", country), parsed("--as-of", as_of, parse_date)
    kb = load_kb(ctx)
    show(Kind.OFFICIALS, kb, queries.officials(kb, who, when), fmt, sort, limit)


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
    cat, when = _choice("--category", category, Category), parsed("--as-of", as_of, parse_date)
    kb = load_kb(ctx)
    show(Kind.PLATFORMS, kb, queries.platforms(kb, origin, user, cat, when), fmt, sort, limit)


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
    kb = load_kb(ctx)
    if platform is not None and platform not in kb.platforms:
        raise typer.BadParameter(
            f"no platform {platform!r}{_suggest(platform, kb.platforms)}", param_hint="'--platform'"
        )
    show(Kind.DEALS, kb, queries.deals(kb, criteria), fmt, sort, limit)


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
        parsed("--as-of", as_of, parse_date),
    )
    kb = load_kb(ctx)
    show(Kind.AGREEMENTS, kb, queries.agreements(kb, period, *chosen), fmt, sort, limit)


def _suggest(text: str, choices: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(text, list(choices), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""
