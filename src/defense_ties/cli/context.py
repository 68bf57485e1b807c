"""What every command shares: the chosen knowledge base, opened once per call."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase
    from ..reading.problems import Problem
    from ..storing.store import Store


def unwritable(path: Path, exc: OSError, param_hint: str) -> typer.BadParameter:
    """A usage error (exit 2) in one line: why `path` cannot be written."""
    reason = f"cannot write {str(path)!r}: {exc.strerror or exc}"
    return typer.BadParameter(reason, param_hint=param_hint)


def open_store(ctx: typer.Context, trust_cache: bool = True) -> tuple[Store, list[Problem]]:
    """The chosen knowledge base, cached or loaded; a missing data folder is a usage error.
    `trust_cache=False`: read every file (what `dt validate` does)."""
    from ..reading.paths import DataDirError
    from ..storing.store import open_store as open_
    from .progress import LoadProgress

    options = ctx.find_root().obj or {}
    progress = LoadProgress()
    try:
        return open_(options["data_dir"], not options.get("no_cache"), progress, trust_cache)
    except DataDirError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--data-dir'") from None
    finally:
        progress.close()


def load_store(ctx: typer.Context) -> Store:
    """The knowledge base, or every problem reported on stderr and exit 1."""
    store, problems = open_store(ctx)
    if problems:
        from ..reading.problems import InvalidKnowledgeBase

        typer.echo(InvalidKnowledgeBase(problems).report(), err=True)
        from ..reading.paths import default_data_dir

        data_dir = ctx.find_root().obj["data_dir"]
        given = "" if data_dir == default_data_dir() else f" --data-dir {str(data_dir)!r}"
        typer.echo(
            f"dt: the knowledge base is invalid; run `dt{given} validate` for details", err=True
        )
        raise typer.Exit(1)
    return store


def load_kb(ctx: typer.Context) -> KnowledgeBase:
    """The knowledge base as models (for commands that need more than a listing)."""
    return load_store(ctx).knowledge_base()
