"""Pure filters and sorting over a kind's table: filter keys in, matching positions out.

Keys (built from the models by each kind's declaration, or read back from the cache) hold
dates as day ordinals, so a query needs neither the models nor pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.filters import TESTS, Test, held
from ..core.listing import FilterSpec, ListingSpec
from ..storing.tables import KindTable


def test_of(spec: FilterSpec) -> Test:
    """The filter's test; `held-by:OPTION` holds terms of the country OPTION chose, if any."""
    name, _, companion = spec.test.partition(":")
    if name == "held-by":
        return lambda key, wanted, chosen: held(key, wanted, chosen.get(companion))
    return TESTS[name]


def select(spec: ListingSpec, table: KindTable, chosen: Mapping[str, Any]) -> list[int]:
    """Positions of the records that pass every chosen filter (option name -> wanted value)."""
    where = {name: i for i, name in enumerate(spec.key_names())}
    tests = [
        (where[f.key_name], test_of(f), chosen[f.option])
        for f in spec.filters
        if chosen.get(f.option) is not None
    ]
    return [
        i
        for i, keys in enumerate(table.keys)
        if all(test(keys[at], wanted, chosen) for at, test, wanted in tests)
    ]


def order(spec: ListingSpec, table: KindTable, found: list[int], sort: str | None) -> list[int]:
    """`found` sorted by a column (`-` first: descending), ties and empty cells by id, empty
    cells last. Raises KeyError for a column the kind does not have."""
    key = sort or spec.default_sort
    column = spec.columns.index(key.lstrip("-")) if key.lstrip("-") in spec.columns else None
    if column is None:
        raise KeyError(key.lstrip("-"))
    rows = table.rows
    by_id = sorted(found, key=lambda i: table.ids[i])
    present = [i for i in by_id if rows[i][column] is not None]
    present.sort(key=lambda i: _sortable(rows[i][column]), reverse=key.startswith("-"))
    return present + [i for i in by_id if rows[i][column] is None]


def _sortable(cell: Any) -> Any:
    return tuple(cell) if isinstance(cell, list) else cell
