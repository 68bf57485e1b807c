"""Shared helpers: fixture knowledge bases and running `dt` in-process."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SRC = REPO / "src"

# The tests test this checkout's src/, not an installed copy (pip install '.[test]' puts one in
# site-packages): pytest puts src/ first on the path (pyproject's pythonpath), and the Python
# processes the tests start find it first too.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p
)


def overlay_kb(tmp_path: Path, group: str, scenario: str) -> Path:
    """A copy of the good fixture with one scenario's files laid over it."""
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    shutil.copytree(FIXTURES / group / scenario, kb, dirs_exist_ok=True)
    return kb


def run_dt(*args: str) -> tuple[int, str, str]:
    """Run `dt` through its real entry point; return (exit code, stdout, stderr)."""
    from io import StringIO

    from defense_ties.entry import run

    out, err = StringIO(), StringIO()
    old = sys.argv, sys.stdout, sys.stderr
    sys.argv, sys.stdout, sys.stderr = ["dt", *args], out, err
    try:
        code = run(list(args))
    finally:
        sys.argv, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _isolated_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No data folder or cache setting from the environment; each test its own cache folder."""
    monkeypatch.delenv("DT_DATA_DIR", raising=False)
    monkeypatch.delenv("DT_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("COLUMNS", "200")
