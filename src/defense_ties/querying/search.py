"""Full-text search across every kind and field, ranked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record
from ..core.text import normal
from .links import label, singular

# A hit in these fields counts more than one in a summary or a quote.
_WEIGHTS = {
    "id": 5.0,
    "name": 5.0,
    "title": 4.0,
    "short_name": 5.0,
    "aliases": 4.0,
    "topics": 2.0,
    "summary": 1.5,
    "quote": 1.0,
}


STOP_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"}


@dataclass(frozen=True)
class Hit:
    record: Record
    score: float
    field: str
    snippet: str


def search(kb: KnowledgeBase, text: str) -> list[Hit]:
    """Records containing every word of `text` (any case, Unicode NFC), best first: a field
    holding the whole phrase counts most, then whole words, then words a field's word starts
    with, then words found inside another ("war" in "Swaraj") least."""
    query = _fold(text)
    words = re.findall(r"\w[\w.-]*", query)
    if not words:
        return []
    # each word once: time follows the distinct words, not the length of what was typed
    counted = list(dict.fromkeys(w for w in words if w not in STOP_WORDS)) or list(
        dict.fromkeys(words)
    )
    starts: list[re.Pattern[str]] = []
    wholes: list[re.Pattern[str]] = []
    phrase = re.compile("(?!)")  # matches nothing until compiled
    hits = []
    for record in kb:
        fields = [(name, value, _fold(value)) for name, value in _strings(record.model_dump())]
        blob = "\n".join(folded for _, _, folded in fields)
        if not all(w in blob for w in counted):
            continue
        if not starts:  # compiled once a record holds every word
            starts = [re.compile(r"(?<!\w)" + re.escape(w)) for w in counted]
            wholes = [re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)") for w in counted]
            phrase = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")
        score, best, best_weight = 0.0, ("", ""), 0.0
        for name, value, folded in fields:
            inside = sum(folded.count(w) for w in counted)
            if not inside:
                continue
            found = 0.25 * inside + sum(len(r.findall(folded)) for r in starts)
            found += 2 * sum(len(r.findall(folded)) for r in wholes)
            if len(words) > 1:
                found += 30 * len(phrase.findall(folded))
            if folded == query:
                found *= 3
            weight = _WEIGHTS.get(name, 0.5) * found
            if weight > best_weight:
                best, best_weight = (name, value), weight
            score += weight
        # the best field leads: many weak mentions never outrank one field holding the phrase
        score = best_weight + 0.2 * (score - best_weight)
        hits.append(Hit(record, round(score, 2), best[0], _snippet(best[1], starts, counted)))
    hits.sort(key=lambda h: (-h.score, h.record.record_kind, h.record.id))
    return hits


def _fold(text: str) -> str:
    return normal(text).casefold()


def _strings(data: Any, name: str = "") -> Any:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item, name)
    elif isinstance(data, str):
        yield name, data
    elif data is not None and not isinstance(data, bool | int | float):
        yield name, str(data)  # dates


def _snippet(value: str, words: list[re.Pattern[str]], plain: list[str], width: int = 80) -> str:
    folded = _fold(value)
    found = [m.start() for r in words if (m := r.search(folded))]
    found = found or [folded.find(w) for w in plain if w in folded]
    at = min(found, default=0)
    start = max(0, at - width // 3)
    text = value[start : start + width]
    return ("…" if start else "") + text + ("…" if start + width < len(value) else "")


def hit_row(hit: Hit) -> dict[str, Any]:
    return {
        "kind": singular(hit.record),
        "id": hit.record.id,
        "label": label(hit.record),
        "score": hit.score,
        "field": hit.field,
        "match": hit.snippet,
    }
