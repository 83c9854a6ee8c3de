"""Arguments of the library checked against the knowledge base: an unknown kind or topic is an error, not 0 rows.

>>> from medpolicy.kb.store import KnowledgeBase
>>> check_kind_topic(KnowledgeBase.default(), "indicator", "rd-investment-ratio")
>>> check_kind_topic(KnowledgeBase.default(), "indicators", None)
Traceback (most recent call last):
...
medpolicy.errors.UnknownArgumentError: kind: unknown clause kind 'indicators'; did you mean indicator?...
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from medpolicy.errors import UnknownArgumentError

if TYPE_CHECKING:
    from medpolicy.kb.store import KnowledgeBase

__all__ = ["as_date", "check_kind_topic"]


def check_kind_topic(kb: KnowledgeBase, kind: str | None, topic: str | None) -> None:
    """Raise :class:`UnknownArgumentError` naming ``kind`` or ``topic`` (with the closest known values) when the
    value is not a kind in use or a topic of the scheme (see :mod:`medpolicy.query.suggest`)."""
    if kind is None and topic is None:
        return
    from medpolicy.kb.suggest import check_choice
    from medpolicy.kb.topics import known_kinds, known_topics

    if kind is not None:
        check_choice(kind, known_kinds(kb), "kind", "clause kind")
    if topic is not None:
        labels = {tid: list(names) for tid, names in known_topics(kb).items()}
        check_choice(topic, list(labels), "topic", "topic", labels, "see ontology/topics.ttl")


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
