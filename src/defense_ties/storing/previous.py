"""What the previous cache of a data folder holds that is still true after an edit, and the
load that reads only what the edit touched (see storing.store for the whole design)."""

from __future__ import annotations

import os
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.gc_pause import no_gc
from . import cache

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase, Naming
    from ..core.records import Record
    from ..reading.checks import CheckReads
    from ..reading.loading import Progress
    from ..reading.problems import Problem
    from .incoming import Incoming
    from .shelves import Shelf
    from .tables import Reads

Reuse = dict[tuple[str, str], "Record"]  # (kind, file name): the record read from it


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

    def memos(self) -> dict[str, tuple[object, list[str]]]:
        """The lasting memos the previous cache holds that nothing changed since was read by
        (KnowledgeBase.keep_memos); none when what changed is not known."""
        return stored_memos(self.found, self.changed) if self.changed is not None else {}

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
        except (Unshelved, KeyError):  # damaged, or naming a record not there: rebuilt
            return None
        return index


def previous_state(path: Path, current: cache.Scan) -> Previous | None:
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


def reused(previous: Previous) -> Reuse:
    """The previous cache's records of files unchanged since, by kind and file name."""
    edited = set(previous.edited)
    return {
        (kind, name): record
        for kind, shelf in previous.shelves.items()
        for record in shelf.records()
        if (kind, name := f"{record.id}.yaml") not in edited
    }


def load_edited(
    data_dir: Path,
    current: cache.Scan,
    previous: Previous,
    progress: Progress | None,
    write: bool,
) -> tuple[KnowledgeBase, CheckReads | None, Incoming | None] | None:
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
    fresh: list[tuple[str, str]] = []  # the records read now, by kind and id
    for kind in kb.kinds():
        shelf = previous.shelves.get(kind)
        if shelf is not None and kind not in edited:  # as the previous cache holds it
            kb.shelve(kind, shelf)
            continue
        now = current.stats(kind)
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
            fresh.append((kind, name.removesuffix(".yaml")))
    reads: CheckReads | None = {} if write else None
    incoming: list[Incoming | None] = [None]

    def scope(kb: KnowledgeBase) -> set[str] | None:
        only = previous.scope(kb, reads)
        kb.keep_memos(previous.memos())
        index = incoming[0] = previous.incoming(kb)
        if index is not None:
            kb.stored_incoming(index)
        return only

    problems: list[Problem] = []
    kb, problems = load_files(
        files, declarations, problems, progress, scope=scope, reads=reads, kb=kb
    )
    if problems or any(kb.has(k, i) for kind, i in fresh for k in kb.kinds() if k != kind):
        return None
    return kb, reads, incoming[0]


def stored_memos(
    found: cache.Cache, changed: Set[str] = frozenset()
) -> dict[str, tuple[object, list[str]]]:
    """The lasting memos (KnowledgeBase.lasting_memos) a cache holds, but those that read
    anything `changed`; none if the section is missing or damaged."""
    stored = found.section("memos")
    if not isinstance(stored, dict):
        return {}
    return {
        key: (entry[0], entry[1])
        for key, entry in stored.items()
        if isinstance(key, str)
        and isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[1], list)
        and changed.isdisjoint(entry[1])
    }


def earlier(found: cache.Cache, section: str, kind: str) -> Earlier | None:
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
    return Earlier(stored, section, reads_blob, ids, reads)


@dataclass(frozen=True)
class Earlier:
    """A table (or an unlisted kind's documents) of the previous cache, and its rows' reads."""

    stored: cache.Stored  # as stored, not read yet: a copy is checked when read
    name: str  # its section
    reads_blob: bytes
    ids: list[str]
    reads: Reads

    def data(self) -> Any:
        """The documents' data, if undamaged (its users check its shape)."""
        return self.stored.found.section(self.name)
