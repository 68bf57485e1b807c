"""The one JSON writer: indented, key order kept, UTF-8 text, strict (no NaN or Infinity)."""

from __future__ import annotations

import json
from typing import Any


def json_text(data: Any) -> str:
    """`data` as strict JSON text, without a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
