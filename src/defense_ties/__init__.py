"""defense-ties: a validated, sourced knowledge base of defence relations between countries.

    import defense_ties as dt
    kb = dt.load()                       # the bundled data (or dt.load("path/to/data"))
    kb.query("deals", min_value=1e9, value_kind="contract")
    kb.get("2015-apache-chinook")
    kb.why("2015-apache-chinook", "signed")
    kb.stats()["value_by_year"]
    kb.cite("2015-apache-chinook", style="ris")

The filters are the command line's options (`dt deals --help`), with `_` for `-`. Importing the
package loads nothing: each name is imported when first used (the `dt` command imports this
package too, and pays nothing for it).
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (13 ms)
if TYPE_CHECKING:
    from .api.errors import BadQuery, UnknownId
    from .api.facade import KnowledgeBase, Records, load
    from .reading.paths import DataDirError
    from .reading.problems import InvalidKnowledgeBase, Problem

__all__ = [
    "BadQuery",
    "DataDirError",
    "InvalidKnowledgeBase",
    "KnowledgeBase",
    "Problem",
    "Records",
    "UnknownId",
    "__version__",
    "load",
]

_WHERE = {
    "BadQuery": ".api.errors",
    "UnknownId": ".api.errors",
    "KnowledgeBase": ".api.facade",
    "Records": ".api.facade",
    "load": ".api.facade",
    "DataDirError": ".reading.paths",
    "InvalidKnowledgeBase": ".reading.problems",
    "Problem": ".reading.problems",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        return version("defense-ties")
    if name in _WHERE:
        found = getattr(importlib.import_module(_WHERE[name], __name__), name)
        globals()[name] = found  # once
        return found
    raise AttributeError(f"module 'defense_ties' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
