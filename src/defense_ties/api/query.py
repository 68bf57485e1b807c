"""A listing query, from the options given to the rows and documents found: parse the
filters, check named ids, select, apply the options that change cells (`--as-of`,
`--value-kind`), sort, cut. The one query path of the command line and the library, whether
the knowledge base comes from the cache or from the YAML."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.filters import FLAGS, PARSERS, REPEATED
from ..core.listing import FilterSpec, ListingSpec
from ..core.values import BadValue
from .errors import BadQuery

if TYPE_CHECKING:
    from ..storing.store import Store
    from ..storing.tables import KindTable


def parse_filters(spec: ListingSpec, given: Mapping[str, Any]) -> dict[str, Any]:
    """Each filter given (option name -> text, a list of texts for a repeated option, True
    for a flag; None, False or [] for none) parsed, by option name. Raises BadQuery."""
    known = {f.option for f in spec.filters}
    unknown = [name for name in given if name not in known]
    if unknown:
        raise BadQuery(
            unknown[0], f"not a filter of {spec.name}: one of {', '.join(sorted(known))}"
        )
    chosen: dict[str, Any] = {}
    for f in spec.filters:
        value = given.get(f.option)
        if value is None or value is False or value == [] or value == ():
            continue
        if f.parse in FLAGS:
            chosen[f.option] = bool(value)
            continue
        many = f.parse in REPEATED
        texts = list(value) if many and isinstance(value, list | tuple) else [value]
        try:
            found = tuple(_parsed(f, _text(v)) for v in texts)
        except BadValue as exc:
            raise BadQuery(f"--{f.option}", str(exc)) from None
        chosen[f.option] = found if many else found[0]
    return chosen


def _text(value: Any) -> str:
    """What a caller gave, as the command line would have it: 1e9 -> '1000000000.0',
    a date -> '2019-01-01'."""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _parsed(f: FilterSpec, text: str) -> Any:
    value = PARSERS[f.parse](text)
    if f.choices and value not in f.choices:
        raise BadValue(f"{text!r} is not one of: {', '.join(f.choices)}")
    return value


def columns_of(spec: ListingSpec, names: Iterable[str] | str | None) -> tuple[str, ...]:
    """The columns asked for (`a,b,c` or a list), each a column of the kind; None: the table's
    default. Raises BadQuery."""
    if names is None:
        return spec.shown
    if isinstance(names, str):
        names = names.split(",")
    wanted = tuple(n.strip().replace("-", "_") for n in names if n.strip())
    unknown = [n for n in wanted if n not in spec.columns]
    if unknown or not wanted:
        what = f"{unknown[0]!r} is not a column of {spec.name}" if unknown else "no column given"
        raise BadQuery("--columns", f"{what}: use some of {', '.join(spec.columns)}")
    return wanted


@dataclass
class Answer:
    """What a listing query found: positions in the kind's table, in order, cut to the limit."""

    spec: ListingSpec
    table: KindTable
    found: list[int]
    total: int  # matches before the limit
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        """Each record as its listing row (column -> cell), with the cells the options set."""
        columns, rows, changes = self.spec.columns, self.table.rows, self.changes
        return [dict(zip(columns, rows[i], strict=True)) | changes.get(i, {}) for i in self.found]

    def documents(self) -> list[str]:
        """Each record's JSON document, as text, with the fields the options set."""
        return [_document(self.table.docs[i], self.changes.get(i)) for i in self.found]


def _document(doc: str, changes: dict[str, Any] | None) -> str:
    if not changes:
        return doc
    from ..core.json_text import json_text

    data = json.loads(doc)
    data.update({k: v for k, v in changes.items() if k in data and not isinstance(data[k], list)})
    return json_text(data)


def run_query(
    store: Store,
    spec: ListingSpec,
    chosen: Mapping[str, Any],
    sort: str | None = None,
    limit: int | None = None,
) -> Answer:
    """Select, project, sort and cut one kind's records (`chosen`: parse_filters' answer).
    Raises BadQuery for an id that names no record or a column the kind does not have."""
    from ..querying.filtering import order, projected, select

    for f in spec.filters:
        if f.refers_to and f.option in chosen:
            _known(f"--{f.option}", chosen[f.option], store.ids(f.refers_to))
    table = store.table(spec.name)
    selected = select(spec, table, chosen)
    changes = projected(spec, table, selected, chosen)
    try:
        found = order(spec, table, selected, sort, changes)
    except KeyError as exc:
        message = f"{exc.args[0]!r} is not a field of {spec.name}: use one of "
        raise BadQuery("--sort", message + ", ".join(spec.columns)) from None
    total = len(found)
    if limit:
        found = found[:limit]
    return Answer(spec, table, found, total, changes)


def _known(option: str, record_id: str, ids: set[str]) -> None:
    """BadQuery, with suggestions, when an option names an id that does not exist."""
    if record_id in ids:
        return
    import difflib

    close = difflib.get_close_matches(record_id, list(ids), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise BadQuery(option, f"no {option.lstrip('-')} {record_id!r}{hint}")


DATED = {"year", "since", "until", "day"}  # parsers of the options that choose a period


def reaches_past(spec: ListingSpec, chosen: Mapping[str, Any], reviewed: str) -> bool:
    """Whether a date option asks about days after the kind's review date."""
    from ..core.dates import PartialDate

    last = PartialDate.parse(reviewed).last_day
    for f in spec.filters:
        span = chosen.get(f.option) if f.parse in DATED else None
        if span is not None and (span[1] is None or span[1] > last):
            return True
    return False
