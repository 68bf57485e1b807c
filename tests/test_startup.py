"""A lean start-up: each call imports only what its command uses (checked in a fresh process),
and slow cold loads show progress only on a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from defense_ties.cli.progress import LoadProgress

from .conftest import DATA

HEAVY = {"pydantic", "pydantic_core", "yaml", "rich", "sqlite3"}
PROBE = """
import sys, json
from defense_ties.entry import run as main  # main() itself leaves through os._exit
code = 1
try:
    code = main(sys.argv[1:])
finally:
    sys.stdout.flush()
    sys.stderr.write(json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


def run_probe(*args: str, **env: str) -> tuple[str, set[str]]:
    """What a fresh `dt` process (the installed entry point) printed, and the modules it had
    imported when it finished."""
    env = {**os.environ, "DT_DATA_DIR": str(DATA), **env}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, set(json.loads(done.stderr[done.stderr.rindex("[") :]))


def modules_after(*args: str) -> set[str]:
    return run_probe(*args)[1]


def heavy(modules: set[str]) -> set[str]:
    """Third-party packages that cost start-up time, and the kinds' models."""
    return {m for m in modules if m.split(".")[0] in HEAVY or m.startswith("defense_ties.kinds.")}


def test_help_imports_nothing_heavy() -> None:
    modules_after("meetings", "--help")  # the first call builds the listing specs
    assert heavy(modules_after("--help")) == set()
    assert heavy(modules_after("deals", "--help")) == set()


@pytest.mark.parametrize("args", [("--help",), ("deals", "--help")])
def test_help_pages_come_from_the_cache_without_typer(args: tuple[str, ...]) -> None:
    first, built = run_probe(*args, COLUMNS="100")
    again, served = run_probe(*args, COLUMNS="100")
    assert again == first and "Usage: dt" in first
    assert "typer" in built and "typer" not in served
    fresh, _ = run_probe(*args, COLUMNS="100", DT_NO_CACHE="1")  # the CLI itself, no cache
    assert fresh == first


def test_help_pages_follow_the_width_and_a_new_dt(monkeypatch) -> None:
    wide, _ = run_probe("--help", COLUMNS="100")
    narrow, narrow_modules = run_probe("--help", COLUMNS="60")
    assert "typer" in narrow_modules and narrow != wide
    from defense_ties import entry
    from defense_ties.storing import cache

    monkeypatch.setattr(sys, "argv", ["dt", "--help"])
    before = entry._help_path(["--help"])
    monkeypatch.setattr(cache, "package_stamp", lambda: b"another build of dt")
    assert entry._help_path(["--help"]) != before


def test_failed_help_requests_are_not_stored() -> None:
    env = {**os.environ, "DT_DATA_DIR": str(DATA)}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, "nosuchcommand", "--help"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2 and "nosuchcommand" in done.stderr
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "defense-ties"
    assert not folder.exists() or not list(folder.glob("help-*"))


@pytest.mark.parametrize("listing", ["meetings", "deals", "officials", "platforms", "agreements"])
def test_a_cached_json_listing_imports_no_models_yaml_or_rich(listing: str) -> None:
    modules_after(listing, "--format", "json")  # builds the cache
    assert heavy(modules_after(listing, "--format", "json")) == set()


def test_a_cached_table_imports_rich_but_no_models_or_yaml() -> None:
    modules_after("meetings", "--year", "2025", "--format", "table")
    found = modules_after("meetings", "--year", "2025", "--format", "table")
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


def test_the_console_script_exits_with_the_cli_codes_and_flushed_output() -> None:
    """`main()` leaves through os._exit: exit codes and every byte of output must survive."""
    command = [sys.executable, "-c", "from defense_ties.entry import main; main()"]
    env = {**os.environ, "DT_DATA_DIR": str(DATA)}

    def dt(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, timeout=120
        )

    listing = dt("meetings", "--format", "json")
    assert listing.returncode == 0 and len(json.loads(listing.stdout)) > 50
    bad = dt("deals", "--min-value", "lots")
    assert bad.returncode == 2 and bad.stderr.startswith("dt: error: ") and bad.stdout == ""
    validate = dt("validate")
    assert validate.returncode == 0 and validate.stderr.startswith("ok: ")
    missing = dt("show", "no-such-record")
    assert missing.returncode == 2 and "no record with id" in missing.stderr  # a usage error


def test_loading_leaves_a_library_callers_collector_as_it_was():
    """`dt` turns the cycle collector off for its short call; a program that loads a knowledge
    base through the library keeps its collector on, and nothing is frozen out of it."""
    import gc

    from defense_ties.reading.provenance import every_finding
    from defense_ties.storing.store import open_store

    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    store, problems = open_store(DATA, use_cache=False)
    assert problems == [] and every_finding(store.knowledge_base())
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_dt_runs_with_the_collector_off():
    probe = (
        "import gc, defense_ties.entry as e; e.run = lambda a: print(gc.isenabled()) or 0; e.main()"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
