"""CSV: a header row, then one row per record; lists joined with '; '."""

from __future__ import annotations

import csv
from typing import TextIO

from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(listing.fields), lineterminator="\n")
    writer.writeheader()
    for row in listing.rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return value
