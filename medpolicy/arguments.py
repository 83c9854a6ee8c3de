"""Arguments of the library checked against the knowledge base: an unknown kind or topic is an error, not 0 rows.

>>> from medpolicy.kb import KnowledgeBase
>>> check_kind_topic(KnowledgeBase.default(), "indicator", "rd-investment-ratio")
>>> check_kind_topic(KnowledgeBase.default(), "indicators", None)
Traceback (most recent call last):
...
medpolicy.errors.UnknownArgumentError: kind: unknown clause kind 'indicators'; known: ...
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rdflib import RDF
from rdflib.namespace import SKOS

from medpolicy.errors import UnknownArgumentError
from medpolicy.namespaces import MP

if TYPE_CHECKING:
    from medpolicy.kb import KnowledgeBase

__all__ = ["as_date", "check_kind_topic", "known_kinds", "known_topics"]


def known_kinds(kb: KnowledgeBase) -> list[str]:
    """The tokens of the clause kinds of the vocabulary (``eligibility``, ``indicator`` …)."""
    return sorted(
        {str(t) for k in kb.ontology.subjects(RDF.type, MP.ClauseKind) for t in kb.ontology.objects(k, MP.token)}
    )


def known_topics(kb: KnowledgeBase) -> list[str]:
    """The names of the topics of the shared topic scheme (``rd-investment-ratio`` …)."""
    from medpolicy.kb import local_name

    schemes = {s for s in kb.ontology.subjects(RDF.type, SKOS.ConceptScheme) if str(s).endswith("/topic/scheme")}
    return sorted({local_name(c) for s in schemes for c in kb.ontology.subjects(SKOS.inScheme, s)})


def check_kind_topic(kb: KnowledgeBase, kind: str | None, topic: str | None) -> None:
    """Raise :class:`UnknownArgumentError` naming ``kind`` or ``topic`` when the value is not in the vocabulary."""
    if kind is not None and kind not in (kinds := known_kinds(kb)):
        raise UnknownArgumentError(f"unknown clause kind {kind!r}; known: {', '.join(kinds)}", argument="kind")
    if topic is not None and topic not in (topics := known_topics(kb)):
        near = [t for t in topics if topic.lower() in t or t in topic.lower()][:8]
        hint = f"; did you mean {', '.join(near)}" if near else " (see ontology/topics.ttl)"
        raise UnknownArgumentError(f"unknown topic {topic!r}{hint}", argument="topic")


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
