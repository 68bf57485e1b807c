"""JSON: a list of full records, stable key order, dates as recorded.

Each document arrives already serialised (`json.dumps(doc, indent=2)`, cached), so the list is
assembled as text; the output is byte for byte what `json.dumps(docs, indent=2)` writes.
"""

from __future__ import annotations

from typing import TextIO

from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    if listing.chosen:  # --columns: each record as those columns, as the rows hold them
        from ...core.json_text import json_text

        rows = [{k: row.get(k) for k in listing.fields} for row in listing.rows]
        out.write(json_text(rows) + "\n")
        return
    docs = listing.documents()
    if not docs:
        out.write("[]\n")
        return
    out.write("[\n  ")
    out.write(",\n  ".join(doc.replace("\n", "\n  ") for doc in docs))
    out.write("\n]\n")
