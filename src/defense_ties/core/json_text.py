"""The one JSON writer: indented, key order kept, UTF-8 text, strict (no NaN or Infinity)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from functools import cache
from json import encoder
from typing import Any


def json_text(data: Any) -> str:
    """`data` as strict JSON text, without a final newline: what
    `json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)` gives."""
    iterencode = _encoder()
    return "".join(iterencode(data, 0)) if iterencode is not None else _dumps(data)


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def _floatstr(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
    return float.__repr__(value)


def _default(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


@cache
def _encoder() -> Callable[[Any, int], Iterator[str]] | None:
    """json's own indenting encoder, made once, on first use (not at import). json.dumps
    makes it again on every call, and each one is a cycle of closures that only the cycle
    collector frees, which `dt` keeps off (entry.py): at 100,000 records that was about
    250 MB never given back. None on a Python whose json module is made otherwise (json.dumps
    is used then)."""
    make = getattr(encoder, "_make_iterencode", None)
    try:
        made: Callable[[Any, int], Iterator[str]] = make(  # type: ignore[misc]
            None, _default, encoder.encode_basestring, "  ", _floatstr, ": ", ",",
            False, False, False,
        )  # fmt: skip
        sample: Any = {"a": [1, 2.5, None, True, "é\n"], "b": {}, "c": []}
        return made if "".join(made(sample, 0)) == _dumps(sample) else None
    except TypeError:
        return None
