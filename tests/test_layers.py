"""The packages import one way: each only from those before it in the flow."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "defense_ties"
LAYERS = ["core", "kinds", "reading", "storing", "querying", "rendering", "cli"]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[0]) if parts[0] in LAYERS else None


def _imports(path: Path) -> list[str]:
    """Every defense_ties module `path` imports, as a dotted name below the package."""
    here = path.relative_to(PACKAGE).parent.parts
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


def test_every_import_goes_up_the_flow_never_down() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        own = _layer(".".join(path.relative_to(PACKAGE).parts))
        if own is None:
            continue  # entry.py, the package's __init__: above every layer
        for target in _imports(path):
            theirs = _layer(target)
            if theirs is not None and theirs > own:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert wrong == []


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    """The scan above finds relative imports: a core module importing cli would be caught."""
    assert _layer("cli.app") > _layer("core.dates")  # type: ignore[operator]
    probe = PACKAGE / "core" / "dates.py"
    assert "core.values" not in _imports(probe) and _imports(PACKAGE / "core" / "filters.py")
