"""TSV: what a listing prints to a pipe (like `gh`): a header, then one line per record with
the table's columns separated by tabs; lists joined with ', '; tabs and line breaks inside a
cell become spaces, so a record is always one line for `cut`, `sort` and `awk`."""

from __future__ import annotations

from typing import TextIO

from ...core.text import escape
from . import Listing

_FLAT = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def render(listing: Listing, out: TextIO) -> None:
    out.write("\t".join(listing.columns) + "\n")
    for row in listing.rows:
        out.write("\t".join(_cell(row.get(c)) for c in listing.columns) + "\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = ", ".join(value) if isinstance(value, list) else str(value)
    return escape(text.translate(_FLAT))
