"""The `dt` command: global options, `validate`, and the entry point with its exit codes.

Exit codes: 0 success; 1 the knowledge base has problems (or `dt show` found nothing);
2 a bad command line (unknown option, bad value, missing data folder).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase
    from .problems import Problem

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
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Query a sourced knowledge base of defence relations between countries."""
    ctx.obj = {"data_dir": data_dir}


def _load(ctx: typer.Context) -> tuple[KnowledgeBase, list[Problem]]:
    """Load the chosen knowledge base; a missing data folder is a usage error (exit 2)."""
    from .loading import DataDirError, load_with_problems
    from .paths import default_data_dir

    data_dir = (ctx.obj or {}).get("data_dir") or default_data_dir()
    try:
        return load_with_problems(data_dir)
    except DataDirError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--data-dir'") from None


def load_kb(ctx: typer.Context) -> KnowledgeBase:
    """Load the knowledge base, or report every problem on stderr and exit 1."""
    from .problems import InvalidKnowledgeBase

    kb, problems = _load(ctx)
    if problems:
        typer.echo(InvalidKnowledgeBase(problems).report(), err=True)
        typer.echo("dt: the knowledge base is invalid; run `dt validate` for details", err=True)
        raise typer.Exit(1)
    return kb


@app.command()
def validate(ctx: typer.Context) -> None:
    """Check every record; print each problem as path:line:col: field: message [code].

    Example: dt validate --data-dir ./data
    """
    from .problems import InvalidKnowledgeBase

    kb, problems = _load(ctx)
    if problems:
        typer.echo(InvalidKnowledgeBase(problems).report())
        raise typer.Exit(1)
    typer.echo(f"ok: {len(kb)} records, no problems", err=True)


from . import cli_explore, cli_listings  # noqa: E402,F401  (registers their commands)


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
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Coverage: records per kind, date precision, deals with a value, citations per record.

    Example: dt stats --format json
    """
    import json

    from .stats import coverage

    if fmt not in ("table", "json"):
        raise typer.BadParameter(f"{fmt!r} is not one of: table, json", param_hint="'--format'")
    figures = coverage(load_kb(ctx))
    if fmt == "json":
        typer.echo(json.dumps(figures, indent=2))
        return
    for kind, count in figures.pop("records").items():
        typer.echo(f"{kind:<12}{count:>8}")
    for name, value in figures.items():
        shown = f"{value:.1%}" if name.endswith("_share") else str(value)
        typer.echo(f"{name.replace('_', ' '):<44}{shown:>8}")
