"""Shell completion of option values and ids: choices from the listing specs, ids from the
cached knowledge base (fast when warm; nothing is offered when it cannot be read)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import typer

Completer = Callable[[typer.Context, str], list[str]]


def choices(values: Sequence[str]) -> Completer:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete.lower())]

    return complete


def ids(kind: str | None = None) -> Completer:
    """Ids of records of `kind` (None: every kind) that start with what was typed."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            from ..kinds import names
            from ..reading.paths import default_data_dir
            from ..storing.store import open_store

            options = ctx.find_root().params
            given = options.get("data_dir")  # text while completing: not converted yet
            store, problems = open_store(Path(given) if given else default_data_dir())
            if problems:
                return []
            found = set().union(*(store.ids(k) for k in ([kind] if kind else names())))
        except Exception:  # completion must never fail the shell  # noqa: BLE001
            return []
        return sorted(i for i in found if i.startswith(incomplete))

    return complete


def countries(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..core.iso_codes import COUNTRIES

    return sorted(c for c in COUNTRIES if c.startswith(incomplete.upper()))
