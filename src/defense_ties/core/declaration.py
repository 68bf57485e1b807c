"""A kind's declaration: everything that differs between record kinds, said once.

Each module of `kinds/` holds one kind's model and its `Declaration`: the columns its listing
shows, the filters its command takes, computed fields, reverse links, its timeline events and
its own checks. References between kinds are declared in the model's annotations (`RefTo`).
Generic code (loading, checks, the cache, listings, `show`, search, timeline, exports, the
JSON Schemas) walks the declarations and never names a kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from .dates import PartialDate, span
from .listing import FilterSpec, ListingSpec

if TYPE_CHECKING:  # declarations stay light: the models come with the kinds
    from .knowledge_base import KnowledgeBase
    from .records import Record
    from .shape import FieldPath

R = TypeVar("R", bound="Record")
# A listing cell: lists stay lists until a format joins them.
Cell = str | int | float | None | list[str]
# A problem found across records: (record id, where, message, code).
Finding = tuple[str, "FieldPath", str, str]


@dataclass(frozen=True)
class Column(Generic[R]):
    """A column of a kind's listing: its rows, CSV, sorting and (if `shown`) its table."""

    name: str
    get: Callable[[KnowledgeBase, R], Cell]
    shown: bool = False  # a column of the table view
    sort_by: str | None = None  # a shown quantity (`$1.9B`) sorts by its number (`value_usd`)


@dataclass(frozen=True)
class Computed(Generic[R]):
    """A computed field of the JSON document and `show`; with `sql`, also an export column."""

    name: str
    get: Callable[[KnowledgeBase, R], Any]
    sql: str | None = None  # TEXT, INTEGER or REAL
    on_page: bool = True  # shown by `dt show` (False: JSON only, e.g. the data behind a text)
    description: str = ""  # what it holds (the export's column description)


@dataclass(frozen=True)
class Filter(Generic[R]):
    """An option of the kind's listing command: its spec, and the key it tests, computed once
    per record as plain data when the cache is built."""

    spec: FilterSpec
    key: Callable[[KnowledgeBase, R], Any]


class Claim(NamedTuple):
    """A checkable field: a date, amount, number, person or place that a quote must state.

    `check` is one of: date (value: PartialDate), amount ((amount, currency)), number (int),
    decimal (float, as written in a table), names (the person's or place's names).
    `sources`: only quotes of these sources count (a milestone's or a value's own source);
    None: any quote the record cites."""

    path: FieldPath
    check: str
    value: Any
    shown: str  # the value as `dt why` shows it
    sources: tuple[str, ...] | None = None
    related: tuple[str, ...] = ()  # other records whose quotes may state it too


@dataclass(frozen=True)
class Backlink:
    """A reverse link listed in the JSON document: the `kind` records whose `field` names me."""

    name: str
    kind: str
    field: str


@dataclass(frozen=True)
class Event:
    """A dated step on the timeline."""

    date: PartialDate
    kind: str  # the record kind's singular name
    event: str
    id: str
    title: str
    countries: frozenset[str]


Period = tuple["FieldPath", PartialDate | None, PartialDate | None]


@dataclass(frozen=True)
class Declaration(Generic[R]):
    name: str  # the folder in data/ and the listing command: "meetings"
    singular: str  # "meeting"
    model: type[R]
    label: Callable[[R], str]  # a short human name for links and search hits
    columns: tuple[Column[R], ...] = ()  # no columns: not listed (sources, rates)
    default_sort: str = "id"
    filters: tuple[Filter[R], ...] = ()
    computed: tuple[Computed[R], ...] = ()
    backlinks: tuple[Backlink, ...] = ()
    summary: str = ""  # the listing command's help
    scope: str = ""  # what the kind includes (its help and `dt stats` say it)
    example: str = ""  # an example command line for its help
    periods: Callable[[R], Iterable[Period]] = lambda record: ()  # checked: end >= start
    checks: tuple[Callable[[KnowledgeBase, R], Iterable[Finding]], ...] = ()
    # Warnings that `dt validate` reports (errors under --strict) and queries ignore, such as a
    # gap in a numbered series.
    advisories: tuple[Callable[[KnowledgeBase, R], Iterable[Finding]], ...] = ()
    events: Callable[[KnowledgeBase, R], Iterable[Event]] | None = None
    claims: Callable[[KnowledgeBase, R], Iterable[Claim]] = lambda kb, record: ()
    prefix: str = ""  # names its export's link tables and their owner column; default: singular
    label_column: str | None = None  # the export column that names a record (Datasette labels)
    facets: tuple[str, ...] = ()  # the export columns a browser facets by default
    # Model fields that are not columns of their own, each with the reason (the columns that
    # show it instead); every other field of the model is a column, declared or not.
    unlisted: Mapping[str, str] = field(default_factory=dict)
    export_names: Mapping[str, str] = field(default_factory=dict)  # list field -> table name
    item_names: Mapping[str, str] = field(default_factory=dict)  # list field -> value column

    @property
    def listed(self) -> bool:
        return bool(self.columns)

    @property
    def listed_columns(self) -> tuple[Column[R], ...]:
        """The kind's declared columns; a column for every other field of the model (a field
        added to a kind shows in every format unless `unlisted` says why not); then what every
        listing marks: `flags` (shown), `contested` (the disputed claims) and `unsupported`
        (the fields no quote states)."""
        if not self.columns:
            return ()
        declared = {c.name for c in self.columns} | {c.name for c in FLAG_COLUMNS}
        fields = [
            name
            for name in self.model.model_fields
            if name not in declared and name not in self.unlisted and name != "sources"
        ]
        return (*self.columns, *(attr(name) for name in fields), *FLAG_COLUMNS)

    @property
    def table_prefix(self) -> str:
        return self.prefix or self.singular.replace(" ", "_")

    def listing(self) -> ListingSpec:
        summary = f"{self.summary}\n\nScope: {self.scope}" if self.scope else self.summary
        summary += "\n\nHow far the data has been reviewed: dt stats."
        return ListingSpec(
            self.name,
            self.singular,
            summary,
            self.example,
            tuple(c.name for c in self.listed_columns),
            tuple(c.name for c in self.listed_columns if c.shown),
            self.default_sort,
            tuple(f.spec for f in self.filters),
            tuple((c.name, c.sort_by) for c in self.listed_columns if c.sort_by),
        )

    def keys(self, kb: KnowledgeBase, record: R) -> tuple[Any, ...]:
        """The record's filter keys, in the order of `listing().key_names()`."""
        found = {f.spec.key_name: f.key for f in self.filters}
        return tuple(get(kb, record) for get in found.values())


# Helpers for declaring columns: a field as a cell.


def cell(value: object) -> Cell:
    """A value as a listing cell: dates as recorded, enums by value, lists of text."""
    if isinstance(value, Enum):
        return str(value.value)
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, Sequence):
        return [str(cell(v)) for v in value]
    return str(value)


def attr(name: str, shown: bool = False) -> Column[Any]:
    """A column showing the record's field `name` as it is."""
    return Column(name, lambda kb, r: cell(getattr(r, name)), shown)


def attrs(*names: str, shown: Sequence[str] = ()) -> tuple[Column[Any], ...]:
    return tuple(attr(n, n in shown) for n in names)


def milestones(
    kind: str, record: Any, steps: Sequence[str], title: str, countries: Iterable[str]
) -> Iterable[Event]:
    """A timeline event of `kind` for each of the record's date fields `steps` that is set."""
    for step in steps:
        when = getattr(record, step)
        if when is not None:
            yield Event(when, kind, step, record.id, title, frozenset(countries))


def _contested(kb: KnowledgeBase, record: Any) -> list[str]:
    return [f"{c.claim} (disputed: {c.dispute})" for c in getattr(record, "contested", [])]


def _flags(kb: KnowledgeBase, record: Any) -> str | None:
    """`contested`, `2 unsupported` or both: what a reader of the row should check."""
    found = []
    if getattr(record, "contested", None):
        found.append("contested")
    if unsupported := kb.unsupported(record.id):
        found.append(f"{len(unsupported)} unsupported")
    return ", ".join(found) or None


FLAG_COLUMNS: tuple[Column[Any], ...] = (
    Column("flags", _flags, shown=True),
    Column("contested", _contested),
    Column("unsupported", lambda kb, r: kb.unsupported(r.id)),
)


def sources_column() -> Column[Any]:
    """The ids of the sources a record cites, each once."""
    return Column("sources", lambda kb, r: list(dict.fromkeys(c.source for c in r.sources)))


# Helpers for declaring claims (checkable fields).


def dates(record: Any, *names: str, related: tuple[str, ...] = ()) -> Iterable[Claim]:
    """A date claim for each of the record's date fields `names` that is set (`related`:
    records whose quotes may state it too)."""
    for name in names:
        value = getattr(record, name)
        if value is not None:
            yield Claim((name,), "date", value, str(value), None, related)


def named_by(
    kb: KnowledgeBase, kind: str, field: str, record_id: str, item: str | None = None
) -> tuple[str, ...]:
    """The ids of the `kind` records whose list `field` names `record_id` (with `item`: the
    list's items name it in that attribute, as a deal's items name platforms), once per
    mention, in load order (KnowledgeBase.named_by)."""
    return tuple(kb.named_by(record_id, kind, field, item))


def person(kb: KnowledgeBase, path: FieldPath, official_id: str) -> Claim:
    """A claim that the quotes name this official (by name, surname or alias)."""

    def build() -> tuple[str, ...]:
        official = kb.records.get("officials", {}).get(official_id)
        names = [getattr(official, "name", official_id)] if official else [official_id]
        if official is not None:
            names += [names[0].split()[-1], *getattr(official, "aliases", [])]
        return tuple(names)

    found = kb.memo(f"person-names:{official_id}", build)
    return Claim(path, "names", found, found[0])


# Helpers for declaring filters.
KeyOf = Callable[["KnowledgeBase", Any], Any]


def period(key: KeyOf, what: str) -> tuple[Filter[Any], ...]:
    """--year, --since and --until over a record's span (`key` gives it; None: undated)."""
    return tuple(
        Filter(FilterSpec(option, help, "span", option, "overlaps", metavar), key)
        for option, help, metavar in (
            ("year", f"Only {what} in this year, e.g. 2025.", "YYYY"),
            ("since", f"Only {what} on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).", "DATE"),
            ("until", f"Only {what} on or before DATE (a partial date counts whole).", "DATE"),
        )
    )


def dated(first: Callable[[Any], Any], last: Callable[[Any], Any] = lambda r: None) -> KeyOf:
    """A span key from a record's date (and optional last day)."""
    return lambda kb, r: span(first(r), last(r))


def country(option: str, help: str, key: KeyOf, many: bool = False) -> Filter[Any]:
    """A country, by ISO code or name; `many`: the key is a list of codes."""
    help += " ISO code or name, any case: US, usa, India."
    test = "contains" if many else "equals"
    return Filter(FilterSpec(option, help, option, "country", test, "COUNTRY"), key)


def choice(
    option: str, help: str, key: KeyOf, vocabulary: type[Enum], many: bool = False
) -> Filter[Any]:
    """One value of a controlled vocabulary; `many`: the key is a list of values."""
    allowed = tuple(str(v.value) for v in vocabulary)
    test = "contains" if many else "equals"
    return Filter(FilterSpec(option, help, option, "choice", test, "VALUE", allowed), key)


def names(option: str, help: str, kind: str, key: KeyOf) -> Filter[Any]:
    """An id of a record of `kind` that the record's key (a list of ids) contains."""
    return Filter(FilterSpec(option, help, option, "id", "contains", "ID", (), kind), key)


def as_of(help: str, key: KeyOf, test: str = "held") -> Filter[Any]:
    """--as-of DATE over a key of terms (or with another test of filters.TESTS)."""
    return Filter(FilterSpec("as-of", help, "as-of", "day", test, "DATE"), key)


def series(help: str) -> Filter[Any]:
    """--series ID: the record's `series` is this series."""
    spec = FilterSpec("series", help, "series", "id", "equals", "ID", (), "series")
    return Filter(spec, lambda kb, r: r.series)
