"""Words for explanations: how a threshold reads, and what would make it pass — as catalog messages.

The functions ending in ``_msg`` return language-free facts (:class:`~medpolicy.i18n.Msg` with the notice's own
terms as :class:`~medpolicy.i18n.Both`); the ``*_text`` functions are the same words in one language.

>>> from medpolicy.kb.models import Parameter
>>> p = Parameter(id="x", subject="研发投入占比", subject_en="R&D ratio", comparator=">=", value=7, unit="%", quote="")
>>> expected_text(p, "zh"), expected_text(p, "en"), fix_hint(p, "en")
('不低于 7 %', '≥ 7 %', 'bring R&D ratio to ≥ 7 %')
"""

from __future__ import annotations

import re
from functools import lru_cache

from medpolicy.i18n import Both, Msg, words
from medpolicy.kb.models import Parameter

__all__ = [
    "expected_msg",
    "expected_text",
    "fix_hint",
    "fix_msg",
    "found_text",
    "subject_both",
    "unit_both",
    "unit_text",
]

_CJK = re.compile(r"[\u3400-\u9fff]")
# comparator → the name of its words in the catalog (kb.toml: explain_<name>)
_COMPARATORS = {
    ">=": "ge",
    ">": "gt",
    "<=": "le",
    "<": "lt",
    "==": "eq",
    "!=": "ne",
    "before": "before",
    "after": "after",
    "in": "in",
    "between": "between",
}


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, str]:
    from medpolicy.kb.store import kb_root

    names: dict[str, str] = {}
    path = kb_root() / "ontology" / "unit-names.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[2:]:
        zh, _, en = line.partition("\t")
        names[zh.strip()] = en.strip()
    return names


def unit_both(p: Parameter) -> Both:
    """The unit as written (Chinese); an English word, or the unit code, for English."""
    if not _CJK.search(p.unit):
        return Both(zh=p.unit, en=p.unit)
    names = _unit_names()
    en = names[p.unit] if p.unit in names else (p.unit_code if not _CJK.search(p.unit_code) else "")
    return Both(zh=p.unit, en=en)


def unit_text(p: Parameter, lang: str) -> str:
    return words(unit_both(p), lang)


def subject_both(p: Parameter) -> Both:
    """The parameter's subject; the Chinese one where it has no English name."""
    return Both(zh=p.subject, en=p.subject_en or p.subject)


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


def expected_msg(p: Parameter) -> Msg:
    """``不低于 7 %`` / ``≥ 7 %``; ``是`` / ``yes`` for yes/no conditions."""
    shown = unit_both(p)
    unit = Both(zh=f" {shown.zh}" if shown.zh else "", en=f" {shown.en}" if shown.en else "")
    if p.comparator == "bool":
        return Msg(key="kb.explain_yes")
    month = _month(p.value)
    if month is not None:
        return Msg(key="kb.explain_before_month", params={"month": month})
    if p.range_reading == "cover":
        return Msg(key="kb.explain_covering", params={"value": _value(p), "unit": unit})
    name = _COMPARATORS.get(p.comparator)
    word: str | Msg = p.comparator if name is None else Msg(key=f"kb.explain_{name}")
    if name in ("lt", "gt") and p.lower_is_better:
        word = Msg(key=f"kb.explain_better_{name}")
    return Msg(key="kb.explain_expected", params={"word": word, "value": _value(p), "unit": unit})


def expected_text(p: Parameter, lang: str) -> str:
    return words(expected_msg(p), lang)


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


def fix_msg(p: Parameter) -> Msg:
    """``须使研发投入占比不低于 7 %`` / ``bring R&D ratio to ≥ 7 %``."""
    if p.comparator == "bool":
        return Msg(key="kb.explain_must_have", params={"subject": subject_both(p)})
    return Msg(key="kb.explain_bring", params={"subject": subject_both(p), "expected": expected_msg(p)})


def fix_hint(p: Parameter, lang: str) -> str:
    return words(fix_msg(p), lang)
