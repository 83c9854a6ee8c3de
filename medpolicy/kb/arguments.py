"""Arguments of the library and the CLI checked: a date, a policy, kind or topic filter (an unknown one is an error,
not 0 rows).

>>> check_clause_filters("2025_national", "indicator", "rd-investment-ratio")
>>> check_clause_filters(None, "indicators", None)
Traceback (most recent call last):
...
medpolicy.errors.UnknownArgumentError: kind: unknown clause kind 'indicators'; did you mean indicator?...
"""

from __future__ import annotations

import datetime as dt

from medpolicy.errors import UnknownArgumentError
from medpolicy.kb.store import KnowledgeBase
from medpolicy.kb.suggest import check_choice

__all__ = ["as_date", "check_clause_filters"]


def check_clause_filters(policy: str | None, kind: str | None, topic: str | None) -> None:
    """Unknown ``--policy``, ``--kind`` or ``--topic``: exit 2 with the closest known values, not an empty list."""
    kb = KnowledgeBase.default()
    check_choice(policy, kb.policy_ids, "--policy", "policy")
    check_choice(kind, kb.known_kinds(), "--kind", "clause kind")
    labels = {tid: list(names) for tid, names in kb.known_topics().items()}
    hint = f"to find clauses that mention it: --search {topic!r}" if topic else ""
    check_choice(topic, list(labels), "--topic", "topic", labels, hint)


def as_date(value: dt.date | str | None, argument: str = "as_of") -> dt.date | None:
    """A date given as a ``datetime.date`` (or ``datetime``) or an ISO string ``YYYY-MM-DD``; ``None`` stays None."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UnknownArgumentError(f"{value!r} is not a date (expected a date or YYYY-MM-DD)", argument=argument)
