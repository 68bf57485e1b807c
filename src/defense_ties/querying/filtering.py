"""Pure filters and sorting over a kind's table: filter keys in, matching positions out.

Keys (built from the models by each kind's declaration, or read back from the cache) hold
dates as day ordinals, so a query needs neither the models nor pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.filters import OF_TESTS, PROJECTIONS, TESTS, Test, held, in_service
from ..core.listing import FilterSpec, ListingSpec
from ..storing.tables import KindTable


def test_of(spec: FilterSpec) -> Test:
    """The filter's test; `held-by:OPTION` holds terms of the country OPTION chose, if any;
    `at-least-of:OPTION` tests the value of the kind OPTION chose (else the headline)."""
    name, _, companion = spec.test.partition(":")
    if name == "held-by":
        return lambda key, wanted, chosen: held(key, wanted, chosen.get(companion))
    if name == "in-service-by":
        return lambda key, wanted, chosen: in_service(key, wanted, chosen.get(companion))
    if name in OF_TESTS:
        compare = OF_TESTS[name]

        def of(key: Any, wanted: Any, chosen: Mapping[str, Any]) -> bool:
            part = key.get(chosen.get(companion) or "headline") if key else None
            return part is not None and part[0] is not None and compare(part, wanted)

        return of
    return TESTS[name]


def projected(
    spec: ListingSpec, table: KindTable, found: list[int], chosen: Mapping[str, Any]
) -> dict[int, dict[str, Any]]:
    """The cells the chosen options change, by record position (e.g. --as-of sets status)."""
    where = {name: i for i, name in enumerate(spec.key_names())}
    changes: dict[int, dict[str, Any]] = {}
    for f in spec.filters:
        if f.project and chosen.get(f.option) is not None:
            project = PROJECTIONS[f.project]
            for i in found:
                changes.setdefault(i, {}).update(
                    project(table.keys[i][where[f.key_name]], chosen[f.option])
                )
    return changes


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


def order(
    spec: ListingSpec,
    table: KindTable,
    found: list[int],
    sort: str | None,
    changes: Mapping[int, Mapping[str, Any]] | None = None,
) -> list[int]:
    """`found` sorted by a column (`-` first: descending), ties and empty cells by id, empty
    cells last; `changes`: cells the options changed (see `projected`). Raises KeyError for a
    column the kind does not have."""
    key = sort or spec.default_sort
    if key.lstrip("-") not in spec.columns:
        raise KeyError(key.lstrip("-"))
    name = spec.sort_column(key.lstrip("-"))
    column, rows, changed = spec.columns.index(name), table.rows, changes or {}

    def cell(i: int) -> Any:
        return changed[i][name] if i in changed and name in changed[i] else rows[i][column]

    by_id = sorted(found, key=lambda i: table.ids[i])
    present = [i for i in by_id if cell(i) is not None]
    present.sort(key=lambda i: _sortable(cell(i)), reverse=key.startswith("-"))
    return present + [i for i in by_id if cell(i) is None]


def _sortable(cell: Any) -> Any:
    return tuple(cell) if isinstance(cell, list) else cell
