"""`dt schema`: the JSON Schema of each record kind, for editors (see CONTRIBUTING.md)."""

from pathlib import Path
from typing import Annotated

import typer

from .context import unwritable


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)


def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="[KIND]",
            help="A kind of record (sources, officials, deals, ...); all kinds, as one object, "
            "when left out.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="DIR", help="Write <kind>.schema.json files into DIR instead."
        ),
    ] = None,
) -> None:
    """JSON Schema of the record files of one kind, or of every kind.

    Example: dt schema deals
    """
    import sys

    from ..core.text import escape
    from ..kinds import registry
    from ..rendering.json_schema import all_schemas, file_name, record_schema, schema_text
    from ..storing.atomic import replacing

    by_name = {d.name: d for d in registry()}
    if kind is not None and kind not in by_name:
        choices = ", ".join(by_name)
        raise typer.BadParameter(f"{kind!r} is not one of: {choices}", param_hint="'KIND'")
    if out is None:
        sys.stdout.write(schema_text(record_schema(by_name[kind]) if kind else all_schemas()))
        return
    kinds = [by_name[kind]] if kind else list(by_name.values())
    parent = out.absolute().parent
    if not parent.is_dir():
        raise typer.BadParameter(f"folder {str(parent)!r} does not exist", param_hint="'--out'")
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{str(out)!r} is not a folder", param_hint="'--out'")
    try:
        out.mkdir(exist_ok=True)
        targets = [(out / file_name(k.name), k) for k in kinds]
        for target, _ in targets:  # checked before anything is written
            _regular_or_absent(target)
        for target, k in targets:
            with replacing(target) as temporary:  # a link is replaced, never written through
                temporary.write_text(schema_text(record_schema(k)), encoding="utf-8")
    except OSError as exc:
        raise unwritable(out, exc, "'--out'") from None
    typer.echo(f"wrote {len(kinds)} schema file(s) to {escape(str(out))}", err=True)


def _regular_or_absent(path: Path) -> None:
    """Refuse to replace anything but a regular file: a link, a FIFO, a folder, a device."""
    import os
    import stat

    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise typer.BadParameter(
            f"{str(path)!r} is not a regular file (a link, folder, FIFO or device); not "
            "replacing it",
            param_hint="'--out'",
        )
