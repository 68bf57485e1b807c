"""`dt export`: every record as an SQLite database, a folder of CSV files, or one JSON file."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .context import load_kb, load_store, unwritable

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase


class ExportFormat(StrEnum):
    SQLITE = "sqlite"
    CSV = "csv"
    JSON = "json"


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="The file (a folder for csv; - for JSON on stdout). Only an earlier export "
            "of dt there is replaced, whole or not at all.",
            show_default=False,
        ),
    ],
    to: Annotated[
        ExportFormat | None,
        typer.Option(
            "--to",
            case_sensitive=False,
            show_default=False,
            help="Required. sqlite: one database file; csv: a folder with one file per table; "
            "json: one document.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the file PATH even if it is not an earlier export of dt (never a "
            "device, a FIFO or a folder; a CSV folder is written into only if empty or an "
            "earlier export, and its other files are kept).",
        ),
    ] = False,
) -> None:
    """Export every record: a table per kind plus link tables (SQLite, CSV), or JSON. An
    SQLite export comes with its Datasette metadata beside it (NAME.metadata.json: titles,
    descriptions, labels, facets, ready queries): datasette NAME.db -m NAME.metadata.json

    Example: dt export --to sqlite defense-ties.db
    """
    import sqlite3
    import sys

    from ..core.text import escape
    from ..kinds import names
    from ..rendering.export_files import (
        TargetError,
        check_metadata,
        check_target,
        metadata_path,
        stream_json,
        write_json,
    )

    if to is None:
        choices = ", ".join(ExportFormat)
        raise typer.BadParameter(f"missing: give one of {choices}", param_hint="'--to'")
    to_stdout = to is ExportFormat.JSON and str(path) == "-"
    if str(path) == "-" and not to_stdout:
        message = f"{to.value} cannot go to standard output: give a file name (- is for json)"
        raise typer.BadParameter(message, param_hint="'PATH'")
    try:
        if not to_stdout:
            check_target(to.value, path, force)
        if to is ExportFormat.SQLITE:
            check_metadata(metadata_path(path), force)
    except (TargetError, OSError) as exc:
        raise _bad_path(path, exc) from None
    if to is ExportFormat.JSON:  # kind by kind, from the cache when it is fresh
        store = load_store(ctx)
        kinds = ((name, store.documents(name)) for name in names())
        try:
            if to_stdout:
                stream_json(kinds, sys.stdout, _release(ctx))
                sys.stdout.flush()  # a reader that went away ends dt quietly, before the summary
            else:
                write_json(kinds, path, _release(ctx))
        except OSError as exc:  # disk full, read-only ...
            if to_stdout:
                raise
            raise _bad_path(path, exc) from None
        where = "stdout" if to_stdout else escape(str(path))
        typer.echo(f"wrote {store.count} records to {where}", err=True)
        return
    kb = load_kb(ctx)
    try:
        detail = _write(kb, to, path, _release(ctx))
    except (OSError, sqlite3.OperationalError, TargetError) as exc:  # disk full, read-only ...
        raise _bad_path(path, exc) from None
    typer.echo(f"wrote {len(kb)} records to {escape(str(path))}{detail}", err=True)


def _bad_path(path: Path, exc: Exception) -> typer.BadParameter:
    """A usage error (exit 2) in one line: why PATH cannot take the export."""
    if isinstance(exc, OSError):
        return unwritable(path, exc, "'PATH'")
    return typer.BadParameter(str(exc), param_hint="'PATH'")


def _release(ctx: typer.Context) -> dict[str, str] | None:
    from ..reading.release import release_info

    return release_info(ctx.find_root().obj["data_dir"])


def _write(
    kb: "KnowledgeBase", to: ExportFormat, path: Path, release: dict[str, str] | None
) -> str:
    """Write the export; return what to add to the summary line."""
    from ..rendering.export_files import write_csv, write_sqlite
    from ..rendering.export_tables import tables

    found = tables(kb, release)
    detail = f" ({len(found)} tables, {sum(len(t.rows) for t in found):,} rows)"
    if to is ExportFormat.CSV:
        write_csv(found, path)
        return detail
    from ..core.text import escape
    from ..rendering.datasette import metadata
    from ..rendering.export_files import metadata_path, write_metadata

    write_sqlite(found, path)
    beside = metadata_path(path)
    write_metadata(metadata(path.stem), beside)
    return f"{detail}; Datasette metadata in {escape(str(beside))}"
