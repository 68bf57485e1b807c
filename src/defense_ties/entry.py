"""The `dt` entry point: help pages straight from the cache, everything else through the CLI.

A help page depends only on the installed `dt`, the command asked about and the terminal's
width, yet building it means importing typer and declaring every command: most of a call's
time. So `dt --help` and `dt COMMAND --help` are written to the cache folder the first time,
keyed by the package's files (as the knowledge-base cache is), the arguments and the width,
and served from there afterwards without importing typer at all. Any problem on that path
falls back to the CLI, which is always right.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path


def main() -> None:
    """The console script: run, flush, and leave without tearing the interpreter down.

    Finalising a hundred-odd modules at exit costs 30-40 ms a call (18% of the import
    baseline, measured); nothing of ours is left to run then: files are written and renamed
    before a command returns, and stdout and stderr are flushed here."""
    try:
        run()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    os._exit(code)


def run() -> None:
    """Answer the command line in sys.argv; exits through SystemExit like the CLI."""
    args = sys.argv[1:]
    path = _help_path(args) if _is_help_request(args) else None
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        if text is not None:
            _print(text)
            sys.exit(0)
        _capture_help(path)
    from .cli import main as cli_main

    cli_main()


def _is_help_request(args: list[str]) -> bool:
    """`--help` alone or after one command name (no options whose values could matter)."""
    return (
        1 <= len(args) <= 2
        and args[-1] == "--help"
        and all(a.isascii() and a.isalpha() for a in args[:-1])
    )


def _help_path(args: list[str]) -> Path | None:
    try:
        from .cache import ENV_NO_CACHE, cache_dir, digest, package_stamp

        folder = cache_dir()
        if folder is None or os.environ.get(ENV_NO_CACHE, "").lower() in ("1", "true", "yes"):
            return None
        size = shutil.get_terminal_size()
        page = (sys.version, os.path.basename(sys.argv[0]), args, size.columns)
        key = digest(package_stamp(), repr(page).encode())
        return folder / f"help-{key[:24]}.txt"
    except OSError:
        return None


def _capture_help(path: Path) -> None:
    """Run the CLI with stdout captured; keep the page when it succeeds, print it either way."""
    import io

    from .cli import main as cli_main

    real, captured = sys.stdout, io.StringIO()
    sys.stdout = captured
    try:
        cli_main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.stdout = real
    text = captured.getvalue()
    if code in (0, None) and text:
        _store(path, text)
    _print(text)
    sys.exit(code)


def _store(path: Path, text: str) -> None:
    from .atomic import replacing

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as temporary:
            temporary.write_text(text, encoding="utf-8")
    except OSError:
        pass  # an unwritable cache only costs speed


def _print(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
