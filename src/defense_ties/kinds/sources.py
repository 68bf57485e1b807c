"""Sources: the pages records cite. Not listed on their own; shown, searched and exported."""

from __future__ import annotations

from typing import ClassVar

from ..core.declaration import Declaration
from ..core.fields import Date, Text, Url
from ..core.records import Record


class Source(Record):
    record_kind: ClassVar[str] = "sources"
    title: Text
    publisher: Text
    published: Date
    url: Url
    retrieved: Date | None = None


DECLARATION = Declaration(name="sources", singular="source", model=Source, label=lambda s: s.title)
