"""A rich table of the listing's chosen columns, with a count in the title."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    shown = len(listing.rows)
    title = f"{listing.title} ({listing.total})"
    if shown < listing.total:
        title = f"{listing.title} ({shown} of {listing.total}; --limit 0 shows all)"
    table = Table(title=Text(title), title_justify="left", show_lines=False)
    for column in listing.columns:
        header = column.replace("_", " ")
        table.add_column(Text(header), overflow="fold", no_wrap=column == "date")
    for row in listing.rows:
        table.add_row(*(_cell(row.get(c)) for c in listing.columns))
    # A terminal gets its own width; a pipe or file gets room enough not to fold every cell.
    wide = out.isatty() or "COLUMNS" in os.environ
    console = Console(
        file=out, width=None if wide else 160, markup=False, emoji=False, highlight=False
    )
    console.print(table)


def _cell(value: object) -> Text:
    """Cell text, never read as rich markup; numbers with separators, lists one per line."""
    if value is None:
        return Text("")
    if isinstance(value, int) and not isinstance(value, bool):
        return Text(f"{value:,}", justify="right")
    if isinstance(value, list):
        return Text("\n".join(value))
    return Text(str(value))
