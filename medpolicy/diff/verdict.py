"""How requirement ``q`` of policy B differs from ``p`` of policy A, as the applicant feels it.

``same``; ``stricter`` / ``looser`` (a higher minimum, a lower maximum, ">" instead of ">=" at one value, a wider
range to cover, an earlier deadline, fewer accepted values); or ``changed`` (not ordered: another kind of rule,
another qualifier such as 每年 → 任务周期内, another wording). The verdict says why as a catalog message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from medpolicy.diff.models import Change
from medpolicy.diff.text import bigrams, dice, norm, numbers
from medpolicy.diff.values import bound_kind, close, in_units_of, is_bool, number, sign
from medpolicy.i18n import Both, Msg
from medpolicy.kb.models import Parameter

__all__ = ["Verdict", "compare", "expected"]

_SAME_WORDING = 0.8  # bigram Dice of two subjects (or quotes) of yes/no requirements worded alike


@dataclass(frozen=True)
class Verdict:
    change: Change
    why: Msg
    recast: bool = False  # "changed" because the two parameters are different kinds of rule (bool vs bound, ≤ vs ≥)


def expected(p: Parameter) -> Both:
    """What a parameter asks, in both languages: ``不低于 7 %`` / ``≥ 7 %``; its subject for a yes/no one."""
    from medpolicy.kb.explain import expected_text

    if is_bool(p):
        return Both(zh=p.subject, en=p.subject_en or p.subject)
    return Both(zh=expected_text(p, "zh"), en=expected_text(p, "en"))


def _moved(p: Parameter, q: Parameter) -> Msg:
    return Msg(key="diff.reason_moved", params={"a": expected(p), "b": expected(q)})


def _ordered(cmp: int, p: Parameter, q: Parameter) -> Verdict:
    change: Change = "same" if cmp == 0 else "stricter" if cmp > 0 else "looser"
    if change == "same" and expected(p).en == expected(q).en:
        return Verdict(change, Msg(key="diff.reason_same_as", params={"req": expected(p)}))
    return Verdict(change, _moved(p, q))


def _conditions(p: Parameter, q: Parameter) -> Literal["equal", "compatible", "different"]:
    """Qualifiers (每年, 任务周期内, 近3年平均): equal, compatible (one unstated, or sharing a number), or not."""
    cp, cq = norm(p.condition), norm(q.condition)
    if cp == cq:
        return "equal"
    if not cp or not cq or cp in cq or cq in cp or (numbers(cp) & numbers(cq)):
        return "compatible"
    return "different"


def _same_wording(p: Parameter, q: Parameter) -> bool:
    for x, y in ((norm(p.subject), norm(q.subject)), (norm(p.quote), norm(q.quote))):
        if x and y and (x in y or y in x or dice(bigrams(x), bigrams(y)) >= _SAME_WORDING):
            return True
    return False


def compare(p: Parameter, q: Parameter) -> Verdict:
    """How requirement ``q`` (policy B) differs from ``p`` (policy A), from the applicant's side."""
    conditions = _conditions(p, q)
    if norm(p.variant) != norm(q.variant) and p.variant and q.variant:
        return Verdict("changed", Msg(key="diff.reason_variant", params={"a": p.variant, "b": q.variant}))
    if is_bool(p) and is_bool(q):
        if p.value != q.value:
            verdict = Verdict("changed", Msg(key="diff.reason_bool_inverted"))
        elif not _same_wording(p, q):
            verdict = Verdict("changed", Msg(key="diff.reason_reworded", params={"a": p.quote, "b": q.quote}))
        else:
            verdict = Verdict("same", Msg(key="diff.reason_same_requirement"))
    elif bound_kind(p) != bound_kind(q):
        why = Msg(key="diff.reason_recast", params={"a": expected(p), "b": expected(q)})
        verdict = Verdict("changed", why, recast=True)
    else:
        verdict = _compare_values(p, q, bound_kind(p))
    if conditions == "equal":
        if p.condition:
            return Verdict(verdict.change, _with_note(verdict.why, p.condition), verdict.recast)
        return verdict
    note = Msg(key="diff.qualifier", params={"a": p.condition or "—", "b": q.condition or "—"})
    if conditions == "different" and verdict.change != "changed":
        # the same number under another qualifier (每年 → 任务周期内) is not the same requirement, nor ordered
        return Verdict(
            "changed", Msg(key="diff.reason_qualifier_changed", params={"note": note, "reason": verdict.why})
        )
    return Verdict(verdict.change, _with_note(verdict.why, note), verdict.recast)


def _with_note(why: Msg, note: str | Msg) -> Msg:
    return Msg(key="diff.with_note", params={"text": why, "note": note})


def _compare_values(p: Parameter, q: Parameter, kind: str) -> Verdict:
    unordered = Verdict("changed", _moved(p, q))
    if kind in ("lower", "upper"):
        va, vb = number(p.value), in_units_of(q, q.value, p)
        if va is None or vb is None:
            return unordered
        strict = {">": 1, ">=": 0, "<": 1, "<=": 0}
        if close(va, vb):
            return _ordered(strict[q.comparator] - strict[p.comparator], p, q)
        return _ordered(sign(vb - va) if kind == "lower" else sign(va - vb), p, q)
    if kind in ("==", "!="):
        va, vb = number(p.value), in_units_of(q, q.value, p)
        equal = close(va, vb) if va is not None and vb is not None else norm(str(p.value)) == norm(str(q.value))
        return _ordered(0, p, q) if equal else unordered
    if kind == "in":
        xa = {norm(str(v)) for v in (p.value if isinstance(p.value, list) else [p.value])}
        xb = {norm(str(v)) for v in (q.value if isinstance(q.value, list) else [q.value])}
        if xa == xb:
            return _ordered(0, p, q)
        if xa < xb:
            return _ordered(-1, p, q)  # more values accepted: looser
        if xb < xa:
            return _ordered(1, p, q)
        return unordered
    if kind == "between":
        return _compare_ranges(p, q) or unordered
    if kind in ("before", "after"):
        try:
            da, db = dt.date.fromisoformat(str(p.value)), dt.date.fromisoformat(str(q.value))
        except ValueError:
            return _ordered(0, p, q) if norm(str(p.value)) == norm(str(q.value)) else unordered
        if da == db:
            return _ordered(0, p, q)
        later = db > da
        return _ordered((-1 if later else 1) if kind == "before" else (1 if later else -1), p, q)
    return _ordered(0, p, q) if repr(p.value) == repr(q.value) else unordered


def _compare_ranges(p: Parameter, q: Parameter) -> Verdict | None:
    """Two ranges the product must cover: a wider range is harder to meet; None when they are not ordered."""
    if not (isinstance(p.value, list) and isinstance(q.value, list) and len(p.value) == len(q.value) == 2):
        return None
    a_lo, a_hi = number(p.value[0]), number(p.value[1])
    b_lo, b_hi = in_units_of(q, q.value[0], p), in_units_of(q, q.value[1], p)
    if a_lo is None or a_hi is None or b_lo is None or b_hi is None:
        return None
    if close(a_lo, b_lo) and close(a_hi, b_hi):
        return _ordered(0, p, q)
    if b_lo <= a_lo and b_hi >= a_hi:
        return _ordered(1, p, q)
    if a_lo <= b_lo and a_hi >= b_hi:
        return _ordered(-1, p, q)
    return None
