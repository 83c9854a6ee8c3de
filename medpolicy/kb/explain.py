"""Words for explanations: how a threshold reads in Chinese and English, and what would make it pass."""

from __future__ import annotations

import re
from functools import lru_cache

from medpolicy.kb.models import Parameter

__all__ = ["expected_text", "fix_hint", "found_text", "unit_text"]

_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, str]:
    from medpolicy.kb.store import kb_root

    names: dict[str, str] = {}
    path = kb_root() / "ontology" / "unit-names.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[2:]:
        zh, _, en = line.partition("\t")
        names[zh.strip()] = en.strip()
    return names


def unit_text(p: Parameter, lang: str) -> str:
    """The unit as written for Chinese output; an English word (or the unit code) for English output."""
    if lang == "zh" or not _CJK.search(p.unit):
        return p.unit
    names = _unit_names()
    if p.unit in names:
        return names[p.unit]
    return p.unit_code if not _CJK.search(p.unit_code) else ""


_ZH = {
    ">=": "不低于",
    ">": "高于",
    "<=": "不超过",
    "<": "低于",
    "==": "等于",
    "!=": "不等于",
    "before": "早于",
    "after": "晚于",
    "in": "属于",
    "between": "介于",
}
_EN = {
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "<": "<",
    "==": "=",
    "!=": "≠",
    "before": "before",
    "after": "after",
    "in": "one of",
    "between": "between",
}


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _month(value: object) -> str | None:
    """``--06`` (a month of every year, xsd:gMonth) as ``6``; None for anything else."""
    text = str(value)
    return str(int(text[2:4])) if len(text) >= 4 and text.startswith("--") and text[2:4].isdigit() else None


def _value(p: Parameter) -> str:
    if isinstance(p.value, list):
        joined = "–" if p.comparator == "between" else ", "
        return joined.join(_fmt(v) for v in p.value)
    return _fmt(p.value)


def expected_text(p: Parameter, lang: str) -> str:
    """``不低于 7 %`` / ``≥ 7 %``; ``须具备`` / ``required`` for yes/no conditions."""
    shown = unit_text(p, lang)
    unit = f" {shown}" if shown else ""
    if p.comparator == "bool":
        return "是" if lang == "zh" else "yes"
    month = _month(p.value)
    if month is not None:
        return f"每年 {month} 月之前" if lang == "zh" else f"before month {month} of the year"
    if p.range_reading == "cover":
        return f"覆盖 {_value(p)}{unit}" if lang == "zh" else f"covering {_value(p)}{unit}"
    if lang == "zh":
        word = "优于" if p.comparator in {"<", ">"} and p.lower_is_better else _ZH.get(p.comparator, p.comparator)
        return f"{word} {_value(p)}{unit}"
    return f"{_EN.get(p.comparator, p.comparator)} {_value(p)}{unit}"


def found_text(original: tuple[str, str] | None, normalised: str | None, p: Parameter | None, lang: str) -> str | None:
    """``1500 mT (= 1.5 T)``: the value as given and, when the unit differs, as compared."""
    if original is None:
        return normalised
    amount, code = original
    if p is not None and (not code or code == p.unit_code):
        unit = unit_text(p, lang)
        return f"{amount} {unit}".strip()
    shown = f"{amount} {code}".strip()
    if p is not None and normalised is not None:
        return f"{shown} (= {normalised} {unit_text(p, lang) or p.unit_code})"
    return shown


def fix_hint(p: Parameter, lang: str) -> str:
    subject = p.subject if lang == "zh" else (p.subject_en or p.subject)
    if p.comparator == "bool":
        return f"须具备：{subject}" if lang == "zh" else f"must have: {subject}"
    if lang == "zh":
        return f"须使{subject}{expected_text(p, 'zh')}"
    return f"bring {subject} to {expected_text(p, 'en')}"
