"""The benchmark's generator: valid knowledge bases, the same bytes for a seed, baselines that
select what `dt` selects."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, run_dt

GENERATE = REPO / "benchmarks" / "generate.py"


def generate(out: Path, seed: int = 0, total: int = 300) -> Path:
    subprocess.run(
        [sys.executable, str(GENERATE), str(total), str(out), "--seed", str(seed)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_generated_knowledge_bases_validate_and_are_reproducible(tmp_path: Path) -> None:
    first = generate(tmp_path / "a")
    code, out, err = run_dt("--data-dir", str(first), "--no-cache", "validate")
    assert code == 0, out
    records = len(tree(first))
    # about a tenth of the generated records keep quotes that state none of their facts
    assert err.startswith(f"ok: {records} records, no errors; warnings: ")
    assert 250 <= records <= 350
    unsupported = int(err.split("warnings: ")[1].split()[0])
    assert out.count("[unsupported]") == unsupported and 0 < unsupported < records // 5
    kinds = {p.parent.name for p in first.rglob("*.yaml")}
    assert kinds == {
        "sources",
        "rates",
        "officials",
        "platforms",
        "agreements",
        "deals",
        "meetings",
    }
    assert tree(generate(tmp_path / "b")) == tree(first)
    assert tree(generate(tmp_path / "c", seed=1)) != tree(first)


def test_the_jq_and_sqlite_baselines_select_the_deals_dt_selects(tmp_path: Path) -> None:
    kb = generate(tmp_path / "kb", total=600)
    code, out, _ = run_dt("--data-dir", str(kb), "deals", "--min-value", "1e9", "--format", "ids")
    assert code == 0
    selected = sorted(out.split())
    everything = json.loads(kb.with_suffix(".json").read_text())
    as_json = sorted(
        d["id"] for d in everything["deals"] if d["value_usd"] is not None and d["value_usd"] >= 1e9
    )
    with sqlite3.connect(kb.with_suffix(".sqlite")) as db:
        rows = db.execute("SELECT id FROM deals WHERE value_usd >= 1e9 ORDER BY id").fetchall()
    assert selected and selected == as_json == [r[0] for r in rows]
    assert len(selected) < len(everything["deals"])
