"""Curating commands: `fmt` (the canonical layout), `new` (a record from its kind's
declaration), `diff` and `log` (what changed, from git)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .context import unwritable


def register(app: typer.Typer) -> None:
    app.command("fmt")(fmt)
    app.command("new")(new)
    app.command("diff")(diff)
    app.command("log")(log)


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


def new(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(metavar="KIND", help="meeting, deal, official, ... (or its folder name)."),
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="Its title or name; its words make the id.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Its date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", help="A source's publisher (the id starts with it)."),
    ] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="The id, instead of the one proposed.")
    ] = None,
    like: Annotated[
        str | None, typer.Option("--from", metavar="ID", help="Start from this similar record.")
    ] = None,
) -> None:
    """Write a new record file from its kind's declaration: every field with its meaning and
    allowed values as a comment, the required ones first (`null` until you fill them), the id
    proposed by the kind's rule. Never overwrites: an id in use is refused.

    Example: dt new meeting --title "Hegseth Rajnath Singh New Delhi" --date 2026-06-01
    """
    from ..core.text import escape
    from ..core.values import BadValue, parse_date, parse_id
    from ..curating.template import TemplateError, copy_of, propose_id, template
    from ..kinds import registry
    from ..reading.problems import display_path

    found = next((d for d in registry() if kind in (d.name, d.singular)), None)
    if found is None:
        kinds = ", ".join(d.singular for d in registry())
        raise typer.BadParameter(f"{kind!r} is not a kind: one of {kinds}", param_hint="'KIND'")
    try:
        if date is not None:
            date = str(parse_date(date))
        chosen = (
            parse_id(record_id) if record_id else propose_id(found.name, title, date, publisher)
        )
    except (BadValue, TemplateError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="'--title'") from None
    data_dir: Path = ctx.find_root().obj["data_dir"]
    text = template(found, chosen, title, date)
    if like is not None:
        text = copy_of(_record_text(data_dir, like), chosen, title, date)
    target = data_dir / found.name / f"{chosen}.yaml"
    taken = [p for p in data_dir.glob(f"*/{chosen}.yaml")]
    if taken:
        shown = escape(display_path(taken[0]))
        raise typer.BadParameter(
            f"id {chosen!r} is in use ({shown}): give --id", param_hint="'--id'"
        )
    try:
        target.parent.mkdir(exist_ok=True)
        with open(target, "x", encoding="utf-8") as f:  # never over a file
            f.write(text)
    except OSError as exc:
        raise unwritable(target, exc, "'KIND'") from None
    typer.echo(escape(display_path(target)))


def _record_text(data_dir: Path, record_id: str) -> str:
    """The YAML of the record `record_id`, read under the data folder's rules."""
    from ..reading.files import EDIT_LIMIT, read_regular

    found = sorted(data_dir.glob(f"*/{record_id}.yaml"))
    if not found:
        raise typer.BadParameter(f"no record with id {record_id!r}", param_hint="'--from'")
    try:
        return read_regular(str(found[0]), limit=EDIT_LIMIT).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(
            f"cannot read {record_id!r}: {exc}", param_hint="'--from'"
        ) from None


def _repository(ctx: typer.Context) -> object:
    from ..curating.history import HistoryError, Repository

    try:
        return Repository.of(ctx.find_root().obj["data_dir"])
    except (HistoryError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="'--data-dir'") from None


def diff(
    ctx: typer.Context,
    old: Annotated[
        str, typer.Argument(metavar="[OLD]", help="A git revision (default: HEAD).")
    ] = "HEAD",
    new: Annotated[
        str | None,
        typer.Argument(metavar="[NEW]", help="A git revision (default: the files as they are)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, markdown (release notes) or json.")
    ] = "table",
) -> None:
    """Records added, removed, renamed (the same content under a new id) and changed, each
    changed field with its old and new value, between two git revisions of the data; read
    from git itself, so any clone answers.

    Example: dt diff v2026.11 v2026.12 --format markdown
    """
    from ..core.json_text import json_text
    from ..curating.history import HistoryError, Repository
    from ..curating.history import diff as compare
    from ..rendering.changes import markdown, text

    if fmt not in ("table", "markdown", "json"):
        raise typer.BadParameter(
            f"{fmt!r} is not one of: table, markdown, json", param_hint="'--format'"
        )
    repo = _repository(ctx)
    assert isinstance(repo, Repository)
    try:
        found = compare(repo, old, new).as_data()
    except HistoryError as exc:
        raise typer.BadParameter(str(exc), param_hint="'OLD'") from None
    if fmt == "json":
        sys.stdout.write(json_text(found) + "\n")
    else:
        sys.stdout.write(markdown(found) if fmt == "markdown" else text(found))


def log(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A record's id.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """The commits that touched one record's file, newest first, with their messages.

    Example: dt log 2011-c-17
    """
    from ..core.json_text import json_text
    from ..core.text import escape
    from ..core.values import BadValue, parse_id
    from ..curating.history import HistoryError, Repository
    from ..curating.history import log as history

    try:
        parse_id(record_id)
    except BadValue as exc:
        raise typer.BadParameter(str(exc), param_hint="'ID'") from None
    repo = _repository(ctx)
    assert isinstance(repo, Repository)
    try:
        found = history(repo, record_id)
    except HistoryError as exc:
        raise typer.BadParameter(str(exc), param_hint="'ID'") from None
    if fmt == "json":
        sys.stdout.write(json_text(found) + "\n")
        return
    if not found:
        typer.echo(f"dt: no commit touched a record {record_id!r}", err=True)
    for c in found:
        typer.echo(escape(f"{c['commit'][:12]}  {c['date']}  {c['author']}  {c['subject']}"))
