"""The packages import one way: each only from those before it in the flow."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "defense_ties"
LAYERS = ["core", "kinds", "reading", "storing", "querying", "rendering", "curating", "api", "cli"]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[0]) if parts[0] in LAYERS else None


def _imports(path: Path, root: Path = PACKAGE) -> list[str]:
    """Every defense_ties module `path` imports, as a dotted name below the package."""
    here = path.relative_to(root).parent.parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[: len(here) - node.level + 1]
            target = ".".join([*base, node.module or ""]).strip(".")
            found += (
                [target] if node.module else [f"{target}.{a.name}".strip(".") for a in node.names]
            )
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("defense_ties."):
            found.append(node.module.removeprefix("defense_ties."))  # type: ignore[union-attr]
    return found


def wrong_imports(root: Path) -> list[str]:
    """Every import in the package at `root` that points down the flow."""
    wrong = []
    for path in root.rglob("*.py"):
        own = _layer(".".join(path.relative_to(root).parts))
        if own is None:
            continue  # entry.py, the package's __init__: above every layer
        for target in _imports(path, root):
            theirs = _layer(target)
            if theirs is not None and theirs > own:
                wrong.append(f"{path.relative_to(root)} imports {target}")
    return sorted(wrong)


def test_every_import_goes_up_the_flow_never_down() -> None:
    assert wrong_imports(PACKAGE) == []


def test_the_check_catches_imports_against_the_flow(tmp_path: Path) -> None:
    """A core module importing the CLI, relatively or absolutely, and a reading module importing
    the cache are each found; an import up the flow is not."""
    for folder, text in {
        "core": "from ..cli.app import build_app\nfrom defense_ties.rendering import formats\n",
        "reading": "from ..storing import cache\nfrom ..core.dates import span\n",
    }.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "mod.py").write_text(text, encoding="utf-8")
    assert wrong_imports(tmp_path) == [
        "core/mod.py imports cli.app",
        "core/mod.py imports rendering",
        "reading/mod.py imports storing",
    ]


def test_the_tests_run_this_checkouts_code_not_an_installed_copy() -> None:
    import subprocess
    import sys

    import defense_ties

    from .conftest import SRC

    assert Path(defense_ties.__file__).resolve().is_relative_to(SRC.resolve())
    found = subprocess.run(
        [sys.executable, "-c", "import defense_ties; print(defense_ties.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found).resolve().is_relative_to(SRC.resolve())
