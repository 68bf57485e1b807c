"""Markdown: a pipe table of the table view's columns, to paste into a report."""

from __future__ import annotations

from typing import TextIO

from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    columns = listing.columns
    out.write("| " + " | ".join(c.replace("_", " ") for c in columns) + " |\n")
    out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    for row in listing.rows:
        out.write("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "<br>".join(_escape(v) for v in value)
    return _escape(str(value))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
