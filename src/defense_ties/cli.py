"""The `dt` command: global options, `validate`, and the entry point with its exit codes.

Exit codes: 0 success; 1 the knowledge base has problems (or `dt show` found nothing);
2 a bad command line (unknown option, bad value, missing data folder).
"""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase
    from .problems import Problem
    from .store import Store

app = typer.Typer(
    name="dt",
    help="Query a sourced knowledge base of defence relations between countries.\n\n"
    "Example: dt meetings --year 2025",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"dt {version('defense-ties')}")
        raise typer.Exit()


@app.callback()
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
    ctx.obj = {"data_dir": data_dir, "no_cache": no_cache}


def open_store(ctx: typer.Context) -> "tuple[Store, list[Problem]]":
    """The chosen knowledge base, cached or loaded; a missing data folder is a usage error."""
    from .paths import DataDirError, default_data_dir
    from .progress import LoadProgress
    from .store import open_store as open_

    options = ctx.obj or {}
    data_dir = options.get("data_dir") or default_data_dir()
    progress = LoadProgress()
    try:
        return open_(data_dir, not options.get("no_cache"), progress)
    except DataDirError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--data-dir'") from None
    finally:
        progress.close()


def load_store(ctx: typer.Context) -> "Store":
    """The knowledge base, or every problem reported on stderr and exit 1."""
    store, problems = open_store(ctx)
    if problems:
        from .problems import InvalidKnowledgeBase

        typer.echo(InvalidKnowledgeBase(problems).report(), err=True)
        typer.echo("dt: the knowledge base is invalid; run `dt validate` for details", err=True)
        raise typer.Exit(1)
    return store


def load_kb(ctx: typer.Context) -> "KnowledgeBase":
    """The knowledge base as models (for commands that need more than a listing)."""
    return load_store(ctx).knowledge_base()


@app.command()
def validate(ctx: typer.Context) -> None:
    """Check every record; print each problem as path:line:col: field: message [code].

    Example: dt validate --data-dir ./data
    """
    from .problems import InvalidKnowledgeBase

    store, problems = open_store(ctx)
    if problems:
        typer.echo(InvalidKnowledgeBase(problems).report())
        raise typer.Exit(1)
    typer.echo(f"ok: {store.count} records, no problems", err=True)


from . import cli_explore, cli_export, cli_listings, cli_schema  # noqa: E402,F401  (registers their commands)


def main() -> None:
    """Entry point: one-line usage errors (exit 2) and quiet broken pipes."""
    usage_error, click_exception = _click_class("UsageError"), _click_class("ClickException")
    try:
        code = app(standalone_mode=False)
    except usage_error as exc:
        typer.echo(f"dt: error: {exc.format_message()}", err=True)
        code = 2
    except click_exception as exc:
        typer.echo(f"dt: error: {exc.format_message()}", err=True)
        code = exc.exit_code
    except typer.Abort:
        typer.echo("dt: aborted", err=True)
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code if isinstance(code, int) else 0)


def _click_class(name: str) -> type[Exception]:
    """click's exception classes, wherever this typer keeps click (vendored or not)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)


def _silence_stdout() -> None:
    """After the reader went away, point stdout at /dev/null so exit does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@app.command()
def stats(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv or markdown.")
    ] = "table",
) -> None:
    """Coverage (records per kind, date precision, citations) and deal value by year, charted.

    Example: dt stats --format json
    """
    from .stats import coverage
    from .stats_chart import FORMATS, render

    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        raise typer.BadParameter(f"{fmt!r} is not one of: {choices}", param_hint="'--format'")
    render(coverage(load_kb(ctx)), fmt, sys.stdout)
