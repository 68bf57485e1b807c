"""`defense_ties.load()` and the knowledge base it returns: the queries of the command line
as Python calls, with the same filters, answers and errors. Nothing heavy is imported until a
method needs it: `import defense_ties` stays cheap."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BadQuery, UnknownId

if TYPE_CHECKING:
    from ..core import knowledge_base as models
    from ..core.listing import ListingSpec
    from ..storing.store import Store


class Records(list[dict[str, Any]]):
    """A query's records, each as `dt <kind> --format json` prints it (or, with `columns`,
    just those columns); `total` is the number that matched before `limit`."""

    def __init__(self, records: Iterable[dict[str, Any]], total: int) -> None:
        super().__init__(records)
        self.total = total

    def to_dataframe(self) -> Any:
        """The records as a pandas DataFrame (lists and nested fields stay Python objects).
        Needs pandas: `pip install 'defense-ties[pandas]'`."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "to_dataframe() needs pandas: pip install 'defense-ties[pandas]' "
                "(or pip install pandas)"
            ) from None
        return pd.DataFrame(list(self))


def load(path: str | Path | None = None, use_cache: bool = True) -> KnowledgeBase:
    """Open a knowledge base folder (default: the data bundled with the package), from the
    cache when it is fresh. Raises InvalidKnowledgeBase with every located problem when the
    data does not validate, DataDirError when `path` is not a knowledge base folder."""
    from ..reading.paths import default_data_dir
    from ..reading.problems import InvalidKnowledgeBase
    from ..storing.store import open_store

    folder = Path(path) if path is not None else default_data_dir()
    store, problems = open_store(folder, use_cache)
    if problems:
        raise InvalidKnowledgeBase(problems)
    return KnowledgeBase(store, folder)


class KnowledgeBase:
    """A validated knowledge base: `query` a kind as the listing commands do, `get` one
    record, `why` a field is believed, `stats`, `search`, `cite`."""

    def __init__(self, store: Store, data_dir: Path) -> None:
        self._store = store
        self.data_dir = data_dir
        self._models: models.KnowledgeBase | None = None

    def __repr__(self) -> str:
        return f"<defense_ties.KnowledgeBase {str(self.data_dir)!r}: {len(self)} records>"

    def __len__(self) -> int:
        return int(self._store.count)

    @property
    def models(self) -> models.KnowledgeBase:
        """Every record as its validated (pydantic) model, by kind and id."""
        if self._models is None:
            self._models = self._store.knowledge_base()
        return self._models

    def kinds(self) -> list[str]:
        """The kinds `query` lists: officials, meetings, deals ..."""
        return [s.name for s in _specs()]

    def query(
        self,
        kind: str,
        /,
        *,
        sort: str | None = None,
        limit: int | None = None,
        columns: str | Iterable[str] | None = None,
        **filters: Any,
    ) -> Records:
        """The records of `kind` that pass every filter, as `dt <kind> --format json` gives
        them: `kb.query("deals", min_value=1e9, status="signed", as_of="2019-01-01")`.
        Filters are the command's options with `_` for `-` (`in_` for `--in`), each taking
        what the option takes (text, a number for amounts, a date, True for a flag, a list
        for a repeated option); `sort` a column (`-value`: descending), `limit` a number,
        `columns` the columns to keep. Raises BadQuery naming what is wrong."""
        from .query import columns_of, parse_filters, run_query

        spec = _spec(kind)
        given = {name.rstrip("_").replace("_", "-"): value for name, value in filters.items()}
        chosen = parse_filters(spec, given)
        shown = columns_of(spec, columns) if columns is not None else None
        answer = run_query(self._store, spec, chosen, sort, limit)
        if shown is not None:
            return Records(({k: r.get(k) for k in shown} for r in answer.rows()), answer.total)
        return Records((json.loads(doc) for doc in answer.documents()), answer.total)

    def get(self, record_id: str) -> dict[str, Any]:
        """One record of any kind as JSON-ready data: its fields, computed fields and reverse
        links (listed kinds: as in `query`). Raises UnknownId."""
        from ..kinds import declaration
        from ..reading.provenance import check_support
        from ..storing.tables import document

        record = self._record(record_id)
        check_support(self.models)  # as the listings have it: `unsupported` filled
        return document(self.models, declaration(record.record_kind), record)

    def show(self, record_id: str) -> dict[str, Any]:
        """`dt show ID --format json`: fields, links both ways, citations, contested claims."""
        from ..rendering.record_page import describe

        return describe(self.models, self._record(record_id))

    def why(self, record_id: str, field: str | None = None) -> dict[str, Any]:
        """`dt why ID [FIELD] --format json`: each checkable field (or the one asked for) with
        its status and the quotes that state it, and the contested claims."""
        from .provenance import why

        return why(self.models, self._record(record_id), field)

    def stats(self, value_kind: str = "contract", include_unstated: bool = False) -> dict[str, Any]:
        """`dt stats --format json`: records per kind and year, scope and review dates,
        coverage, and deal values by year for one value kind, with what each year leaves out."""
        from ..core.vocab import ValueKind
        from ..querying.stats import coverage

        kinds = [k.value for k in ValueKind]
        if value_kind not in kinds:
            raise BadQuery("value_kind", f"{value_kind!r} is not one of: {', '.join(kinds)}")
        from ..reading.release import release_info

        release = release_info(self.data_dir)
        return coverage(self.models, ValueKind(value_kind), include_unstated, release)

    def search(self, text: str, limit: int | None = None) -> list[dict[str, Any]]:
        """`dt search TEXT --format json`: records holding every word, best first."""
        from ..querying.search import hit_row, search

        hits = search(self.models, text)
        return [hit_row(h) for h in (hits[:limit] if limit else hits)]

    def cite(self, record_id: str, field: str | None = None, style: str = "csl-json") -> str:
        """The sources a record cites (for `field`: those whose quotes state it), formatted
        for a reference manager: `csl-json`, `bibtex` or `ris`."""
        from .citations import cite

        return cite(self.models, self._record(record_id), field, style)

    def _record(self, record_id: str) -> Any:
        found = self.models.find(record_id)
        if found is None:
            import difflib

            close = difflib.get_close_matches(record_id, [r.id for r in self.models], n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise UnknownId("id", f"no record with id {record_id!r}{hint}")
        return found


def _specs() -> list[ListingSpec]:
    from ..storing.listings import listing_specs

    return listing_specs()


def _spec(kind: str) -> ListingSpec:
    for spec in _specs():
        if spec.name == kind:
            return spec
    kinds = ", ".join(s.name for s in _specs())
    raise BadQuery("kind", f"{kind!r} is not a kind that can be queried: one of {kinds}")
