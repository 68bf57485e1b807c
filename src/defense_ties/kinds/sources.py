"""Sources: the pages records cite. Not listed on their own; shown, searched and exported."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from pydantic import Field

from ..core import declaration as declare
from ..core.declaration import Column, Declaration, Filter, attr
from ..core.fields import Date, Text, Url
from ..core.filters import fold_title
from ..core.knowledge_base import KnowledgeBase
from ..core.listing import FilterSpec
from ..core.records import Record

# Hosts of primary publications: governments, ministries, armed forces, agencies, embassies.
PRIMARY_SUFFIXES = (".gov", ".mil", ".gov.in", ".nic.in", ".gov.au", ".go.jp", ".gc.ca")


class Source(Record):
    record_kind: ClassVar[str] = "sources"
    title: Text = Field(description="the page's own headline")
    publisher: Text = Field(description="who published it: outlet, ministry, agency")
    published: Date = Field(description="when it was published, as precise as the page states")
    url: Url = Field(description="the address it was read at")
    retrieved: Date | None = Field(default=None, description="when it was read")

    @property
    def primary(self) -> bool:
        """Published by a government, its ministries, armed forces, agencies or embassies
        (by the address's host)."""
        host = urlsplit(self.url).hostname or ""
        return any(host.endswith(suffix) or host == suffix[1:] for suffix in PRIMARY_SUFFIXES)


def _cited_by(kb: KnowledgeBase, s: Source) -> list[str]:
    return [r.id for r, _ in kb.referring(s.id)]


DECLARATION: Declaration[Any] = Declaration(
    name="sources",
    singular="source",
    model=Source,
    label=lambda s: s.title,
    summary="The pages records cite: title, publisher, publication date, address; "
    "--format csl-json, bibtex or ris gives them for a reference manager.",
    scope="every page a record cites, and only those.",
    example="dt sources --publisher 'Press Information Bureau' --format ris",
    label_column="title",
    facets=("publisher",),
    columns=(
        attr("id", shown=True),
        attr("published", shown=True),
        attr("publisher", shown=True),
        attr("title", shown=True),
        attr("url"),
        attr("retrieved"),
        Column("primary", lambda kb, s: "yes" if s.primary else "no"),
        Column("cited_by", lambda kb, s: list(dict.fromkeys(_cited_by(kb, s)))),
        attr("notes"),
    ),
    default_sort="published",
    filters=(
        *declare.period(declare.dated(lambda s: s.published), "sources published"),
        Filter(
            FilterSpec(
                "publisher",
                "Only sources of this publisher (any part of the name, any case).",
                "publisher",
                "title",
                "has-titles",
                "NAME",
            ),
            lambda kb, s: [fold_title(s.publisher)],
        ),
        Filter(
            FilterSpec(
                "primary",
                "Only primary sources (government, armed forces, agencies).",
                "primary",
                "flag",
                "is-true",
                "",
            ),
            lambda kb, s: s.primary,
        ),
        declare.names(
            "cited-by", "Only sources this record cites (id).", "", lambda kb, s: _cited_by(kb, s)
        ),
    ),
)
