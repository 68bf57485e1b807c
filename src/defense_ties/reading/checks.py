"""Checks across records, run after everything has loaded. Each problem has a stable code:

- dangling-reference: an id that names no record
- wrong-kind: an id that names a record of another kind (a platform given as a participant)
- missing-source: a citation or value that names no source record
- uncited-source: a value or rate attributed to a source the record does not cite
- duplicate-reference: the same id twice in one list
- end-before-start: a period that ends before it starts
- and each kind's own checks (kinds/*.py), e.g. not-in-office, no-rate, duplicate-year
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import Any

from ..core.declaration import Declaration, Finding
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record, Sourced
from ..core.shape import Ref, references

CheckReads = dict[str, list[str]]  # "KIND/ID": what its checks read but itself (if anything)


def cross_check(
    kb: KnowledgeBase,
    declarations: list[Declaration[Any]],
    unloadable: Set[str] = frozenset(),
    only: Set[str] | None = None,
    reads: CheckReads | None = None,
) -> Iterator[Finding]:
    """Problems between records; ids in `unloadable` name files already reported as broken
    (or known to exist without being loaded); `only`: check just these records; `reads`:
    set each checked record's entry to what its checks read (KnowledgeBase.traced), so that
    after an edit only the records whose checks read a change need checking again."""
    by_kind = {d.name: d for d in declarations}
    for kind in kb.kinds():
        for record_id in kb.ids(kind):
            if only is None or record_id in only:
                yield from _checked(kb, by_kind, kind, record_id, unloadable, reads)


def _checked(
    kb: KnowledgeBase,
    by_kind: dict[str, Declaration[Any]],
    kind: str,
    record_id: str,
    unloadable: Set[str],
    reads: CheckReads | None,
) -> Iterator[Finding]:
    """The problems of one record with others, noting what its checks read in `reads`."""
    record = kb.records[kind].get(record_id)
    if record is None:  # a file of an id that did not load as it (reported already)
        return
    if reads is None:
        yield from _checks(kb, by_kind, record, unloadable)
        return
    with kb.traced() as read:
        found = list(_checks(kb, by_kind, record, unloadable))
    read.discard("r:" + record.id)
    key = f"{kind}/{record_id}"
    if read:
        reads[key] = kb.shared(read)
    else:
        reads.pop(key, None)
    yield from found


def _checks(
    kb: KnowledgeBase, by_kind: dict[str, Declaration[Any]], record: Record, unloadable: Set[str]
) -> Iterator[Finding]:
    """The problems of one record with others."""
    declaration = by_kind[record.record_kind]
    refs = references(record)
    yield from _check_references(kb, by_kind, record, refs, unloadable)
    yield from _check_attributions(record, refs)
    for path, start, end in declaration.periods(record):
        if start is not None and end is not None and end.end < start.start:
            yield record.id, path, f"{end} is before the start {start}", "end-before-start"
    for check in declaration.checks:
        yield from check(kb, record)


def _check_references(
    kb: KnowledgeBase,
    by_kind: dict[str, Declaration[Any]],
    record: Record,
    refs: list[Ref],
    unloadable: Set[str],
) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for ref in refs:
        list_name = str(ref.path[0])
        if (list_name, ref.target) in seen and isinstance(ref.path[-1], int):
            yield record.id, ref.path, f"{ref.target!r} is listed twice", "duplicate-reference"
        seen.add((list_name, ref.target))
        if kb.has(ref.kind, ref.target) or ref.target in unloadable:
            continue
        other = kb.find(ref.target)
        wanted = _kind(by_kind, ref.kind).singular
        if other is not None:
            found = _kind(by_kind, other.record_kind).singular
            message = f"{ref.target!r} is {_a(found)}, not {_a(wanted)}"
            yield record.id, ref.path, message, "wrong-kind"
        elif ref.kind == "sources":
            yield record.id, ref.path, f"no source {ref.target!r} in sources/", "missing-source"
        else:
            message = f"no {wanted} {ref.target!r} in {ref.kind}/"
            yield record.id, ref.path, message, "dangling-reference"


def _check_attributions(record: Record, refs: list[Ref]) -> Iterator[Finding]:
    """A source named outside the citations (a value's, a rate's) must be cited too."""
    if not isinstance(record, Sourced):
        return
    cited = {c.source for c in record.sources}
    for ref in refs:
        if ref.kind == "sources" and ref.path[0] != "sources" and ref.target not in cited:
            message = (
                f"source {ref.target!r} is not among this record's sources: cite it there with "
                "a quote"
            )
            yield record.id, ref.path, message, "uncited-source"


def _kind(by_kind: dict[str, Declaration[Any]], name: str) -> Declaration[Any]:
    """A kind's declaration: of those loaded, else imported now (a check of a few records
    loads only their kinds)."""
    if name not in by_kind:
        from ..kinds import declaration

        by_kind[name] = declaration(name)
    return by_kind[name]


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun
