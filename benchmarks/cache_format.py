"""Why the cache is marshal: read one listing's table back from three candidate formats.

    python benchmarks/cache_format.py DATA_DIR [--runs 5]

Loads DATA_DIR once (no cache), stores the deals table (facets, rows, JSON documents) as a
marshal blob, as a pickle and as an SQLite table with JSON columns, then times reading it back
into Python lists, in a fresh interpreter each run (import cost included), median of --runs.
"""

from __future__ import annotations

import argparse
import marshal
import pickle
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

READERS = {
    "marshal": "import marshal\ndata = marshal.loads(open(PATH, 'rb').read())",
    "pickle": "import pickle\ndata = pickle.loads(open(PATH, 'rb').read())",
    "sqlite (json columns)": (
        "import sqlite3, json\n"
        "query = 'SELECT id, facets, row, doc FROM deals'\n"
        "rows = sqlite3.connect(PATH).execute(query).fetchall()\n"
        "data = ([r[0] for r in rows], [json.loads(r[1]) for r in rows],\n"
        "        [json.loads(r[2]) for r in rows], [r[3] for r in rows])"
    ),
}


def write_candidates(data: tuple[Any, ...], folder: Path) -> dict[str, Path]:
    import json

    paths = {name: folder / name.split()[0] for name in READERS}
    paths["marshal"].write_bytes(marshal.dumps(data))
    paths["pickle"].write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    with sqlite3.connect(paths["sqlite (json columns)"]) as db:
        db.execute("CREATE TABLE deals (id TEXT PRIMARY KEY, facets TEXT, row TEXT, doc TEXT)")
        db.executemany(
            "INSERT INTO deals VALUES (?, ?, ?, ?)",
            [(i, json.dumps(f), json.dumps(r), d) for i, f, r, d in zip(*data, strict=True)],
        )
    return paths


def time_reader(code: str, path: Path, runs: int) -> float:
    script = f"PATH = {str(path)!r}\n{code}"
    times = []
    for _ in range(runs + 1):  # the first run warms the page cache
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", script], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from defense_ties.storing.store import open_store

    store, problems = open_store(args.data_dir, use_cache=False)
    if problems:
        sys.exit(f"{args.data_dir} has problems: run dt validate")
    table = store.table("deals")
    baseline = time_reader("pass", Path("/dev/null"), args.runs)
    print(f"deals: {len(table.ids)}; python -c pass: {baseline:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        columns = (table.ids, table.keys, table.rows, table.docs)
        for name, path in write_candidates(columns, Path(tmp)).items():
            seconds = time_reader(READERS[name], path, args.runs)
            size = path.stat().st_size / 2**20
            print(
                f"{name:<24}{seconds:.3f} s  ({seconds - baseline:.3f} s over pass)  {size:.1f} MiB"
            )


if __name__ == "__main__":
    main()
