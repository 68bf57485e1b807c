"""Hostile files and text, each on a copy of the good fixture: the data folder is a boundary,
text is text, nothing reaches the terminal raw, no traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import GOOD, run_dt

JET = "platforms/test-jet.yaml"


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(GOOD, folder)
    monkeypatch.chdir(folder)
    return folder


def validate() -> tuple[int, list[str], str]:
    code, out, err = run_dt("--data-dir", ".", "validate")
    assert "Traceback" not in out + err
    return code, out.splitlines(), err


def test_a_symlink_leaving_the_data_folder_is_refused_never_read(kb: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: test-jet\npassword: hunter2\n")
    (kb / JET).unlink()
    (kb / JET).symlink_to(secret)
    code, out, _ = validate()
    assert code == 1
    assert (
        "platforms/test-jet.yaml:1:1: (file): symbolic link to a file outside the data folder: "
        "not read [outside-data-folder]"
    ) in out
    assert "hunter2" not in "\n".join(out)


def test_a_symlinked_kind_folder_leaving_the_data_folder_is_refused(
    kb: Path, tmp_path: Path
) -> None:
    shutil.move(kb / "platforms", tmp_path / "elsewhere")
    (kb / "platforms").symlink_to(tmp_path / "elsewhere")
    code, out, _ = validate()
    assert (
        code == 1
        and (
            "platforms:1:1: (file): symbolic link to a file outside the data folder: not read "
            "[outside-data-folder]"
        )
        in out
    )


def test_a_symlink_inside_the_data_folder_is_read(kb: Path) -> None:
    shutil.move(kb / JET, kb / "platforms" / ".test-jet.real")
    (kb / JET).symlink_to(".test-jet.real")
    assert validate()[0] == 0


def test_loops_and_dangling_links_are_located(kb: Path) -> None:
    (kb / "platforms" / "loop-a.yaml").symlink_to("loop-b.yaml")
    (kb / "platforms" / "loop-b.yaml").symlink_to("loop-a.yaml")
    (kb / "platforms" / "gone.yaml").symlink_to("nothing-here.yaml")
    code, out, _ = validate()
    assert code == 1
    assert out == [
        "platforms/gone.yaml:1:1: (file): symbolic link to nothing [broken-symlink]",
        "platforms/loop-a.yaml:1:1: (file): symbolic link loop [symlink-loop]",
        "platforms/loop-b.yaml:1:1: (file): symbolic link loop [symlink-loop]",
        "3 errors in 3 files",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_kind_folder_is_located(kb: Path) -> None:
    (kb / "platforms").chmod(0)
    try:
        code, out, _ = validate()
    finally:
        (kb / "platforms").chmod(0o755)
    assert code == 1 and out[0] == "platforms:1:1: (file): Permission denied [unreadable]"


def test_an_error_quotes_a_short_escaped_excerpt_only(kb: Path) -> None:
    (kb / JET).write_text("just a line of text \x1b[31m" + "x" * 5000 + "\n")
    code, out, _ = validate()
    assert code == 1
    assert out[0] == (
        "platforms/test-jet.yaml:1:21: yaml: the control character \\x1b is not allowed in text "
        "(newline and tab are) [control-character]"
    )
    (kb / JET).write_text("just a line of text " + "x" * 5000 + "\n")
    code, out, _ = validate()
    assert out[0] == (
        "platforms/test-jet.yaml:1:1: (file): expected a mapping of fields, found a scalar "
        "('just a line of text xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… (5,020 characters)) "
        "[not-a-mapping]"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'role: "transport\\e[2J aircraft"',
            "platforms/test-jet.yaml:4:7: role: the control character \\x1b is not allowed in "
            "text (newline and tab are) [control-character]",
        ),
        (
            'role: "bell\\a"',
            "platforms/test-jet.yaml:4:7: role: the control character \\x07 is not allowed in "
            "text (newline and tab are) [control-character]",
        ),
        (
            'role: "C1 \\x9b31m"',
            "platforms/test-jet.yaml:4:7: role: the control character \\x9b is not allowed in "
            "text (newline and tab are) [control-character]",
        ),
        (
            'role: "abc\\u202eevil"',
            "platforms/test-jet.yaml:4:7: role: the control character \\u202e is not allowed in "
            "text (newline and tab are) [control-character]",
        ),
        (
            '"role\\nx.yaml:1:1: forged: a forged line [forged]": 1',
            "platforms/test-jet.yaml:4:1: yaml: key 'role\\nx.yaml:1:1: forged: a forged line "
            "[forged]' holds the control character \\x0a [control-character]",
        ),
    ],
)
def test_control_characters_are_refused_located(kb: Path, text: str, expected: str) -> None:
    page = kb / JET
    page.write_text(page.read_text().replace("role: transport aircraft", text))
    code, out, _ = validate()
    assert code == 1 and out == [expected, "1 error in 1 file"]


def test_newlines_and_tabs_in_prose_are_allowed(kb: Path) -> None:
    page = kb / JET
    page.write_text(page.read_text().replace("transport aircraft", '"transport\\n\\taircraft"'))
    assert validate()[0] == 0


def test_a_file_name_with_a_control_character_is_refused_escaped(kb: Path) -> None:
    shutil.copy(kb / JET, kb / "platforms" / "evil\x1b[2J.yaml")
    code, out, _ = validate()
    assert code == 1
    assert out[0] == (
        "platforms/evil\\x1b[2J.yaml:1:1: (file): 'evil\\x1b[2J' is not a valid id: use "
        "lowercase kebab-case [bad-filename]"
    )


def test_a_5000_digit_integer_is_refused(kb: Path) -> None:
    page = kb / JET
    page.write_text(page.read_text().replace("inducted: 2013", "inducted: " + "9" * 5000))
    code, out, _ = validate()
    assert code == 1 and out[0] == (
        "platforms/test-jet.yaml:9:15: operators[0].inducted: a number of 5,000 digits: at most "
        "30 are allowed [number-too-long]"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_is_one_line_and_exit_1() -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from defense_ties.entry import main; main()",
                "meetings",
                "-f",
                "json",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr == "dt: error: cannot write the output: No space left on device\n"


def test_problem_paths_show_relative_below_the_working_directory(tmp_path, monkeypatch):
    """Paths in messages: relative below the working directory, else as given; a link to a
    file elsewhere is judged by where it leads (its folder's answer is not reused)."""
    from defense_ties.reading.problems import display_path

    (tmp_path / "kb" / "meetings").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.yaml").write_text("y")
    (tmp_path / "kb" / "meetings" / "b.yaml").symlink_to(tmp_path / "other" / "b.yaml")
    record = tmp_path / "kb" / "meetings" / "a.yaml"
    linked = tmp_path / "kb" / "meetings" / "b.yaml"
    monkeypatch.chdir(tmp_path / "kb")
    assert display_path(record) == "meetings/a.yaml"
    assert display_path(linked) == str(linked)  # leads outside the working directory
    assert display_path(Path("meetings/a.yaml")) == "meetings/a.yaml"
    monkeypatch.chdir(tmp_path / "kb" / "meetings")
    assert display_path(record) == "a.yaml"
    assert display_path(Path("a.yaml")) == "a.yaml"
    monkeypatch.chdir(tmp_path / "other")
    assert display_path(record) == str(record)
    assert display_path(Path("../kb/meetings/a.yaml")) == "../kb/meetings/a.yaml"
    assert display_path(linked) == "../kb/meetings/b.yaml"  # it leads here: not its folder's answer


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_output_is_utf8_whatever_the_locale_says(encoding, tmp_path):
    """A stream set to another encoding failed with a traceback on the first "≈" or curly
    quote; dt writes UTF-8, as its exported files are."""
    import subprocess
    import sys

    probe = "from defense_ties.entry import main; main()"
    env = {**os.environ, "PYTHONIOENCODING": encoding, "XDG_CACHE_HOME": str(tmp_path)}
    for args in (["deals", "--columns", "id,value"], ["why", "2015-apache-chinook", "signed"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, env=env)
        assert done.returncode == 0 and done.stderr == b"", done.stderr[-300:]
        text = done.stdout.decode("utf-8")
        assert ("≈$" in text) if args[0] == "deals" else ("“" in text and "»" in text)


def _closed(stream: str, *args: str, tmp_path: Path) -> tuple[int, bytes]:
    """Run dt with its standard output (`>&-`) or standard error (`2>&-`) closed: the exit
    code and what it wrote to the other stream."""
    import subprocess
    import sys

    probe = "from defense_ties.entry import main; main()"
    redirect = {"stdout": ">&-", "stderr": "2>&-"}[stream]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        ["sh", "-c", f'exec "$0" "$@" {redirect}', sys.executable, "-c", probe, *args],
        capture_output=True,
        env=env,
    )
    return done.returncode, done.stderr if stream == "stdout" else done.stdout


def test_a_closed_standard_output_is_one_line_and_exit_1(tmp_path):
    """`dt meetings >&-` was a traceback: standard output is None in such a process."""
    code, err = _closed("stdout", "meetings", "--year", "2025", tmp_path=tmp_path)
    assert (code, err) == (1, b"dt: error: cannot write the output: standard output is closed\n")


def test_a_closed_standard_error_changes_nothing(tmp_path):
    """`dt meetings 2>&-` printed its listing, then failed (exit 1) flushing stderr."""
    code, out = _closed("stderr", "meetings", "--year", "2025", tmp_path=tmp_path)
    assert code == 0 and out.startswith(b"id\tdate\t")


def test_a_pipe_or_folder_named_like_a_record_is_never_read(kb: Path) -> None:
    """Reading a FIFO would hang the call: it is reported, by what it is, and never opened."""
    os.mkfifo(kb / "meetings" / "2099-01-01-a-pipe.yaml")
    (kb / "meetings" / "2099-01-02-a-folder.yaml").mkdir()
    code, out, _ = run_dt("--data-dir", str(kb), "validate")
    assert code == 1
    for name in ("2099-01-01-a-pipe.yaml", "2099-01-02-a-folder.yaml"):
        assert (
            f"meetings/{name}:1:1: (file): not a regular file (a folder, a pipe or a device): "
            "never read [not-a-file]"
        ) in out
