"""CSV: a header row, then one row per record; lists joined with '; '; text cells that
start like a spreadsheet formula neutralised (see safe_text)."""

from __future__ import annotations

import csv
from typing import TextIO

from ..safe_text import csv_cell
from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    fields = listing.fields
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in listing.rows:
        writer.writerow([_cell(row.get(k)) for k in fields])


def _cell(value: object) -> object:
    return csv_cell("; ".join(value) if isinstance(value, list) else value)
