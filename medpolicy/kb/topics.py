"""The shared topic scheme with, per topic, how many clauses each policy has on it."""

from __future__ import annotations

from pydantic import BaseModel

from medpolicy.kb.store import KnowledgeBase

__all__ = ["TopicRow", "known_kinds", "known_topics", "topics"]


class TopicRow(BaseModel):
    id: str
    label: str
    label_en: str
    counts: dict[str, int]
    total: int


def known_topics(kb: KnowledgeBase | None = None) -> dict[str, tuple[str, str]]:
    """Topic id → (zh label, en label), sorted by id."""
    return (kb or KnowledgeBase.default()).known_topics()


def known_kinds(kb: KnowledgeBase | None = None) -> list[str]:
    """The clause kind tokens in use."""
    return (kb or KnowledgeBase.default()).known_kinds()


def topics(kb: KnowledgeBase | None = None, *, used_only: bool = False) -> list[TopicRow]:
    """Every topic of the scheme (or those with a clause), with its clause count per policy."""
    kb = kb or KnowledgeBase.default()
    counts: dict[str, dict[str, int]] = {}
    for c in kb.clauses():
        per = counts.setdefault(c.topic, {})
        per[c.policy] = per.get(c.policy, 0) + 1
    rows = []
    for tid, (zh, en) in known_topics(kb).items():
        per = {pid: counts.get(tid, {}).get(pid, 0) for pid in kb.policy_ids}
        if used_only and not any(per.values()):
            continue
        rows.append(TopicRow(id=tid, label=zh, label_en=en, counts=per, total=sum(per.values())))
    return rows
