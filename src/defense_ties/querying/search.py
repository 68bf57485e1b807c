"""Full-text search across every kind and field, ranked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record
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


@dataclass(frozen=True)
class Hit:
    record: Record
    score: float
    field: str
    snippet: str


def search(kb: KnowledgeBase, text: str) -> list[Hit]:
    """Records containing every word of `text` (any case), best first."""
    words = [w for w in re.findall(r"\w[\w.-]*", text.lower()) if w]
    hits = []
    for record in kb:
        fields = list(_strings(record.model_dump(mode="json")))
        blob = " ".join(v.lower() for _, v in fields)
        if not words or not all(w in blob for w in words):
            continue
        score, best = 0.0, ("", "")
        for name, value in fields:
            lowered = value.lower()
            weight = _WEIGHTS.get(name, 0.5) * sum(lowered.count(w) for w in words)
            if lowered == text.lower():
                weight *= 3
            if weight > 0 and (not best[0] or weight > _WEIGHTS.get(best[0], 0.5)):
                best = (name, value)
            score += weight
        hits.append(Hit(record, round(score, 2), best[0], _snippet(best[1], words)))
    hits.sort(key=lambda h: (-h.score, h.record.record_kind, h.record.id))
    return hits


def _strings(data: Any, name: str = "") -> Any:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item, name)
    elif isinstance(data, str):
        yield name, data


def _snippet(value: str, words: list[str], width: int = 80) -> str:
    lowered = value.lower()
    at = min((lowered.find(w) for w in words if w in lowered), default=0)
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
