"""The `dt` entry point: one place for exit codes, interrupted calls and closed pipes; help
pages straight from the cache folder.

A help page depends only on the installed `dt`, the command asked about and the terminal's
width, yet building it means importing typer and declaring every command: most of a call's
time. So `dt --help` and `dt COMMAND --help` are written to the cache folder the first time,
keyed by the package's files, the arguments and the width, and served from there afterwards
without importing typer at all (measured: 0.28x against 0.65x the import baseline). Any
problem on that path falls back to the CLI, which is always right.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import shutil
import sys
from pathlib import Path
from typing import Any, TextIO


def main() -> None:
    """The console script: run, flush, and leave with the right exit code, never a traceback.

    Leaving through os._exit skips finalising a hundred-odd modules (30-40 ms a call,
    measured); files are written and renamed before a command returns, and stdout and stderr
    are flushed here first.

    The cycle collector is off for the whole call: a call is short, what it loads lives until
    it ends, and collecting only rescans it (measured: 45 ms of a 0.78 s `dt validate` at
    10,000 records, most of it the first collection after the load; 10 ms of imports).

    Output is UTF-8 whatever the locale says, as the exported files are: a stream set to
    another encoding (PYTHONIOENCODING=latin-1, a legacy code page on a pipe) would otherwise
    fail on the first "≈" or curly quote, half-way through a listing."""
    gc.disable()
    if sys.stderr is None:  # started with it closed: messages have nowhere to go
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:  # started with it closed: an error when a command writes to it
        sys.stdout = _Closed()
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    try:
        code = run(sys.argv[1:])
        _flush()
    except KeyboardInterrupt:
        code = 130
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write("\ndt: interrupted\n")
            sys.stderr.flush()
    except BrokenPipeError:
        _silence(sys.stdout)
        code = 0
    except OSError as exc:  # stdout on a full disk, a closed terminal
        code = 1
        with contextlib.suppress(OSError, ValueError):
            reason = exc.strerror or str(exc)
            sys.stderr.write(f"dt: error: cannot write the output: {reason}\n")
            sys.stderr.flush()
    os._exit(code)


def _utf8(stream: Any) -> None:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if stream is not None and encoding != "utf8":
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(encoding="utf-8")


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            _silence(stream)


def _silence(stream: object) -> None:
    """After the reader went away, point the stream at /dev/null so nothing more fails."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())  # type: ignore[attr-defined]


def run(args: list[str]) -> int:
    """Answer the command line; the exit code."""
    path = _help_path(args) if _is_help_request(args) else None
    if path is not None:
        from .storing.cache import read_blob

        blob = read_blob(path)
        try:
            text = blob.decode("utf-8") if blob is not None else None
        except UnicodeDecodeError:
            text = None
        if text is not None:
            sys.stdout.write(text)
            return 0
        return _capture_help(path, args)
    return _cli(args)


class _Closed(io.TextIOBase):
    """Standard output when `dt` was started with it closed (`dt meetings >&-`)."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class PipeClosed(Exception):
    """The reader of stdout went away. Not an OSError, so that click does not turn it into
    exit 1 on its way out: it ends the call quietly with 0, as a filter should."""


class _Output:
    """stdout as commands see it: a closed pipe raises PipeClosed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise PipeClosed from None

    def writelines(self, lines: Any) -> None:  # not passed through: click exits 1 on EPIPE
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise PipeClosed from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _cli(args: list[str]) -> int:
    """Run the typer application; usage errors and other failures as one line on stderr."""
    real = sys.stdout
    sys.stdout = _Output(real)  # type: ignore[assignment,unused-ignore]
    try:
        return _run_app(args)
    except PipeClosed:
        _silence(real)
        return 0
    finally:
        sys.stdout = real


def _run_app(args: list[str]) -> int:
    import typer

    from .cli.app import default_app

    # click's classes, wherever this typer keeps click (vendored or not)
    usage_error: type[Any] = _click_class(typer, "UsageError")
    click_exception: type[Any] = _click_class(typer, "ClickException")
    try:
        result = default_app(args)(args=args, prog_name="dt", standalone_mode=False)
    except usage_error as exc:
        _error(exc.format_message())
        return 2
    except click_exception as exc:
        _error(exc.format_message())
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return 130
    except OSError as exc:
        writing = (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF)  # main() reports these
        if exc.errno in writing or isinstance(exc, BrokenPipeError):
            raise
        _error(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
        return 1
    return result if isinstance(result, int) else 0


def _click_class(typer: Any, name: str) -> type[Any]:
    found: type[Any] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)
    return found


def _error(message: str) -> None:
    sys.stderr.write(f"dt: error: {message}\n")


def _is_help_request(args: list[str]) -> bool:
    """`--help` alone or after one command name (no options whose values could matter)."""
    return (
        1 <= len(args) <= 2
        and args[-1] == "--help"
        and all(a.isascii() and a.isalpha() for a in args[:-1])
    )


def _help_path(args: list[str]) -> Path | None:
    from .storing.cache import ENV_NO_CACHE, cache_dir, digest, package_stamp

    if os.environ.get(ENV_NO_CACHE, "").lower() in ("1", "true", "yes"):
        return None
    try:
        size = shutil.get_terminal_size()
        page = (sys.version, args, size.columns)
        key = digest(package_stamp(), repr(page).encode())
        return cache_dir() / f"help-{key[:24]}.bin"
    except OSError:
        return None


def _capture_help(path: Path, args: list[str]) -> int:
    """Run the CLI with stdout captured; keep the page when it succeeds, print it either way."""
    import io

    real, captured = sys.stdout, io.StringIO()
    sys.stdout = captured
    try:
        code = _cli(args)
    finally:
        sys.stdout = real
    text = captured.getvalue()
    if code == 0 and text:
        from .storing.cache import write_blob

        write_blob(path, text.encode("utf-8"))
    sys.stdout.write(text)
    return code
