"""Cells a spreadsheet will not run: CSV text that starts like a formula is neutralised.

OWASP's advice for CSV injection: a text cell beginning with `=`, `+`, `-`, `@`, tab or
carriage return gets a leading apostrophe, so that Excel, LibreOffice and Google Sheets show
it as text. Numbers stay numbers (a negative number is not text); empty stays empty.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value as a CSV cell: None as empty, formula-leading text neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
