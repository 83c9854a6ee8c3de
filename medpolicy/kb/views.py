"""Clause views for output: the JSON contract and table rows."""

from __future__ import annotations

from typing import Any

from medpolicy.i18n import Msg, words
from medpolicy.kb.models import Clause, Parameter

__all__ = ["clause_json", "clause_row", "clause_table_headers", "parameter_text"]


def parameter_json(p: Parameter) -> dict[str, Any]:
    return {
        "id": p.id,
        "subject": p.subject,
        "subject_en": p.subject_en,
        "comparator": p.comparator,
        "value": p.value,
        "unit": p.unit,
        "unit_code": p.unit_code,
        "quote": p.quote,
        "variant": p.variant,
        "condition": p.condition,
        "lower_is_better": p.lower_is_better,
    }


def clause_json(c: Clause) -> dict[str, Any]:
    """A clause in the JSON contract of the architecture notes (plus extra fields)."""
    return {
        "id": c.id,
        "policy": c.policy,
        "section": c.section,
        "text": c.text,
        "gloss": c.gloss,
        "check": c.check,
        "kind": c.kind,
        "topic": c.topic,
        "parameters": [parameter_json(p) for p in c.parameters],
        "in_principle": c.in_principle,
        "part_of": c.part_of,
        "evidence": c.evidence,
        "product_family": c.product_family,
        "index": None
        if c.index_row is None
        else {"level1": c.index_level1, "level2": c.index_level2, "row": c.index_row},
    }


def parameter_text(p: Parameter, lang: str = "zh") -> str:
    """``磁场强度 >= 1.5 T`` — compact, for tables and messages."""
    value = p.value
    if isinstance(value, list):
        shown = "–".join(str(v) for v in value) if p.comparator == "between" else ", ".join(map(str, value))
    else:
        shown = str(value)
    from medpolicy.kb.explain import unit_text

    variant = f"[{p.variant}] " if p.variant else ""
    subject = p.subject if lang == "zh" else (p.subject_en or p.subject)
    unit = unit_text(p, lang)
    return f"{variant}{subject} {p.comparator} {shown}{(' ' + unit) if unit else ''}".strip()


def clause_table_headers(lang: str) -> list[str]:
    """The headings of the clause table; the text column is the verbatim clause in Chinese, the gloss in English."""
    names = ("section", "kind", "check", "topic", "text", "parameters")
    return ["policy", "id", *(words(Msg(key=f"kb.views_{name}"), lang) for name in names)]


def clause_row(c: Clause, lang: str) -> list[str]:
    local = c.id.rsplit("/", 1)[-1]
    params = "; ".join(parameter_text(p, lang) for p in c.parameters)
    if lang == "zh":
        return [c.policy, local, c.section, c.kind, c.check, c.topic_label, c.text, params]
    return [c.policy, local, c.section, c.kind, c.check, c.topic_label_en, c.gloss, params]
