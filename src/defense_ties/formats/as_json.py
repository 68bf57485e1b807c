"""JSON: a list of full records, stable key order, dates as recorded."""

from __future__ import annotations

import json
from typing import TextIO

from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    out.write(json.dumps(listing.documents(), indent=2, ensure_ascii=False))
    out.write("\n")
