"""Text search over the clauses: the verbatim Chinese text, the English gloss and the parameters' subjects.

Matching ignores whitespace, width (NFKC: ``１５０`` = ``150``) and case, so ``不少于150人次`` finds
``不少于 150 人次`` and ``r&d investment`` finds ``R&D investment``. Each hit keeps the spans of the original
field, so renderers can highlight exactly what matched.
"""

from __future__ import annotations

import unicodedata

from pydantic import BaseModel

from medpolicy.errors import InputError
from medpolicy.kb.models import Clause
from medpolicy.kb.store import KnowledgeBase

__all__ = ["FieldHit", "SearchHit", "highlight", "search"]

MAX_SEARCH = 200


class FieldHit(BaseModel):
    """Where the text matched: the field (``text``, ``gloss``, ``subject``, ``subject_en``), its value, spans."""

    field: str
    value: str
    spans: list[tuple[int, int]]


class SearchHit(BaseModel):
    clause: Clause
    fields: list[FieldHit]


def _fold(text: str) -> tuple[str, list[int]]:
    """The matching form of ``text`` and, per character of it, the index of the original character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for f in unicodedata.normalize("NFKC", ch).casefold():
            if not f.isspace():
                out.append(f)
                where.append(i)
    return "".join(out), where


def _spans(value: str, needle: str) -> list[tuple[int, int]]:
    folded, where = _fold(value)
    spans: list[tuple[int, int]] = []
    start = folded.find(needle)
    while start >= 0:
        end = start + len(needle)
        spans.append((where[start], where[end - 1] + 1))
        start = folded.find(needle, end)
    return spans


def search(
    text: str,
    policy: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    kb: KnowledgeBase | None = None,
) -> list[SearchHit]:
    """Clauses whose text, gloss or a parameter subject contains ``text``, in document order."""
    needle, _ = _fold(text)
    if not needle:
        raise InputError("empty search text", where="--search")
    if len(text) > MAX_SEARCH:
        raise InputError(f"search text of {len(text)} characters; at most {MAX_SEARCH}", where="--search")
    kb = kb or KnowledgeBase.default()
    hits: list[SearchHit] = []
    for c in kb.clauses(policy, kind=kind, topic=topic):
        fields: list[FieldHit] = []
        candidates = [("text", c.text), ("gloss", c.gloss)]
        for p in c.parameters:
            candidates += [("subject", p.subject), ("subject_en", p.subject_en)]
        seen: set[tuple[str, str]] = set()
        for name, value in candidates:
            if not value or (name, value) in seen:
                continue
            seen.add((name, value))
            spans = _spans(value, needle)
            if spans:
                fields.append(FieldHit(field=name, value=value, spans=spans))
        if fields:
            hits.append(SearchHit(clause=c, fields=fields))
    return hits


def highlight(value: str, spans: list[tuple[int, int]], before: str = "【", after: str = "】") -> str:
    """``value`` with each span wrapped in ``before`` … ``after``."""
    out, pos = [], 0
    for start, end in spans:
        out += [value[pos:start], before, value[start:end], after]
        pos = end
    out.append(value[pos:])
    return "".join(out)
