"""`dt diff` as text for a terminal or as Markdown release notes (JSON is the data itself)."""

from __future__ import annotations

import json
from typing import Any

from ..core.text import escape


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _short(value: Any, limit: int = 120) -> str:
    text = _value(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(changes: dict[str, Any]) -> str:
    """One line a record (and one a changed field), prefixed + - ~ >."""
    lines = [f"Changes from {changes['from']} to {changes['to']}"]
    lines += [f"+ {a['kind']}/{a['id']}" for a in changes["added"]]
    lines += [f"- {r['kind']}/{r['id']}" for r in changes["removed"]]
    lines += [f"> {r['kind']}/{r['from']} -> {r['to']}" for r in changes["renamed"]]
    for c in changes["changed"]:
        lines.append(f"~ {c['kind']}/{c['id']}")
        lines += [
            f"    {f['field']}: {_short(f['old'])} -> {_short(f['new'])}" for f in c["fields"]
        ]
    lines += [
        f"! {u['kind']}/{u['id']}: not read at {u['at']} ({u['reason']}): left out"
        for u in changes["unreadable"]
    ]
    if len(lines) == 1:
        lines.append("  no record changed")
    return escape("\n".join(lines), keep_lines=True) + "\n"


def _md(value: Any) -> str:
    return "`" + _short(value).replace("`", "'") + "`"


def markdown(changes: dict[str, Any]) -> str:
    """Release notes: a section per change, records grouped by kind, each changed field with
    its old and new value."""
    out = [f"## Changes from {changes['from']} to {changes['to']}", ""]

    def by_kind(items: list[dict[str, Any]], title: str, show: Any) -> None:
        if not items:
            return
        out.append(f"### {title} ({len(items)})")
        out.append("")
        kinds: dict[str, list[str]] = {}
        for item in items:
            kinds.setdefault(item["kind"], []).append(show(item))
        for kind, shown in kinds.items():
            out.append(f"- **{kind}** ({len(shown)}): " + ", ".join(shown))
        out.append("")

    by_kind(changes["added"], "Added", lambda a: f"`{a['id']}`")
    by_kind(changes["removed"], "Removed", lambda r: f"`{r['id']}`")
    by_kind(changes["renamed"], "Renamed", lambda r: f"`{r['from']}` → `{r['to']}`")
    if changes["changed"]:
        out += [f"### Changed ({len(changes['changed'])})", ""]
        for c in changes["changed"]:
            out.append(f"- **{c['kind']}** `{c['id']}`")
            out += [f"  - `{f['field']}`: {_md(f['old'])} → {_md(f['new'])}" for f in c["fields"]]
        out.append("")
    if changes["unreadable"]:
        out += [f"### Not read ({len(changes['unreadable'])}): left out of this comparison", ""]
        out += [
            f"- **{u['kind']}** `{u['id']}` at {u['at']}: {_md(u['reason'])}"
            for u in changes["unreadable"]
        ]
        out.append("")
    if len(out) == 2:
        out += ["No record changed.", ""]
    return escape("\n".join(out), keep_lines=True)
