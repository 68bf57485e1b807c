"""Lists the cache stores in parts (a kind's records, a table's rows: cache.Parts), so that a
call reads only the parts it needs, and the cache of the next state copies every part no edit
touched as it is stored and encodes only the others."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .cache import Parts, Stored

T = TypeVar("T")


def chunked(ids: list[str], items: list[T], encode: Callable[[list[T]], bytes], size: int) -> Parts:
    """Items (by id, in order) in parts of `size`."""
    spans = range(0, len(ids), size)
    return Parts([ids[i : i + size] for i in spans], [encode(items[i : i + size]) for i in spans])


def spliced(
    ids: list[list[str]],
    stored: Callable[[int], Stored | None],
    order: list[str],
    dirty: set[str],
    item: Callable[[str], T],
    encode: Callable[[list[T]], bytes],
    size: int,
) -> Parts:
    """The parts of a new state whose ids are `order`, from those of an earlier state (each
    part's `ids`, and part n as `stored(n)`): a part that holds no id of `dirty`, and whose
    ids still follow each other in `order`, as it is stored; the other ids' items
    (`item(id)`) encoded in new parts of at most `size`."""
    owner = {i: n for n, part in enumerate(ids) for i in part}
    unclean = {owner[i] for i in dirty if i in owner}
    starts = {part[0]: n for n, part in enumerate(ids) if part and n not in unclean}
    out = Parts([], [])
    run_ids: list[str] = []
    run: list[T] = []

    def flush() -> None:
        for i in range(0, len(run), size):
            out.ids.append(run_ids[i : i + size])
            out.parts.append(encode(run[i : i + size]))
        run_ids.clear()
        run.clear()

    i = 0
    while i < len(order):
        n = starts.get(order[i])
        kept = stored(n) if n is not None and order[i : i + len(ids[n])] == ids[n] else None
        if n is not None and kept is not None:
            flush()
            out.ids.append(ids[n])
            out.parts.append(kept)
            i += len(ids[n])
            continue
        run_ids.append(order[i])
        run.append(item(order[i]))
        i += 1
    flush()
    return out
