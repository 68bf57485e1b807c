"""A lean start-up: each call imports only what its command uses (checked in a fresh process),
and slow cold loads show progress only on a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from defense_ties.progress import LoadProgress

from .conftest import DATA

HEAVY = {"pydantic", "pydantic_core", "yaml", "rich", "sqlite3", "defense_ties.models"}
PROBE = """
import sys, json
from defense_ties.cli import main
sys.argv = ["dt", *sys.argv[1:]]
try:
    main()
finally:
    sys.stdout.flush()
    sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    """The modules a fresh `dt` process had imported when it finished."""
    env = {**os.environ, "DT_DATA_DIR": str(DATA)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr[done.stderr.index("[") :]))


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY - {"defense_ties"}}


def test_help_imports_nothing_heavy() -> None:
    assert heavy(modules_after("--help")) == set()
    assert heavy(modules_after("deals", "--help")) == set()


@pytest.mark.parametrize("listing", ["meetings", "deals", "officials", "platforms", "agreements"])
def test_a_cached_json_listing_imports_no_models_yaml_or_rich(listing: str) -> None:
    modules_after(listing, "--format", "json")  # builds the cache
    assert heavy(modules_after(listing, "--format", "json")) == set()


def test_a_cached_table_imports_rich_but_no_models_or_yaml() -> None:
    modules_after("meetings", "--year", "2025")
    found = modules_after("meetings", "--year", "2025")
    assert "rich.table" in found
    assert heavy(found) == {m for m in found if m.split(".")[0] == "rich"}


def test_a_cold_load_uses_the_c_parser() -> None:
    found = modules_after("--no-cache", "meetings", "--format", "ids")
    assert "yaml._yaml" in found and "pydantic" in found


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_once_the_load_is_slow() -> None:
    stream = FakeTerminal()
    progress = LoadProgress(stream, delay=0)
    for done in range(1, 11):
        progress(done, 10)
    progress.close()
    text = stream.getvalue()
    assert "[##############################] 10/10 files" in text
    assert text.endswith("\r\x1b[2K")  # the bar is erased when the load ends


def test_progress_stays_silent_when_fast_or_not_a_terminal() -> None:
    fast, piped = FakeTerminal(), io.StringIO()
    for stream, delay in ((fast, 60.0), (piped, 0.0)):
        progress = LoadProgress(stream, delay=delay)
        for done in range(1, 11):
            progress(done, 10)
        progress.close()
    assert fast.getvalue() == "" and piped.getvalue() == ""
