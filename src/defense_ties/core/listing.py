"""What a listing command needs to parse its options and filter, sort and render a kind's
rows: plain data, built from a kind's declaration and stored with the cache, so that a cached
call runs without importing the kinds' models."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import Any


@dataclass(frozen=True)
class FilterSpec:
    option: str  # without dashes: "country"
    help: str
    key_name: str  # the record's stored key it tests; filters may share one
    parse: str  # a name in filters.PARSERS
    test: str  # a name in filters.TESTS ("held-by:operator" names a companion option)
    metavar: str = "TEXT"
    choices: tuple[str, ...] = ()  # the allowed values, for checking, help and completion
    refers_to: str | None = None  # a kind whose ids the option names: unknown ids are refused
    project: str | None = None  # a name in filters.PROJECTIONS: the option also changes cells


@dataclass(frozen=True)
class ListingSpec:
    name: str  # the command and the kind's folder: "meetings"
    singular: str
    summary: str
    example: str
    columns: tuple[str, ...]  # every field of a row, in order: CSV's header
    shown: tuple[str, ...]  # the columns a table shows
    default_sort: str
    filters: tuple[FilterSpec, ...]
    sort_as: tuple[tuple[str, str], ...] = ()  # (column, the column it sorts by)

    @property
    def title(self) -> str:
        return self.name.capitalize()

    def key_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.key_name for f in self.filters))

    def sort_column(self, name: str) -> str:
        """The column a sort by `name` orders by (a shown quantity by its number)."""
        return dict(self.sort_as).get(name, name)

    def data(self) -> tuple[Any, ...]:
        """Plain tuples, for marshal."""
        return (*astuple(self)[:-2], tuple(astuple(f) for f in self.filters), self.sort_as)

    @classmethod
    def from_data(cls, data: Any) -> ListingSpec:
        *head, filters, sort_as = data
        found = tuple(
            FilterSpec(f[0], f[1], f[2], f[3], f[4], f[5], tuple(f[6]), f[7], f[8]) for f in filters
        )
        name, singular, summary, example, columns, shown, sort = head
        pairs = tuple((a, b) for a, b in sort_as)
        return cls(
            name, singular, summary, example, tuple(columns), tuple(shown), sort, found, pairs
        )
