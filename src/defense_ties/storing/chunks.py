"""Lists the cache stores in chunks (a kind's records, a table's rows), so that the cache of
the next state copies every chunk no edit touched as it is stored and encodes only the others."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
Chunks = tuple[list[list[str]], list[bytes]]  # each chunk's ids, and the chunk encoded


def chunked(
    ids: list[str], items: list[T], encode: Callable[[list[T]], bytes], size: int
) -> Chunks:
    """Items (by id, in order) in chunks of `size`."""
    spans = range(0, len(ids), size)
    return [ids[i : i + size] for i in spans], [encode(items[i : i + size]) for i in spans]


def spliced(
    earlier: Chunks,
    order: list[str],
    dirty: set[str],
    item: Callable[[str], T],
    encode: Callable[[list[T]], bytes],
    size: int,
) -> Chunks:
    """The chunks of a new state whose ids are `order`: each chunk of `earlier` that holds no
    id of `dirty` and whose ids still follow each other in `order`, as it is; the other ids'
    items (`item(id)`) encoded in new chunks of at most `size`."""
    chunk_ids, blobs = earlier
    owner = {i: n for n, ids in enumerate(chunk_ids) for i in ids}
    unclean = {owner[i] for i in dirty if i in owner}
    starts = {ids[0]: n for n, ids in enumerate(chunk_ids) if ids and n not in unclean}
    out_ids: list[list[str]] = []
    out: list[bytes] = []
    run_ids: list[str] = []
    run: list[T] = []

    def flush() -> None:
        for i in range(0, len(run), size):
            out_ids.append(run_ids[i : i + size])
            out.append(encode(run[i : i + size]))
        run_ids.clear()
        run.clear()

    i = 0
    while i < len(order):
        n = starts.get(order[i])
        if n is not None and order[i : i + len(chunk_ids[n])] == chunk_ids[n]:
            flush()
            out_ids.append(chunk_ids[n])
            out.append(blobs[n])
            i += len(chunk_ids[n])
            continue
        run_ids.append(order[i])
        run.append(item(order[i]))
        i += 1
    flush()
    return out_ids, out
