"""`dt` in a real pseudo-terminal at 80 and 120 columns: ids, dates and numbers never break,
and a terminal still gets a table (a pipe gets tab-separated rows)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from .conftest import run_dt

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\\\")


def in_terminal(columns: int, *args: str) -> str:
    """Run `dt ARGS` with its stdout on a pseudo-terminal `columns` wide (0: one that reports
    no size, as under `script` without a window); return the text."""
    master, slave = pty.openpty()
    if columns:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.Popen(
        [sys.executable, "-c", "from defense_ties.entry import main; main()", *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    done.wait(timeout=120)
    os.close(master)
    assert done.returncode == 0
    return ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r", "")


def test_a_terminal_that_reports_no_size_gets_80_columns():
    """A terminal of 0 columns (no window) once printed nothing at all: it gets 80."""
    code, out, _ = run_dt("meetings", "--year", "2025", "--format", "ids")
    lines = in_terminal(0, "meetings", "--year", "2025").splitlines()
    assert lines[0].startswith("Meetings (") and max(len(line) for line in lines) <= 80
    assert all(any(i in line for line in lines) for i in out.split())


@pytest.mark.parametrize("columns", [80, 120])
def test_ids_and_dates_are_never_folded_in_a_terminal(columns):
    code, out, _ = run_dt("meetings", "--year", "2025", "--format", "json")
    meetings = json.loads(out)
    text = in_terminal(columns, "meetings", "--year", "2025")
    lines = text.splitlines()
    assert lines[0].startswith(f"Meetings ({len(meetings)})")
    for m in meetings:
        assert any(m["id"] in line for line in lines), m["id"]
        assert any(m["date"] in line for line in lines)
    assert max(len(line.rstrip()) for line in lines) <= columns


def test_a_terminal_gets_a_table_and_a_pipe_gets_tab_separated_rows():
    assert "\t" not in in_terminal(120, "deals", "--limit", "3")
    code, out, _ = run_dt("deals", "--limit", "3")
    assert code == 0 and out.splitlines()[0].split("\t")[:3] == ["id", "date", "title"]


LISTINGS = [
    "meetings",
    "deals",
    "officials",
    "platforms",
    "agreements",
    "exercises",
    "notifications",
]


@pytest.mark.parametrize("columns", [30, 80, 120])
@pytest.mark.parametrize("listing", LISTINGS)
def test_every_id_of_every_listing_appears_whole_on_one_line(listing, columns):
    code, out, _ = run_dt(listing, "--format", "ids")
    ids = out.split()
    text = in_terminal(columns, listing, "--limit", "0")
    lines = text.splitlines()
    for record_id in ids:
        assert any(record_id in line for line in lines), record_id
    # only an id longer than the terminal is wide may run past its edge (the terminal wraps
    # it), so that it is copied whole
    assert all(line.strip() in ids for line in lines if len(line.rstrip()) > columns)
    code, piped, _ = run_dt(listing, "--limit", "0")
    rows = piped.splitlines()
    assert [row.split("\t")[0] for row in rows[1:]] == ids  # piped: one tab-separated row each


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_completion_in_a_real_shell_offers_the_id():
    """bash in a pseudo-terminal with dt's completion script: `dt show p-8<TAB><TAB>`."""
    dt = Path(sys.executable).parent / "dt"
    if not dt.exists():
        pytest.skip("dt is not installed next to this python")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "PATH": f"{dt.parent}:{os.environ.get('PATH', '')}", "PS1": "$ "}
    shell = subprocess.Popen(
        ["bash", "--norc", "--noprofile", "-i"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)

    def send(text: str) -> None:
        os.write(master, text.encode())

    def read_until(marker: str, seconds: float = 60) -> str:
        import select
        import time

        seen, end = b"", time.monotonic() + seconds
        while time.monotonic() < end and marker.encode() not in seen:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        return ANSI.sub("", seen.decode("utf-8", "replace"))

    try:
        send('eval "$(dt --show-completion bash)"; echo loaded\n')
        read_until("loaded\r\n")
        send("dt show p-8\t\t")
        found = read_until("p-8i")
    finally:
        shell.kill()
        shell.wait()
        os.close(master)
    assert "p-8i" in found
