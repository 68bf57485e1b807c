"""The `dt` command: global options, `validate`, `stats`, the commands of the other cli
modules and one listing command per listed kind; the entry point with its exit codes.

Exit codes: 0 success; 1 the knowledge base has problems; 2 a bad command line (unknown option,
bad value, unknown id, missing data folder); 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import curate, explore, export, schema
from .context import load_kb, unwritable
from .listings import add_listing_commands

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase
    from ..core.listing import ListingSpec


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from ..reading.paths import default_data_dir
        from ..reading.release import read_release

        typer.echo(f"dt {version('defense-ties')}")
        release, _ = read_release(default_data_dir())
        if release is not None:
            typer.echo(f"data {release.version} (released {release.released})")
        raise typer.Exit()


def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="DT_DATA_DIR",
            show_envvar=True,
            help="Knowledge base folder (default: the bundled data).",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="DT_NO_CACHE",
            show_envvar=True,
            help="Read the YAML files even if a fresh cache exists (and write none).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Query a sourced knowledge base of defence relations between countries."""
    from ..reading.paths import default_data_dir

    ctx.obj = {"data_dir": data_dir or default_data_dir(), "no_cache": no_cache}


def validate(
    ctx: typer.Context,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Unsupported fields not listed in reviewed-unsupported.txt (in the data "
            "folder) are errors (exit 1), and so are a listed field that is now supported and "
            "every other warning (a gap in a numbered series).",
        ),
    ] = False,
    no_support_check: Annotated[
        bool,
        typer.Option(
            "--no-support-check",
            help="Skip checking that the quotes state each field (faster: files, fields, "
            "references, dates and statuses only).",
        ),
    ] = False,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="Check only the record files changed since REV (git; default HEAD) and "
            "untracked ones, fully, and the rest as far as their checks need: a pull "
            "request's check in a fraction of the time.",
        ),
    ] = False,
    rev: Annotated[
        str | None,
        typer.Argument(metavar="[REV]", help="With --changed: the git revision to compare with."),
    ] = None,
) -> None:
    """Check every record; print each problem as path:line:col: field: message [code].

    Always reads every file (never trusts the cache); refreshes the cache when all is well.
    Then checks that a quote of its citations states each date, amount, quantity, person and
    place: a field none states is reported [unsupported], a warning unless --strict.

    Example: dt validate --strict
    """
    from ..api.validation import validate as check
    from ..core.text import escape
    from ..reading.paths import DataDirError
    from ..reading.problems import InvalidKnowledgeBase
    from .progress import LoadProgress

    if strict and no_support_check:
        raise typer.BadParameter("--strict needs the support check", param_hint="'--strict'")
    if rev is not None and not changed:
        raise typer.BadParameter("a revision needs --changed", param_hint="'REV'")
    options = ctx.find_root().obj
    progress = LoadProgress()
    try:
        if changed:
            found = _changed(options["data_dir"], rev or "HEAD", not no_support_check)
        else:
            found = check(
                options["data_dir"], not options.get("no_cache"), not no_support_check, progress
            )
    except DataDirError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--data-dir'") from None
    finally:
        progress.close()
    if found.problems:
        typer.echo(InvalidKnowledgeBase(found.problems).report())
        raise typer.Exit(1)
    for line in [*found.advice, *found.unsupported.values()]:
        typer.echo(line)
    for line in found.stale_lines():
        typer.echo(escape(line))
    typer.echo(found.summary(), err=True)
    if not found.ok(strict):
        typer.echo(found.strict_failure(), err=True)
        raise typer.Exit(1)


def _changed(data_dir: Path, rev: str, support_check: bool) -> Any:
    from ..curating.changed import validate_changed
    from ..curating.history import HistoryError

    try:
        return validate_changed(data_dir, rev, support_check)
    except (HistoryError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="'--changed'") from None


def stats(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv or markdown.")
    ] = "table",
    value_kind: Annotated[
        str,
        typer.Option(
            "--value-kind",
            metavar="KIND",
            help="The values charted by year: contract (signed deals, not cancelled; the "
            "default), notification, approval, estimate or reported.",
        ),
    ] = "contract",
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            metavar="FILE",
            help="Also draw the values by year as a bar chart in FILE (.svg or .png); needs "
            "matplotlib: pip install 'defense-ties[chart]'.",
        ),
    ] = None,
    stack: Annotated[
        bool,
        typer.Option(
            "--stack",
            help="With --chart: every value kind, stacked in its own colour (each kind's "
            "bars as dt stats --value-kind KIND counts them).",
        ),
    ] = False,
    include_unstated: Annotated[
        bool,
        typer.Option(
            "--include-unstated",
            help="Count values no quote of their citations states (marked † in listings); "
            "by default they are listed apart, not counted.",
        ),
    ] = False,
) -> None:
    """Records per kind, coverage (dating, citations, primary sources) and deal values by
    year for one value kind, charted with every year of the range; every deal in a year's
    scope that is not counted is named, with the reason.

    Example: dt stats --value-kind notification
    """
    from ..core.vocab import ValueKind
    from ..querying.stats import coverage
    from ..rendering.stats_chart import FORMATS, render

    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        raise typer.BadParameter(f"{fmt!r} is not one of: {choices}", param_hint="'--format'")
    kinds = [k.value for k in ValueKind]
    if value_kind.lower() not in kinds:
        message = f"{value_kind!r} is not one of: {', '.join(kinds)}"
        raise typer.BadParameter(message, param_hint="'--value-kind'")
    if chart is not None and chart.suffix.lower() not in (".svg", ".png"):
        message = f"{chart.name!r}: the chart is written as .svg or .png"
        raise typer.BadParameter(message, param_hint="'--chart'")
    from ..reading.release import release_info

    kb = load_kb(ctx)
    release = release_info(ctx.find_root().obj["data_dir"])
    figures = coverage(kb, ValueKind(value_kind.lower()), include_unstated, release)
    render(figures, fmt, sys.stdout)
    if chart is not None:
        _chart(kb, figures, chart, stack, include_unstated)


def _chart(
    kb: KnowledgeBase, figures: dict[str, Any], path: Path, stack: bool, unstated: bool
) -> None:
    """Draw the chart file (every value kind stacked, or the one charted)."""
    from ..core.text import escape
    from ..core.vocab import ValueKind
    from ..querying.stats import value_by_year
    from ..rendering.chart_file import ChartError, draw

    series = (
        {k.value: value_by_year(kb, k, unstated) for k in ValueKind}
        if stack
        else {figures["value_kind"]: figures["value_by_year"]}
    )
    title = (
        "Deal values by year and value kind (each kind apart: not one total)"
        if stack
        else figures["value_title"]
    )
    try:
        draw(series, title, path)
    except ChartError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--chart'") from None
    except OSError as exc:
        raise unwritable(path, exc, "'--chart'") from None
    typer.echo(f"wrote the chart to {escape(str(path))}", err=True)


def build_app(specs: list[ListingSpec]) -> typer.Typer:
    """The `dt` application with a listing command for each spec."""
    app = typer.Typer(
        name="dt",
        help="Query a sourced knowledge base of defence relations between countries.\n\n"
        "Example: dt meetings --year 2025",
        no_args_is_help=True,
        add_completion=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.callback()(main_options)
    app.command()(validate)
    add_listing_commands(app, specs)
    explore.register(app)
    app.command()(stats)
    export.register(app)
    schema.register(app)
    curate.register(app)
    return app


def default_app(args: list[str]) -> typer.Typer:
    """The application for this command line: with --no-cache or DT_NO_CACHE, the listing
    specs too are built afresh and nothing is written."""
    import os

    from ..storing.listings import listing_specs

    bare = build_app([])
    if _command_of(args) in _names(bare) and not {"--help", "-h"} & set(args):
        return bare  # `dt validate`, `dt fmt` ...: the listings' specs (every model) not needed
    no_cache = os.environ.get("DT_NO_CACHE", "").lower() in ("1", "true", "yes")
    return build_app(listing_specs(use_cache=not (no_cache or "--no-cache" in args)))


def _command_of(args: list[str]) -> str | None:
    """The command a command line names: its first word that is no option or option value."""
    value = False
    for arg in args:
        if value:
            value = False
        elif arg == "--data-dir":
            value = True
        elif not arg.startswith("-"):
            return arg
    return None


def _names(app: typer.Typer) -> set[str]:
    """The commands an application has without its listings."""
    found = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    return {name.replace("_", "-") for name in found} - {""}
