"""The README documents every command, and its examples run."""

from __future__ import annotations

import re
import shlex

import pytest

from defense_ties.cli.app import build_app
from defense_ties.storing.listings import listing_specs

from .conftest import REPO, run_dt

app = build_app(listing_specs(use_cache=False))

README = (REPO / "README.md").read_text(encoding="utf-8")
EXAMPLES = [
    line.split("#")[0].strip() for line in README.splitlines() if re.match(r"^dt [a-z]", line)
]


def test_every_command_appears_in_the_readme():
    import typer.main

    names = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert {n for n in names if f"dt {n}" not in README} == set()


WRITERS = ("dt new ",)  # examples that add to the data folder: run on a copy of it


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_examples_run(example, tmp_path):
    args = shlex.split(example)[1:]
    if example.startswith(WRITERS):
        import shutil

        from .conftest import DATA

        shutil.copytree(DATA, tmp_path / "data")
        args = ["--data-dir", str(tmp_path / "data"), *args]
    code, out, err = run_dt(*args)
    assert code == 0, err
    assert out or err
