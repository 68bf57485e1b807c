"""`dt schema`: the JSON Schema of each record kind, for editors (see CONTRIBUTING.md)."""

from pathlib import Path
from typing import Annotated

import typer


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

    from ..kinds import registry
    from ..rendering.json_schema import all_schemas, file_name, record_schema, schema_text

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
        for k in kinds:
            (out / file_name(k.name)).write_text(schema_text(record_schema(k)), encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise typer.BadParameter(
            f"cannot write to {str(out)!r}: {reason}", param_hint="'--out'"
        ) from None
    typer.echo(f"wrote {len(kinds)} schema file(s) to {out}", err=True)
