"""A rich table of the listing's chosen columns, with a count in the title.

Ids, dates, codes and numbers are never folded: a column whose every cell is one word (or a
list of words, or a number) keeps its widest cell's width; the text columns share the rest and
wrap between words. At 100 columns or fewer the table drops its vertical rules. A terminal
gets its own width; `--format table` on a pipe gets $COLUMNS, else 80.
"""

from __future__ import annotations

import os
from typing import TextIO

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ...core.text import escape
from . import Listing

NARROW = 100  # at this width or less: no vertical rules between columns
MIN_TEXT = 18  # the least width a text column is given; below it, records are stacked


def render(listing: Listing, out: TextIO) -> None:
    shown = len(listing.rows)
    title = f"{listing.title} ({listing.total})"
    if shown < listing.total:
        title = f"{listing.title} ({shown} of {listing.total}; --limit 0 shows all)"
    width = terminal_width(out)
    console = Console(file=out, width=width, markup=False, emoji=False, highlight=False)
    whole = {c: all(_whole(row.get(c)) for row in listing.rows) for c in listing.columns}
    widths = {
        c: max([len(c), *(_longest(row.get(c)) for row in listing.rows)]) if whole[c] else MIN_TEXT
        for c in listing.columns
    }
    if sum(widths.values()) + 3 * len(widths) > width:
        _stacked(listing, console, title)
        return
    table = Table(
        title=Text(title),
        title_justify="left",
        show_lines=False,
        box=box.SIMPLE_HEAD if width <= NARROW else box.HEAVY_HEAD,
        pad_edge=width > NARROW,
    )
    for column in listing.columns:
        header = Text(column.replace("_", " "))
        if whole[column]:
            table.add_column(header, no_wrap=True, min_width=widths[column])
        else:
            table.add_column(header, overflow="fold", ratio=1)
    for row in listing.rows:
        table.add_row(*(_cell(row.get(c)) for c in listing.columns))
    console.print(table)


def _stacked(listing: Listing, console: Console, title: str) -> None:
    """Too narrow for a table: each record as its first cell (the id) on a line of its own,
    then its other cells, labelled, indented below it."""
    console.print(Text(title, style="bold"))
    first, *rest = listing.columns
    for row in listing.rows:
        # whole even when longer than the terminal is wide (the terminal wraps it): an id
        # cut short would be copied wrong
        console.print(Text(escape(str(row.get(first) or "")), style="bold"), soft_wrap=True)
        for column in rest:
            value = row.get(column)
            if value is None or value == []:
                continue
            shown = "; ".join(value) if isinstance(value, list) else _plain(value)
            line = Text.assemble((f"{column.replace('_', ' ')}: ", "dim"), escape(shown))
            console.print(Padding(line, (0, 0, 0, 2)))


def terminal_width(out: TextIO) -> int:
    """The terminal's width; else (a pipe, or a terminal that reports no size, as one without
    a window does) $COLUMNS, else 80."""
    try:
        if out.isatty():
            reported = os.get_terminal_size(out.fileno()).columns
            if reported > 0:
                return reported
    except (AttributeError, ValueError, OSError):
        pass
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 20 else 80


def _whole(value: object) -> bool:
    """A cell that must never be folded: a number, one word, or a list of single words."""
    if value is None or isinstance(value, int | float):
        return True
    if isinstance(value, list):
        return all(" " not in v for v in value)
    return " " not in str(value)


def _longest(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, list):
        return max((len(v) for v in value), default=0)
    return len(_number(value) if isinstance(value, int | float) else str(value))


def _plain(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return str(value)


def _number(value: int | float) -> str:
    return f"{value:,}"


def _cell(value: object) -> Text:
    """Cell text, never read as rich markup, escaped; numbers with separators, lists one per
    line."""
    if value is None:
        return Text("")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Text(_number(value), justify="right")
    if isinstance(value, list):
        return Text(escape("\n".join(value), keep_lines=True))
    return Text(escape(str(value), keep_lines=True))
