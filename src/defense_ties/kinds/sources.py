"""Sources: the pages records cite. Not listed on their own; shown, searched and exported."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from ..core.declaration import Declaration
from ..core.fields import Date, Text, Url
from ..core.records import Record

# Hosts of primary publications: governments, ministries, armed forces, agencies, embassies.
PRIMARY_SUFFIXES = (".gov", ".mil", ".gov.in", ".nic.in", ".gov.au", ".go.jp", ".gc.ca")


class Source(Record):
    record_kind: ClassVar[str] = "sources"
    title: Text
    publisher: Text
    published: Date
    url: Url
    retrieved: Date | None = None

    @property
    def primary(self) -> bool:
        """Published by a government, its ministries, armed forces, agencies or embassies
        (by the address's host)."""
        host = urlsplit(self.url).hostname or ""
        return any(host.endswith(suffix) or host == suffix[1:] for suffix in PRIMARY_SUFFIXES)


DECLARATION = Declaration(name="sources", singular="source", model=Source, label=lambda s: s.title)
