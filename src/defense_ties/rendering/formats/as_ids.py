"""Ids: one record id per line, for shell pipelines."""

from __future__ import annotations

from typing import TextIO

from . import Listing


def render(listing: Listing, out: TextIO) -> None:
    for row in listing.rows:
        out.write(f"{row['id']}\n")
