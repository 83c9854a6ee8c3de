"""The messages a timeline builds from numbers and dates: amounts of time, distances, comparisons.

Each function returns a :class:`~medpolicy.i18n.Msg` of ``medpolicy/catalog/timeline.toml``; nothing here chooses
a language.
"""

from __future__ import annotations

import datetime as dt

from medpolicy.i18n import Both, Msg, words
from medpolicy.kb.models import Parameter
from medpolicy.timeline.spec import LimitSpec
from medpolicy.timeline.workdays import WorkdayCalendar, months_and_days

__all__ = ["amount", "comparator", "date_phrase", "distance", "either", "joined", "number", "relation", "side"]

_OP_NAMES = {"<=": "le", "<": "lt", ">=": "ge", ">": "gt"}
_UNIT_KEYS = {"workday": "workdays", "day": "days", "month": "months", "year": "years"}


def _msg(key: str, **params: str | int | Msg | Both) -> Msg:
    return Msg(key=f"timeline.{key}", params=dict(params))


def number(value: float) -> str:
    """A number as the notice writes it: ``5``, ``1.5``."""
    return f"{value:g}"


def amount(value: float, unit: str) -> Msg:
    """``5 个工作日`` / ``5 working days`` (``unit``: a unit code of :data:`medpolicy.timeline.workdays.UNITS`)."""
    return _msg(_UNIT_KEYS[unit] + ("_one" if value == 1 else ""), n=number(value))


def comparator(op: str) -> Msg:
    """How much, for a comparator of a parameter: ``at most`` for ``<=``."""
    return _msg(f"cmp_{_OP_NAMES[op]}")


def relation(op: str) -> Msg:
    """How a date relates to a bound, for a comparator: ``on or before`` for ``<=``."""
    return _msg(f"rel_{_OP_NAMES[op]}")


def side(name: str) -> Msg:
    """``after`` or ``before`` a reference date."""
    return _msg(f"side_{name}")


def either(zh: str | Msg, en: str | Msg) -> Both:
    """A text said differently in each language: to a Chinese reader in the notice's own words (``zh``), to an
    English reader spelled out from the parameter (``en``).

    Each side is a message of the catalog in its own right; a :class:`~medpolicy.i18n.Both` holds text, so each is
    put in the words of its language here (the result still holds both languages).
    """
    return Both(zh=words(zh, "zh"), en=words(en, "en"))


def joined(labels: list[Both], separator: str) -> Both:
    """Labels joined by ``separator`` in each language."""
    return Both(zh=separator.join(b.zh for b in labels), en=separator.join(b.en for b in labels))


def distance(start: dt.date, end: dt.date, unit: str, calendar: WorkdayCalendar) -> tuple[Msg, bool]:
    """How far ``end`` is from ``start`` in ``unit`` (working days, days, or years/months/days), and whether
    ``end`` is not before ``start``."""
    if unit == "workday":
        text = amount(abs(calendar.between(start, end)), unit)
    elif unit == "day":
        text = amount(abs((end - start).days), unit)
    else:
        months, days = months_and_days(start, end)
        years, months = divmod(abs(months), 12) if unit == "year" else (0, abs(months))
        parts = [(years, "span_years"), (months, "span_months"), (abs(days), "span_days")]
        shown = [_msg(key + ("_one" if n == 1 else ""), n=n) for n, key in parts if n] or [_msg("span_days", n=0)]
        text = shown[0] if len(shown) == 1 else _msg(f"span_{len(shown)}", **dict(zip("abc", shown, strict=False)))
    return text, end >= start


def date_phrase(limit: LimitSpec, p: Parameter) -> Both:
    """What a date limit asks: ``于2025年11月3日前（早于 2025-11-03）`` / ``before 2025-11-03``."""
    value = str(p.value)
    before = p.comparator == "before"
    rel = relation(("<=" if limit.inclusive else "<") if before else (">=" if limit.inclusive else ">"))
    if value.startswith("--"):
        return either(p.quote, _msg("month_limit", rel=rel, month=int(value[2:4])))
    return either(
        _msg("date_limit_quoted", quote=p.quote, rel=rel, date=value), _msg("date_limit_spelled", rel=rel, date=value)
    )
