"""Output formats: each renders a Listing to a text stream; `emit` picks one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TextIO

Row = dict[str, Any]  # column -> cell: text, a number, None or a list of texts


class Format(StrEnum):
    TABLE = "table"
    TSV = "tsv"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    IDS = "ids"
    CSL_JSON = "csl-json"  # the sources the records cite, for a reference manager
    BIBTEX = "bibtex"
    RIS = "ris"


CITATIONS = {Format.CSL_JSON, Format.BIBTEX, Format.RIS}


@dataclass
class Listing:
    """What a listing command found: rows for tables and CSV, documents for JSON."""

    title: str
    fields: tuple[str, ...]  # every row key, in order: CSV's header
    columns: tuple[str, ...]  # the columns a table shows
    rows: list[Row]
    documents: Callable[[], list[str]]  # each record as JSON text (see core.json_text)
    total: int  # matches before --limit
    chosen: bool = False  # --columns named the fields: CSV and JSON give only those


def default_format(out: TextIO) -> Format:
    """A table for a terminal; tab-separated rows for a pipe or a file."""
    try:
        return Format.TABLE if out.isatty() else Format.TSV
    except (AttributeError, ValueError):
        return Format.TSV


def emit(fmt: Format, listing: Listing, out: TextIO) -> None:
    if fmt is Format.JSON:
        from .as_json import render
    elif fmt is Format.CSV:
        from .as_csv import render
    elif fmt is Format.MARKDOWN:
        from .as_markdown import render
    elif fmt is Format.IDS:
        from .as_ids import render
    elif fmt is Format.TSV:
        from .as_tsv import render
    else:
        from .as_table import render
    render(listing, out)
