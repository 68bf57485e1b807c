"""CSV: a header row, then one row per record; lists joined with '; '."""

from __future__ import annotations

import csv
from typing import TextIO

from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(listing.fields), lineterminator="\n")
    writer.writeheader()
    for row in listing.rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
