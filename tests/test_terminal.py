"""`dt` in a real pseudo-terminal at 80 and 120 columns: ids, dates and numbers never break,
and a terminal still gets a table (a pipe gets tab-separated rows)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

from .conftest import run_dt

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\\\")


def in_terminal(columns: int, *args: str) -> str:
    """Run `dt ARGS` with its stdout on a pseudo-terminal `columns` wide; return the text."""
    master, slave = pty.openpty()
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
