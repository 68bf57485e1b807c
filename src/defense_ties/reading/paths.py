"""Where the knowledge base lives: --data-dir, else $DT_DATA_DIR, else the bundled data."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "DT_DATA_DIR"
# besides dot-files: what the loader never reads (a README, the reviewed unsupported fields)
SKIPPED_TOP_LEVEL = {"README.md", "reviewed-unsupported.txt", "release.yaml"}


def skipped(name: str) -> bool:
    """Whether the loader passes over this entry of the data folder (or of a kind folder)."""
    return name.startswith(".") or name in SKIPPED_TOP_LEVEL


class DataDirError(Exception):
    """The data folder itself is missing or not a folder."""


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]
    bundled = package / "data"  # installed wheel
    return bundled if bundled.is_dir() else package.parents[1] / "data"  # source checkout
