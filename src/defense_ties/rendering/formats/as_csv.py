"""CSV: a header row, then one row per record; lists joined with '; '; text cells that
start like a spreadsheet formula neutralised (see safe_text)."""

from __future__ import annotations

import csv
from typing import TextIO

from ..safe_text import csv_cell
from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(listing.fields), lineterminator="\n")
    writer.writeheader()
    for row in listing.rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: object) -> object:
    return csv_cell("; ".join(value) if isinstance(value, list) else value)
