"""The knowledge base as commands use it: from the cache when it is fresh, else from the YAML.

A listing needs only its kind's table (`tables.KindTable`); `show`, `search` and the others
need the models (`knowledge_base()`), each read from the cache when first asked for
(storing.shelves). A cached call reads just what it asks for; a damaged section is rebuilt
from the YAML and the cache written again.

After an edit the cache is stale, but most of what it holds is not, and the call costs what
the edit touched (tests/test_incremental.py compares every answer with a full read's after
random edits, renames, deletions and additions):

- only the files whose stat differs are read and validated again; every other record stays
  in the previous cache until something asks for it (`previous.load_edited`);
- what changed is said in KnowledgeBase.traced's tokens: the edited records, their kinds,
  and the ids their old and new versions name (`Previous.changed`);
- only the records whose checks read a change are checked again (the previous state had no
  problem: a cache is written only then), only the table rows that read one are computed
  again (found through each part's filter of the tokens its rows read: tables.patch_table),
  and the index of who names each id is patched in the shards of the ids touched;
- an index over a whole kind (a lasting memo: who held each office) is kept until an edit
  touches what it read;
- the new state is appended to the cache file: every section, part and shard no edit
  touched stays where it is stored (cache.write).

A problem found that way falls back to reading every record (`previous.reused`: from the
previous cache where unchanged), so that problems are found and located as a full read finds
them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.gc_pause import no_gc
from . import cache
from .previous import Previous, load_edited, previous_state, reused, stored_memos
from .previous import earlier as find_earlier
from .tables import KindTable

if TYPE_CHECKING:
    from ..core.declaration import Declaration
    from ..core.knowledge_base import KnowledgeBase
    from ..reading.checks import CheckReads
    from ..reading.problems import Problem
    from .incoming import Incoming


Progress = Callable[[int, int], None]


Written = tuple[Path, str]  # the cache file a store was written to, and its key


class LoadedStore:
    """A knowledge base just loaded from its YAML files."""

    def __init__(self, kb: KnowledgeBase, declarations: list[Declaration[Any]]) -> None:
        self.kb = kb
        self.count = len(kb)
        self._declarations = {d.name: d for d in declarations}
        self._tables: dict[str, KindTable] = {}
        self._carried: set[str] = set()  # the kinds whose table the cache written holds
        self.check_reads: CheckReads | None = None  # what each record's checks read
        self.incoming: Incoming | None = None  # who names each id, if the previous cache's
        self.stored: Written | None = None  # set once the cache holds this knowledge base

    def ids(self, kind: str) -> set[str]:
        return set(self.kb.ids(kind))

    def table(self, kind: str) -> KindTable:
        if kind not in self._tables:
            self._tables[kind] = self._table(kind)
        return self._tables[kind]

    def _table(self, kind: str) -> KindTable:
        """The table the cache just written holds, else computed (and added to it)."""
        return self._stored_table(kind) or _built(self.kb, self._declarations[kind], self.stored)

    def _stored_table(self, kind: str) -> KindTable | None:
        """A table the cache just written holds (carried over from the previous state)."""
        if kind not in self._carried or self.stored is None:
            return None
        found = cache.read(*self.stored)
        if found is None:
            return None
        try:
            return KindTable.read(found, f"table:{kind}")
        finally:
            found.close()

    def knowledge_base(self) -> KnowledgeBase:
        return self.kb

    def reviewed(self) -> dict[str, str]:
        """Each kind's declared review date (data/coverage/), as recorded."""
        return {
            c.id: str(getattr(c, "reviewed_through", ""))
            for c in self.kb.records.get("coverage", {}).values()
        }

    def documents(self, kind: str) -> list[str]:
        """Each record's JSON document, as text, by id (`dt export --to json`): a listed kind's
        as its listing has them (computed fields, reverse links, unstated fields)."""
        declaration = self._declarations[kind]
        if declaration.listed:  # an export's kinds, one at a time: none is kept after
            return _by_id(self._tables.get(kind) or self._table(kind))
        from .tables import unlisted_documents

        return unlisted_documents(self.kb, declaration)[0]

    def sections(
        self, scan: cache.Scan, previous: Previous | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Everything a later call may ask for, as plain data for the cache, one section at a
        time: the cache writes each and lets it go (at 100,000 records, all of them at once
        would double the call's memory). The records are pickled (the cache is this user's
        alone: cache._trusted), with the stat of the files they were read from; a kind
        `previous` holds unchanged is copied from it as it is."""
        kb = self.kb
        yield "count", self.count
        yield "reviewed", self.reviewed()
        kept = previous.kinds if previous is not None else set()  # no file of theirs changed
        for kind in kb.kinds():  # a kept kind's ids: the previous state's, as stored
            stored = previous.found.raw(f"ids:{kind}") if previous and kind in kept else None
            yield f"ids:{kind}", stored or kb.ids(kind)
        for kind, state in scan.folders.items():  # (one the same as stored is not written)
            yield f"files:{kind}", cache.Marshalled(state)
        if self.check_reads is not None:
            yield "checks", self.check_reads
        for kind in kb.kinds():
            yield f"models:{kind}", self._models(kind, previous)
        yield "memos", kb.lasting_memos()
        if self.incoming is not None:
            yield from self.incoming.sections()
        else:
            from .incoming import sections

            yield from sections(kb.incoming_index())
        # a listed kind's table is built when a call first lists it (_built), then added;
        # one the previous cache holds is brought up to date (_carry)
        for declaration in self._declarations.values():
            yield from self._carry(declaration, previous)

    def _models(self, kind: str, previous: Previous | None) -> Any:
        """A kind's records for the cache (cache.Parts): the previous cache's as stored when
        none of the kind's files changed; else its parts with only those that hold an edited
        record pickled again; else every record pickled."""
        from .shelves import Edited, chunked, spliced

        name = f"models:{kind}"
        kept = previous.found.stored_parts(name) if previous and kind in previous.kinds else None
        if kept is not None:
            return kept
        shelved = self.kb.shelved(kind)
        if isinstance(shelved, Edited):
            return spliced(shelved, self.kb.added(kind))
        return chunked(list(self.kb.records[kind].values()))

    def _carry(
        self, declaration: Declaration[Any], previous: Previous | None
    ) -> Iterator[tuple[str, Any]]:
        """A kind's table (a listed kind's) or documents (another's) and what each row read,
        for the cache. Where the previous cache holds them and knows what changed since,
        only the rows that read a change are computed again (all copied as they are when
        none did); else an unlisted kind's are computed, a listed kind's left out."""
        from .tables import patch_table, unlisted_documents

        name, listed = declaration.name, declaration.listed
        changed = previous.changed if previous is not None else None
        if listed:  # built when first listed, unless the previous cache holds it
            if previous is not None and changed is not None:
                with suppress(ValueError):  # not a table of this dt's: built when listed
                    shelf = previous.shelves.get(name)  # the earlier state's ids
                    same = shelf is not None and shelf.ids == self.kb.ids(name)
                    sections = patch_table(self.kb, declaration, previous.found, changed, same)
                    self._carried.add(name)
                    yield from sections
            return
        section = f"docs:{name}"
        earlier = None
        if previous is not None and changed is not None:
            earlier = find_earlier(previous.found, section, name)
        if (
            previous is not None
            and earlier is not None
            and changed is not None
            and "k:" + name not in changed
            and all(changed.isdisjoint(r) for r in earlier.reads)
        ):
            kept = previous.found.raw(section)
            if kept is not None:
                yield section, kept
                yield f"reads:{name}", cache.Marshalled(earlier.reads_blob)
                return
        docs: list[str] | None = None
        data = earlier.data() if earlier is not None else None
        if earlier is not None and isinstance(data, list) and changed is not None:
            with suppress(ValueError):  # not this dt's: computed again
                docs, reads = unlisted_documents(
                    self.kb, declaration, (earlier.ids, data, earlier.reads), changed
                )
        if docs is None:
            docs, reads = unlisted_documents(self.kb, declaration)
        yield section, docs
        yield f"reads:{name}", (sorted(self.kb.ids(name)), reads)


def _built(kb: KnowledgeBase, declaration: Declaration[Any], stored: Written | None) -> KindTable:
    """A listed kind's table, computed, and added to the cache that holds `kb` (if any): the
    tables are built one at a time, when a call first asks for one, not all of them after
    every edit."""
    from .tables import build_table, table_sections

    table, reads = build_table(kb, declaration)
    if stored is not None:
        sections = [*table_sections(declaration.name, table, reads), ("memos", kb.lasting_memos())]
        cache.extend(stored[0], stored[1], sections)
    return table


class CachedStore:
    """A knowledge base read back from a fresh cache: a listing not built yet is built from
    the cached records (and added to the cache); any other missing or damaged part reloads
    the YAML."""

    def __init__(
        self, found: cache.Cache, count: int, reload: Callable[[], LoadedStore], path: Path
    ) -> None:
        self._cache, self.count, self._reload, self._path = found, count, reload, path
        self._kb: KnowledgeBase | None = None

    def ids(self, kind: str) -> set[str]:
        ids = self._cache.section(f"ids:{kind}")
        return self._reload().ids(kind) if ids is None else set(ids)

    def reviewed(self) -> dict[str, str]:
        found = self._cache.section("reviewed")
        return self._reload().reviewed() if not isinstance(found, dict) else found

    def table(self, kind: str) -> KindTable:
        """From the cache; one not built yet (or damaged) is built from the cached records."""
        with no_gc():
            found = KindTable.read(self._cache, f"table:{kind}")
            if found is not None:
                return found
            from ..kinds import declaration

            return _built(self.knowledge_base(), declaration(kind), (self._path, self._cache.key))

    def documents(self, kind: str) -> list[str]:
        # a listed kind's documents are in its table, another's in a section of their own:
        # which one is there says which the kind is, without importing its model
        with no_gc():
            table = KindTable.read(self._cache, f"table:{kind}")
            if table is not None:
                return _by_id(table)
            found = self._cache.section(f"docs:{kind}")
        if isinstance(found, list):
            return found
        from ..kinds import declaration

        if declaration(kind).listed:
            return _by_id(self.table(kind))
        return self._reload().documents(kind)

    def knowledge_base(self) -> KnowledgeBase:
        """The records, each read from the cache when first asked for (`dt show` of one
        record reads a few chunks, not every record)."""
        if self._kb is None:
            self._kb = self._records()
        return self._kb

    def _records(self) -> KnowledgeBase:
        from ..core.knowledge_base import KnowledgeBase
        from ..kinds import registry
        from .shelves import Shelf, Unshelved

        declarations = registry()
        kb = KnowledgeBase(d.name for d in declarations)
        for declaration in declarations:
            shelf = Shelf(self._cache, declaration.name)
            try:
                shelf.check()
            except Unshelved:
                return self._reload().knowledge_base()
            kb.shelve(declaration.name, shelf)
        from .incoming import Fallback, Incoming

        kb.keep_memos(stored_memos(self._cache))
        kb.stored_incoming(Fallback(Incoming(self._cache), kb.incoming_index))
        return kb


Store = LoadedStore | CachedStore


def _by_id(table: KindTable) -> list[str]:
    ids, docs = table.ids, table.docs
    return [docs[i] for i in sorted(range(len(ids)), key=ids.__getitem__)]


def open_store(
    data_dir: Path,
    use_cache: bool = True,
    progress: Progress | None = None,
    trust_cache: bool = True,
) -> tuple[Store, list[Problem]]:
    """The knowledge base in `data_dir` and its problems (a cache exists only without any).
    `trust_cache=False` (validate) reads every file, and refreshes the cache if all is well."""
    from ..kinds import names

    current = cache.scan(data_dir, names()) if use_cache else None
    path = cache.location(data_dir)
    found = cache.read(path, current.key) if current is not None else None
    if current is not None and found is not None and trust_cache:
        count = found.section("count")
        if isinstance(count, int):

            def reload() -> LoadedStore:
                return _load(data_dir, current, path, progress)[0]

            return CachedStore(found, count, reload, path), []
    if found is not None:
        found.close()
    # A cache whose key matches the files is left alone when it is not trusted (`dt validate`).
    fresh = found is not None and not trust_cache
    previous = previous_state(path, current) if current is not None and trust_cache else None
    # the previous cache stays open while the knowledge base may read records from it
    return _load(data_dir, current, path, progress, write=not fresh, previous=previous)


def _load(
    data_dir: Path,
    current: cache.Scan | None,
    path: Path,
    progress: Progress | None,
    write: bool = True,
    previous: Previous | None = None,
) -> tuple[LoadedStore, list[Problem]]:
    """Read every file (but those `previous` holds, unchanged since it read them); store what
    was read in the cache unless `write` is False (the cache is fresh already: `dt validate`
    leaves it alone)."""
    from ..kinds import registry
    from ..reading.loading import load_with_problems
    from .shelves import Unshelved

    with no_gc():
        loaded = None
        if previous is not None and current is not None:
            with suppress(Unshelved):  # a cache that is not what it says: a full read
                loaded = load_edited(data_dir, current, previous, progress, write)
        if loaded is None:
            reuse = None
            with suppress(Unshelved):
                reuse = reused(previous) if previous is not None else None
            reads: CheckReads | None = {} if write and current is not None else None
            scope = None if previous is None else (lambda kb: previous.scope(kb, reads))
            kb, problems = load_with_problems(data_dir, progress, reuse, scope, reads)
            store = LoadedStore(kb, registry())
            store.check_reads = reads
        else:
            store, problems = LoadedStore(loaded[0], registry()), []
            store.check_reads, store.incoming = loaded[1], loaded[2]
        cacheable = write and current is not None and not current.recent and not problems
        sections = store.sections(current, previous) if current is not None else iter(())
        if (
            current is not None
            and cacheable
            and cache.write(
                path, current.key, sections, current.base, onto=previous.found if previous else None
            )
        ):
            store.stored = path, current.key
    return store, problems
