"""The knowledge base as commands use it: from the cache when it is fresh, else from the YAML.

A listing needs only its kind's table (`tables.KindTable`); `show`, `search` and the others
need the models (`knowledge_base()`). A cached call reads just what it asks for; a damaged
section is rebuilt from the YAML and the cache written again.

After an edit the cache is stale, but the records it holds are not all stale: a file whose
stat is the one it was read at is taken from the previous cache, and only the others are read
and validated again. The checks across records, the support check and the tables are then
computed over the whole knowledge base, exactly as after a full read, so the answer is the
same (tests/test_incremental.py compares both after random edits).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.gc_pause import no_gc
from . import cache
from .tables import KindTable, Reads

if TYPE_CHECKING:
    from ..core.declaration import Declaration
    from ..core.knowledge_base import KnowledgeBase, Naming
    from ..core.records import Record
    from ..reading.checks import CheckReads
    from ..reading.problems import Problem
    from .incoming import Incoming
    from .shelves import Shelf

Reuse = dict[tuple[str, str], "Record"]  # (kind, file name): the record read from it

Progress = Callable[[int, int], None]


Stored = tuple[Path, str]  # the cache file a store was written to, and its key


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
        self.previous: Previous | None = None  # the cache it takes records from (kept open)
        self.stored: Stored | None = None  # set once the cache holds this knowledge base

    def ids(self, kind: str) -> set[str]:
        return set(self.kb.ids(kind))

    def table(self, kind: str) -> KindTable:
        if kind not in self._tables:
            self._tables[kind] = self._stored_table(kind) or _built(
                self.kb, self._declarations[kind], self.stored
            )
        return self._tables[kind]

    def _stored_table(self, kind: str) -> KindTable | None:
        """A table the cache just written holds (carried over from the previous state)."""
        if kind not in self._carried or self.stored is None:
            return None
        found = cache.read(*self.stored)
        if found is None:
            return None
        try:
            data = found.section(f"table:{kind}")
        finally:
            found.close()
        return KindTable.from_data(data) if data is not None else None

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
        if declaration.listed:
            return _by_id(self.table(kind))
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
        for kind in kb.kinds():
            yield f"ids:{kind}", kb.ids(kind)
        for kind, state in scan.folders.items():
            yield f"files:{kind}", cache.Marshalled(state)
        if self.check_reads is not None:
            yield "checks", self.check_reads
        for kind in kb.kinds():
            yield f"models:{kind}", self._models(kind, previous)
        if self.incoming is not None:
            yield from self.incoming.sections()
        else:
            from .incoming import sections

            yield from sections(kb.incoming_index())
        # a listed kind's table is built when a call first lists it (_built), then added;
        # one the previous cache holds is brought up to date (_carried)
        for declaration in self._declarations.values():
            yield from self._carry(declaration, previous)

    def _models(self, kind: str, previous: Previous | None) -> Any:
        """A kind's records for the cache (shelves.Chunks): the previous cache's as stored
        when none of the kind's files changed; else its chunks with only those that hold an
        edited record pickled again; else every record pickled."""
        from .shelves import Edited, chunked, spliced

        kept = previous.found.raw(f"models:{kind}") if previous and kind in previous.kinds else None
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
        from .tables import build_table, unlisted_documents

        name, listed = declaration.name, declaration.listed
        section = f"table:{name}" if listed else f"docs:{name}"
        changed = previous.changed if previous is not None else None
        earlier, data = None, None
        if previous is not None and changed is not None:
            earlier = _earlier(previous.found, section, name)
        if earlier is not None and changed is not None:
            if "k:" + name not in changed and all(changed.isdisjoint(r) for r in earlier.reads):
                self._carried.add(name)
                yield section, earlier.stored
                yield f"reads:{name}", cache.Marshalled(earlier.reads_blob)
                return
            data = earlier.data()
        if listed:
            if earlier is None or data is None or changed is None:
                return  # built when first listed
            kept = KindTable.from_data(data), earlier.reads
            table, reads = build_table(self.kb, declaration, kept, changed)
            self._tables[name] = table
            yield section, table.data()
            yield f"reads:{name}", (table.ids, reads)
            return
        if earlier is not None and data is not None and changed is not None:
            docs, reads = unlisted_documents(
                self.kb, declaration, (earlier.ids, data, earlier.reads), changed
            )
        else:
            docs, reads = unlisted_documents(self.kb, declaration)
        yield section, docs
        yield f"reads:{name}", (sorted(self.kb.ids(name)), reads)


def _earlier(found: cache.Cache, section: str, kind: str) -> Earlier | None:
    """A kind's table or documents in the previous cache, as stored, with what each row read
    (decoded: its ids and their reads); None if either is missing or damaged."""
    import marshal

    stored, reads_blob = found.raw(section), found.blob(f"reads:{kind}")
    if stored is None or reads_blob is None:
        return None
    try:
        ids, reads = marshal.loads(reads_blob)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(ids, list) or not isinstance(reads, list) or len(ids) != len(reads):
        return None
    return Earlier(stored, reads_blob, ids, reads)


@dataclass(frozen=True)
class Earlier:
    """A table (or an unlisted kind's documents) of the previous cache, and its rows' reads."""

    stored: cache.Marshalled  # as stored, not checked yet: a copy is checked when read
    reads_blob: bytes
    ids: list[str]
    reads: Reads

    def data(self) -> Any:
        """The table's (or the documents') data, if undamaged and with a row for each id."""
        import marshal

        blob = self.stored.checked()
        if blob is None:
            return None
        try:
            data = marshal.loads(blob)
            rows = data[0] if isinstance(data, tuple) else data
        except (EOFError, ValueError, TypeError, IndexError):
            return None
        return data if len(rows) == len(self.ids) else None


def _built(kb: KnowledgeBase, declaration: Declaration[Any], stored: Stored | None) -> KindTable:
    """A listed kind's table, computed, and added to the cache that holds `kb` (if any): the
    tables are built one at a time, when a call first asks for one, not all of them after
    every edit."""
    from .tables import build_table

    table, reads = build_table(kb, declaration)
    if stored is not None:
        name = declaration.name
        sections = [(f"table:{name}", table.data()), (f"reads:{name}", (table.ids, reads))]
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
            data = self._cache.section(f"table:{kind}")
            if data is not None:
                return KindTable.from_data(data)
            from ..kinds import declaration

            return _built(self.knowledge_base(), declaration(kind), (self._path, self._cache.key))

    def documents(self, kind: str) -> list[str]:
        # a listed kind's documents are in its table, another's in a section of their own:
        # which one is there says which the kind is, without importing its model
        with no_gc():
            table = self._cache.section(f"table:{kind}")
            if table is not None:
                return _by_id(KindTable.from_data(table))
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
    previous = _unchanged(path, current) if current is not None and trust_cache else None
    # the previous cache stays open while the store may read records from it
    return _load(data_dir, current, path, progress, write=not fresh, previous=previous)


@dataclass
class Previous:
    """What the previous cache of this folder holds that is still true, and what changed
    since (tests/test_incremental.py compares the answers with a full read's):

    - `shelves`: each kind's records as it holds them, read when asked for;
    - `kinds`: the kinds none of whose files changed (their records are copied as stored);
    - `edited`: the files edited, added or removed since, by kind and name, and `old`: the
      records they held;
    - `changed`: what that changes (knowledge_base.touched), for the tables and checks it
      holds; None when that is not known (a kind folder added, a file not read before);
    - `check_reads`: what each record's checks read (checks.cross_check).
    """

    found: cache.Cache
    shelves: dict[str, Shelf] = field(default_factory=dict)
    kinds: set[str] = field(default_factory=set)
    edited: list[tuple[str, str]] = field(default_factory=list)
    old: dict[tuple[str, str], Record] = field(default_factory=dict)
    changed: set[str] | None = field(default_factory=set)
    check_reads: CheckReads | None = None

    def note_edits(self, kind: str, names: list[str], shelf: Shelf) -> None:
        """Add files of `kind` edited, added or removed since."""
        from ..core.knowledge_base import EVERYTHING, touched

        self.edited += [(kind, n) for n in names]
        if self.changed is None:
            return
        if not all(n.endswith(".yaml") for n in names):
            self.changed = None  # what the loader makes of them is not known
            return
        for name in names:
            record = shelf.get(name.removesuffix(".yaml"))
            if record is not None:
                self.old[kind, record.id] = record
        self.changed |= touched(kind, self.old.values()) | {EVERYTHING}

    def note_loaded(self, kb: KnowledgeBase) -> None:
        """Add what the edited files' records name now."""
        from ..core.knowledge_base import touched

        for kind, name in self.edited if self.changed is not None else ():
            record = kb.added(kind).get(name.removesuffix(".yaml"))
            if record is not None and self.changed is not None:
                self.changed |= touched(kind, [record])

    def scope(self, kb: KnowledgeBase, reads: CheckReads | None) -> set[str] | None:
        """The ids of the records to cross-check again, once the edited files are loaded:
        the edited, and those whose checks read what changed (the previous state had no
        problem: a cache is written only then); None (all) when that is not known. `reads`
        is given what the others' checks read."""
        self.note_loaded(kb)
        changed, earlier = self.changed, self.check_reads
        if changed is None or earlier is None:
            return None
        edited = {name.removesuffix(".yaml") for _, name in self.edited}
        found = {
            key.split("/", 1)[1] for key, read in earlier.items() if not changed.isdisjoint(read)
        }
        if reads is not None:
            reads.update(earlier)
            for kind, name in self.edited:  # a removed record's goes; the others', checked
                reads.pop(f"{kind}/{name.removesuffix('.yaml')}", None)
        return found | edited

    def incoming(self, kb: KnowledgeBase) -> Incoming | None:
        """Who names each id now: the previous cache's index, with the entries of the edited
        records taken out and those of their new versions put in, in load order; None if
        the previous cache's cannot be read."""
        from ..core.knowledge_base import naming
        from ..core.shape import references
        from .incoming import Incoming
        from .shelves import Unshelved

        if self.changed is None:
            return None
        gone = {(kind, name.removesuffix(".yaml")) for kind, name in self.edited}
        new: dict[str, list[Naming]] = {}
        targets = {ref.target for record in self.old.values() for ref in references(record)}
        for kind, record_id in gone:
            record = kb.added(kind).get(record_id)
            if record is not None:
                for ref in references(record):
                    new.setdefault(ref.target, []).append(naming(record, ref))
        rank = {kind: i for i, kind in enumerate(kb.kinds())}
        positions: dict[str, dict[str, int]] = {}

        def place(entry: Naming) -> tuple[int, int]:
            kind = entry[0]
            if kind not in positions:
                positions[kind] = {i: n for n, i in enumerate(kb.ids(kind))}
            return rank[kind], positions[kind][entry[1]]

        index = Incoming(self.found)
        try:
            index.check()
            index.patch(targets | set(new), gone, new, place)
        except Unshelved:
            return None
        return index


def _unchanged(path: Path, current: cache.Scan) -> Previous | None:
    """What the previous cache of this folder holds (kept open while it is read from): each
    kind's records, none read yet, and what changed since."""
    import marshal

    from ..kinds import names
    from .shelves import Shelf, Unshelved

    found = cache.read_previous(path, current.base)
    if found is None:
        return None
    previous = Previous(found)
    with no_gc():
        earlier = found.section("checks")
        previous.check_reads = earlier if isinstance(earlier, dict) else None
        for kind in names():
            state = found.blob(f"files:{kind}")
            if state is None or kind not in current.folders:
                if state is not None or kind in current.folders:
                    previous.changed = None  # a kind folder added or removed, or unknown
                continue
            shelf = Shelf(found, kind)
            try:
                shelf.check()
            except Unshelved:  # read again in full
                previous.changed = None
                continue
            previous.shelves[kind] = shelf
            if state == current.folders[kind]:  # the same names, in the same order, same stats
                previous.kinds.add(kind)
                continue
            try:
                before = cache.stats_of(marshal.loads(state))
            except (EOFError, TypeError, ValueError, IndexError, KeyError):
                before = {}
            now = current.stats(kind)
            edited = [n for n, stat in now.items() if before.get(n) != stat]
            edited += [n for n in before if n not in now]
            if edited:
                previous.note_edits(kind, edited, shelf)
            else:  # the same files listed in another order
                previous.kinds.add(kind)
    return previous


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
                loaded = _load_edited(data_dir, current, previous, progress, write)
        if loaded is None:
            reuse = None
            with suppress(Unshelved):
                reuse = _reuse(previous) if previous is not None else None
            reads: CheckReads | None = {} if write and current is not None else None
            scope = None if previous is None else (lambda kb: previous.scope(kb, reads))
            kb, problems = load_with_problems(data_dir, progress, reuse, scope, reads)
            store = LoadedStore(kb, registry())
            store.check_reads = reads
        else:
            store, problems = loaded, []
        cacheable = write and current is not None and not current.recent and not problems
        sections = store.sections(current, previous) if current is not None else iter(())
        if (
            current is not None
            and cacheable
            and cache.write(path, current.key, sections, current.base)
        ):
            store.stored = path, current.key
    return store, problems


def _reuse(previous: Previous) -> Reuse:
    """The previous cache's records of files unchanged since, by kind and file name."""
    edited = set(previous.edited)
    return {
        (kind, name): record
        for kind, shelf in previous.shelves.items()
        for record in shelf.records()
        if (kind, name := f"{record.id}.yaml") not in edited
    }


def _load_edited(
    data_dir: Path,
    current: cache.Scan,
    previous: Previous,
    progress: Progress | None,
    write: bool,
) -> LoadedStore | None:
    """Read only the files edited since the previous cache, the other records staying in it
    until asked for, and check again only what the edit may change. None when that is not
    enough to give the answer a full read gives: a problem found (the full read finds them
    all, located as it locates them), a file the loader would not read as a record (it
    reports it), an id now in two kinds."""
    from ..core.knowledge_base import KnowledgeBase
    from ..core.values import ID_RE
    from ..kinds import names, registry
    from ..reading.loading import load_files, record_file
    from .shelves import Edited

    declarations = registry()
    by_name = {d.name: d for d in declarations}
    kb = KnowledgeBase(dict.fromkeys([*(d.name for d in declarations), *names()]))
    edited: dict[str, set[str]] = {}
    for kind, name in previous.edited:
        edited.setdefault(kind, set()).add(name)
    files = []
    for kind in kb.kinds():
        now = current.stats(kind)
        shelf = previous.shelves.get(kind)
        if shelf is None:
            wanted = sorted(now)
        else:
            wanted = sorted(n for n in edited.get(kind, ()) if n in now)
            order = [n.removesuffix(".yaml") for n in sorted(now)]
            gone = {n.removesuffix(".yaml") for n in edited.get(kind, ())}
            kb.shelve(kind, Edited(shelf, order, gone) if gone else shelf)
        for name in wanted:
            file = os.path.join(data_dir, kind, name)
            plain = name.endswith(".yaml") and ID_RE.fullmatch(name.removesuffix(".yaml"))
            if not plain or os.path.islink(file) or not os.path.isfile(file):
                return None
            files.append(record_file(file, by_name[kind]))
    reads: CheckReads | None = {} if write else None
    incoming: list[Incoming | None] = [None]

    def scope(kb: KnowledgeBase) -> set[str] | None:
        only = previous.scope(kb, reads)
        index = incoming[0] = previous.incoming(kb)
        if index is not None:
            kb.stored_incoming(index)
        return only

    problems: list[Problem] = []
    kb, problems = load_files(
        files, declarations, problems, progress, scope=scope, reads=reads, kb=kb
    )
    fresh = [(kind, i) for kind in kb.kinds() for i in kb.added(kind)]
    if problems or any(kb.has(k, i) for kind, i in fresh for k in kb.kinds() if k != kind):
        return None
    store = LoadedStore(kb, declarations)
    store.check_reads, store.incoming, store.previous = reads, incoming[0], previous
    return store
