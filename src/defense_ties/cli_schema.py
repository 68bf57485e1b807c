"""`dt schema`: the JSON Schema of each record kind, for editors (see CONTRIBUTING.md)."""

from pathlib import Path
from typing import Annotated

import typer

from .cli import app
from .vocab import Kind


@app.command("schema")
def schema(
    kind: Annotated[
        Kind | None,
        typer.Argument(
            metavar="[KIND]",
            help="sources, rates, officials, platforms, agreements, deals or meetings; "
            "all kinds, as one object, when left out.",
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

    from .schema import all_schemas, file_name, record_schema, schema_text

    if out is None:
        sys.stdout.write(schema_text(record_schema(kind) if kind else all_schemas()))
        return
    kinds = [kind] if kind else list(Kind)
    parent = out.absolute().parent
    if not parent.is_dir():
        raise typer.BadParameter(f"folder {str(parent)!r} does not exist", param_hint="'--out'")
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{str(out)!r} is not a folder", param_hint="'--out'")
    try:
        out.mkdir(exist_ok=True)
        for k in kinds:
            (out / file_name(k)).write_text(schema_text(record_schema(k)), encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise typer.BadParameter(
            f"cannot write to {str(out)!r}: {reason}", param_hint="'--out'"
        ) from None
    typer.echo(f"wrote {len(kinds)} schema file(s) to {out}", err=True)
