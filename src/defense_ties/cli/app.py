"""The `dt` command: global options, `validate`, `stats`, the commands of the other cli
modules and one listing command per listed kind; the entry point with its exit codes.

Exit codes: 0 success; 1 the knowledge base has problems; 2 a bad command line (unknown option,
bad value, unknown id, missing data folder); 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import explore, export, schema
from .context import load_kb, open_store
from .listings import add_listing_commands

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase
    from ..core.listing import ListingSpec


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"dt {version('defense-ties')}")
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
) -> None:
    """Check every record; print each problem as path:line:col: field: message [code].

    Always reads every file (never trusts the cache); refreshes the cache when all is well.
    Then checks that a quote of its citations states each date, amount, quantity, person and
    place: a field none states is reported [unsupported], a warning unless --strict.

    Example: dt validate --strict
    """
    from ..core.text import escape
    from ..reading.problems import InvalidKnowledgeBase
    from ..reading.reviewed import REVIEWED, read_reviewed

    store, problems = open_store(ctx, trust_cache=False)
    data_dir = ctx.find_root().obj["data_dir"]
    reviewed, unreadable = read_reviewed(data_dir)
    problems = [*problems, *unreadable]
    if problems:
        typer.echo(InvalidKnowledgeBase(problems).report())
        raise typer.Exit(1)
    if strict and no_support_check:
        raise typer.BadParameter("--strict needs the support check", param_hint="'--strict'")
    kb = store.knowledge_base()
    advice = _advisories(data_dir, kb)
    for line in advice:
        typer.echo(line)
    found = {} if no_support_check else _unsupported(data_dir, kb)
    for line in found.values():
        typer.echo(line)
    new = [key for key in found if key not in reviewed]
    stale = [] if no_support_check else [key for key in reviewed if key not in found]
    for key in stale:
        line = f"{REVIEWED}: {key}: listed as unsupported but now stated: remove it [stale]"
        typer.echo(escape(line))
    typer.echo(_summary(store.count, len(advice), len(found), len(new), len(stale)), err=True)
    if strict and (new or stale or advice):
        typer.echo(
            f"dt: --strict: {len(new)} unsupported field(s) not in {REVIEWED}, "
            f"{len(stale)} listed there but stated, {len(advice)} other warning(s)",
            err=True,
        )
        raise typer.Exit(1)


def _summary(count: int, advice: int, unsupported: int, new: int, stale: int) -> str:
    """`ok: N records, no errors` and, apart, what it warned of."""
    warnings = []
    if unsupported:
        warnings.append(
            f"{unsupported} unsupported field{'s' * (unsupported != 1)} "
            f"({unsupported - new} reviewed)"
        )
    if stale:
        warnings.append(f"{stale} reviewed line{'s' * (stale != 1)} now stated")
    if advice:
        warnings.append(f"{advice} other warning{'s' * (advice != 1)}")
    if not warnings:
        return f"ok: {count} records, no problems"
    return f"ok: {count} records, no errors; warnings: {', '.join(warnings)}"


def _unsupported(data_dir: Path, kb: KnowledgeBase) -> dict[str, str]:
    """Each field no quote of its citations states: `kind/id.yaml field` -> located line."""
    from ..reading.loading import locator
    from ..reading.provenance import UNSUPPORTED, every_finding

    lines, located = {}, {}
    for f in every_finding(kb):
        if f.status == UNSUPPORTED:
            key = (f.record.record_kind, f.record.id)
            if key not in located:
                located[key] = locator(data_dir, *key)
            message = f"{f.claim.shown!r} is stated by no quote of its citations (see dt why)"
            line = str(located[key](f.claim.path, message, "unsupported"))
            lines[f"{key[0]}/{key[1]}.yaml {f.field}"] = line
    return dict(sorted(lines.items(), key=lambda item: item[1]))


def _advisories(data_dir: Path, kb: KnowledgeBase) -> list[str]:
    """Each kind's warnings (a gap in a numbered series ...) as located lines, in file order."""
    from ..kinds import registry
    from ..reading.loading import locator

    lines = []
    for declaration in registry():
        for record in kb.records.get(declaration.name, {}).values():
            for advise in declaration.advisories:
                for record_id, path, message, code in advise(kb, record):
                    locate = locator(data_dir, declaration.name, record_id)
                    lines.append(str(locate(path, message, code)))
    return sorted(lines)


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
    figures = coverage(load_kb(ctx), ValueKind(value_kind.lower()), include_unstated)
    render(figures, fmt, sys.stdout)


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
    return app


def default_app(args: list[str]) -> typer.Typer:
    """The application for this command line: with --no-cache or DT_NO_CACHE, the listing
    specs too are built afresh and nothing is written."""
    import os

    from ..storing.listings import listing_specs

    no_cache = os.environ.get("DT_NO_CACHE", "").lower() in ("1", "true", "yes")
    return build_app(listing_specs(use_cache=not (no_cache or "--no-cache" in args)))
