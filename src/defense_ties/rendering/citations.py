"""Citations for reference managers: CSL-JSON (what Zotero, Mendeley and pandoc read), RIS
(Zotero, EndNote) and BibTeX (biblatex `@online` entries), one entry per source, keyed by the
source's id, with the quotes a record cites from it as the note."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

STYLES = ("csl-json", "bibtex", "ris")


@dataclass(frozen=True)
class Cited:
    """One source as a citation: its record's fields, and the quotes cited from it."""

    id: str
    title: str
    publisher: str
    published: str  # YYYY, YYYY-MM or YYYY-MM-DD
    url: str
    retrieved: str | None
    quotes: tuple[str, ...] = ()

    @classmethod
    def of(cls, source: Mapping[str, Any], quotes: Iterable[str] = ()) -> Cited:
        return cls(
            str(source["id"]),
            str(source["title"]),
            str(source["publisher"]),
            str(source["published"]),
            str(source["url"]),
            str(source["retrieved"]) if source.get("retrieved") else None,
            tuple(dict.fromkeys(quotes)),
        )

    @property
    def note(self) -> str:
        return "\n\n".join(f"“{q}”" for q in self.quotes)


def render(style: str, cited: Sequence[Cited]) -> str:
    """The citations in `style` (one of STYLES), as text ending with a newline."""
    if style == "csl-json":
        return json.dumps([csl(c) for c in cited], indent=2, ensure_ascii=False) + "\n"
    if style == "ris":
        return "".join(ris(c) for c in cited)
    if style == "bibtex":
        return "\n".join(bibtex(c) for c in cited)
    raise ValueError(f"{style!r} is not one of: {', '.join(STYLES)}")


def _parts(date: str) -> list[int]:
    return [int(p) for p in date.split("-")]


def csl(c: Cited) -> dict[str, Any]:
    """A CSL-JSON item: a web page, its publisher as the container, issued and accessed."""
    item: dict[str, Any] = {
        "id": c.id,
        "type": "webpage",
        "title": c.title,
        "container-title": c.publisher,
        "publisher": c.publisher,
        "issued": {"date-parts": [_parts(c.published)]},
        "URL": c.url,
    }
    if c.retrieved:
        item["accessed"] = {"date-parts": [_parts(c.retrieved)]}
    if c.quotes:
        item["note"] = c.note
    return item


def _ris_date(date: str) -> str:
    """RIS dates: YYYY/MM/DD/ with the unknown parts empty."""
    parts = date.split("-") + ["", ""]
    return f"{parts[0]}/{parts[1]}/{parts[2]}/"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}\n"  # one line a tag: line breaks folded


def ris(c: Cited) -> str:
    """One TY..ER block (ELEC: a web page)."""
    lines = [
        _ris_line("TY", "ELEC"),
        _ris_line("ID", c.id),
        _ris_line("TI", c.title),
        _ris_line("PB", c.publisher),
        _ris_line("T2", c.publisher),
        _ris_line("PY", c.published[:4]),
        _ris_line("DA", _ris_date(c.published)),
        _ris_line("UR", c.url),
    ]
    if c.retrieved:
        lines.append(_ris_line("Y2", _ris_date(c.retrieved)))
    lines += [_ris_line("N1", f"“{q}”") for q in c.quotes]
    lines.append("ER  - \n")
    return "".join(lines)


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _tex(text: str) -> str:
    """Text as a BibTeX field value: braces balanced, LaTeX's special characters escaped."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def bibtex(c: Cited) -> str:
    """A biblatex `@online` entry (BibTeX reads it as @misc): title, organization, date,
    url, urldate, note."""
    fields = [
        ("title", "{" + _tex(c.title) + "}"),  # double braces: keep the title's case
        ("organization", _tex(c.publisher)),
        ("year", c.published[:4]),
        ("date", c.published),
        ("url", c.url.replace("{", "%7B").replace("}", "%7D")),
    ]
    if len(c.published) >= 7:
        fields.append(("month", str(int(c.published[5:7]))))
    if c.retrieved:
        fields.append(("urldate", c.retrieved))
    if c.quotes:
        fields.append(("note", _tex(c.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{c.id},\n{body}\n}}\n"
