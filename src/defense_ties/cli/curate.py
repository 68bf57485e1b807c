"""Curating commands: `fmt` (the canonical layout), `new` (a record from its kind's
declaration), `diff` and `log` (what changed, from git)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("fmt")(fmt)


def fmt(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Record files or folders (default: the data folder).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing: name each file that would change, exit 1."),
    ] = False,
) -> None:
    """Put record files in the one canonical layout: keys in the order their kind declares,
    strings plain or quoted as YAML needs, prose folded at 100 columns, short lists in
    brackets, comments kept. A value never changes: each result is read back and compared.

    Example: dt fmt --check
    """
    from ..core.text import escape
    from ..curating.fmt import FormatError, format_file, record_files
    from ..reading.problems import display_path

    data_dir = ctx.find_root().obj["data_dir"]
    changed, failed = 0, 0
    for path in record_files(list(paths or []), data_dir):
        try:
            if format_file(path, check):
                changed += 1
                if check:
                    typer.echo(escape(display_path(path)))
        except (FormatError, OSError) as exc:
            failed += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            typer.echo(escape(f"{display_path(path)}: {reason}"), err=True)
    what = "would change" if check else "formatted"
    typer.echo(f"dt fmt: {changed} file{'s' * (changed != 1)} {what}", err=True)
    if failed or (check and changed):
        raise typer.Exit(1)
    sys.stdout.flush()
