"""The YAML floor: load every record file of a knowledge base with libyaml, in one process.

    python benchmarks/yaml_floor.py DATA_DIR

The least any YAML-based `dt validate` could cost: PyYAML's C loader (CSafeLoader) on every
`<kind>/<id>.yaml` file, the garbage collector off, nothing checked. Prints the file count.
"""

from __future__ import annotations

import gc
import os
import sys

import yaml


def load_all(data_dir: str) -> int:
    count = 0
    for kind in sorted(os.scandir(data_dir), key=lambda e: e.name):
        if not kind.is_dir() or kind.name.startswith("."):
            continue
        for entry in os.scandir(kind.path):
            if entry.name.endswith(".yaml"):
                with open(entry.path, "rb") as f:
                    yaml.load(f, Loader=yaml.CSafeLoader)
                count += 1
    return count


if __name__ == "__main__":
    gc.disable()
    print(load_all(sys.argv[1]))
