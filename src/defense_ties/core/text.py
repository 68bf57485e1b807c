"""Text that is safe to store and to print: which characters a record may hold, how text is
escaped for a terminal, how long an excerpt of a file may be, and one Unicode form.

Control characters (C0 but newline and tab, DEL, C1) and the bidirectional overrides that can
make a terminal or an editor show other text than the bytes hold are refused in values; keys
and file names may not hold newline or tab either. What reaches a terminal is escaped anyway:
`escape` shows each such character as a visible `\\x1b`-style escape.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = "\u202a-\u202e\u2066-\u2069"
VALUE_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # newline, tab allowed
RAW_CONTROLS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f{_BIDI}]")  # + CR, NEL
NAME_CONTROLS = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")  # keys and file names
_ESCAPES = {i: f"\\x{i:02x}" for i in (*range(0x20), *range(0x7F, 0xA0))}
_ESCAPES |= {i: f"\\u{i:04x}" for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_KEEP_LINES = {k: v for k, v in _ESCAPES.items() if k not in (0x09, 0x0A)}
EXCERPT = 60  # characters of a file's content an error message may quote


def escape(text: str, keep_lines: bool = False) -> str:
    """`text` with every control character and bidirectional override shown as an escape
    (`keep_lines`: newlines and tabs stay)."""
    return text.translate(_KEEP_LINES if keep_lines else _ESCAPES)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A short, escaped, quoted excerpt of `text` for an error message."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def control_character(text: str, name: bool = False) -> str | None:
    """The first character `text` may not hold, escaped, or None."""
    found = (NAME_CONTROLS if name else VALUE_CONTROLS).search(text)
    return escape(found.group()) if found else None


def normal(text: str) -> str:
    """One Unicode form (NFC) for comparing what users type with what records hold."""
    return unicodedata.normalize("NFC", text)
