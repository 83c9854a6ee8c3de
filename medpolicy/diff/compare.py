"""Comparing two policies clause by clause: alignment on the shared topic scheme, then structured parameters.

Nothing here knows a policy, a clause or a threshold of a notice. The clauses of A and B (after the filters)
are cut into items and aligned topic by topic (:mod:`medpolicy.diff.align`: never across topics, never across
two product families unless ``related_families``); each group of paired items is compared parameter by
parameter (:mod:`medpolicy.diff.entries`, :mod:`medpolicy.diff.verdict`); what is left is ``added`` (only in B)
or ``removed`` (only in A). The entries are sorted by topic in document order.

``diff(A, B)`` and ``diff(B, A)`` are mirror images: every score and tie-break is symmetric.
"""

from __future__ import annotations

from collections import defaultdict

from medpolicy.diff.align import Item, attach, components, item_score, items, match
from medpolicy.diff.entries import group_entries, lone_entries
from medpolicy.diff.families import broader, known_topics, sibling_test
from medpolicy.diff.models import CHANGES, DiffEntry, DiffReport
from medpolicy.kb.models import Clause
from medpolicy.kb.store import KnowledgeBase

__all__ = ["diff"]


def _check_filters(kb: KnowledgeBase, topic: str | None, product: str | None, used: set[str]) -> None:
    from medpolicy.kb.suggest import check_choice

    check_choice(topic, sorted(known_topics(kb) | used), "--topic", "topic")
    check_choice(product, sorted(broader(kb)), "--product", "product family")


def _selected(kb: KnowledgeBase, policy: str, topic: str | None, product: str | None) -> list[Clause]:
    clauses = kb.clauses(policy, topic=topic)
    if product is None:
        return clauses
    closure = broader(kb)
    return [c for c in clauses if c.product_family and product in closure.get(c.product_family, {c.product_family})]


def _by_topic(clauses: list[Clause]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = defaultdict(list)
    for item in items(clauses):
        out[item.clause.topic].append(item)
    return out


def diff(
    a: str,
    b: str,
    *,
    topic: str | None = None,
    product: str | None = None,
    only_changes: bool = False,
    related_families: bool = False,
    shared_families: bool = False,
    kb: KnowledgeBase | None = None,
) -> DiffReport:
    """Align the clauses of policies ``a`` and ``b`` and compare them; see the module notes.

    ``topic`` keeps one topic of the shared scheme; ``product`` one product family (or a broader family:
    every family under it); ``only_changes`` drops ``same`` entries (the summary still counts them);
    ``related_families`` also pairs indicators of sibling families (e.g. two families of one equipment
    area) when their subjects are very alike; ``shared_families`` leaves out the clauses of product families
    that only one of the two policies has (clauses without a family stay).
    """
    kb = kb or KnowledgeBase.default()
    kb.policy_dir(a)
    kb.policy_dir(b)
    used = {c.topic for c in kb.clauses(a)} | {c.topic for c in kb.clauses(b)}
    _check_filters(kb, topic, product, used)
    ca, cb = _selected(kb, a, topic, product), _selected(kb, b, topic, product)
    if shared_families:
        both = {c.product_family for c in ca} & {c.product_family for c in cb}
        ca = [c for c in ca if c.product_family is None or c.product_family in both]
        cb = [c for c in cb if c.product_family is None or c.product_family in both]
    by_topic_a, by_topic_b = _by_topic(ca), _by_topic(cb)

    siblings = sibling_test(kb) if related_families else None
    entries: list[DiffEntry] = []
    for t in dict.fromkeys([*by_topic_a, *by_topic_b]):
        xs, ys = by_topic_a.get(t, []), by_topic_b.get(t, [])
        pairs = attach(xs, ys, match(xs, ys, lambda x, y: item_score(x, y, siblings), lambda i: i.key))
        for left, right, group in components(pairs):
            entries.extend(group_entries(xs, ys, left, right, group))
        paired_x = {i for i, _, _ in pairs}
        paired_y = {j for _, j, _ in pairs}
        for i, x in enumerate(xs):
            if i not in paired_x:
                entries.extend(lone_entries(x, "removed"))
        for j, y in enumerate(ys):
            if j not in paired_y:
                entries.extend(lone_entries(y, "added"))

    entries = _sorted(entries)
    summary: dict[str, int] = {c: 0 for c in CHANGES}
    for e in entries:
        summary[e.change] += 1
    topics_a, topics_b = list(by_topic_a), list(by_topic_b)
    pa, pb = kb.policy(a), kb.policy(b)
    return DiffReport(
        a=a,
        b=b,
        a_title=pa.title,
        b_title=pb.title,
        topic=topic,
        product=product,
        only_changes=only_changes,
        shared_families=shared_families,
        related_families=related_families,
        summary=summary,
        shared_topics=[t for t in topics_a if t in by_topic_b],
        only_a_topics=[t for t in topics_a if t not in by_topic_b],
        only_b_topics=[t for t in topics_b if t not in by_topic_a],
        entries=[e for e in entries if not (only_changes and e.change == "same")],
    )


def _sorted(entries: list[DiffEntry]) -> list[DiffEntry]:
    big = 10**9
    first: dict[str, tuple[int, int]] = {}
    for e in entries:
        key = (e.a.order if e.a else big, e.b.order if e.b else big)
        first[e.topic] = min(first.get(e.topic, (big, big)), key)

    def order(e: DiffEntry) -> tuple[object, ...]:
        return (
            first[e.topic],
            e.topic,
            e.a.order if e.a else big,
            e.b.order if e.b else big,
            (e.a.parameter if e.a else "") or "",
            (e.b.parameter if e.b else "") or "",
        )

    return sorted(entries, key=order)
