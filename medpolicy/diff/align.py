"""Aligning two policies: cut each into items, score pairs of items (symmetrically), pair them greedily.

1. Each policy is cut into *items*: a clause, or — for an indicator clause of a product family — each of its
   parameters on its own (indicators are compared indicator by indicator, whatever clause holds them).
   Items of one policy that are exact repeats (same topic, family, text and parameters, e.g. the same
   rule printed under every research direction) collapse into one item that lists the repeats in ``also``.
2. Items are paired only within one topic of the shared scheme (the caller's job), never across two different
   product families (``siblings`` relaxes the latter for indicators of sibling families). A pair is scored from
   the character bigrams of the Chinese text and parameter subjects (Dice, or how much of the shorter the longer
   holds), the English subject words, the parameters' units (two parameters must measure the same dimension
   after unit conversion), the clause kind, the product family, and for index-table rows the 二级指标 name
   without its number. Pairs are taken greedily, best first; ties are broken by the unordered pair of keys.
3. Second pass (:func:`attach`): a clause left alone whose sibling (same section or index row) is paired joins
   that pair when the other policy's clause holds its text — one notice cut a sentence in two, the other kept it
   whole. :func:`components` then groups the pairs that share a clause.

Weights and thresholds are generic, set by looking at the bundled notices (see tests/test_diff.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from medpolicy.diff.text import bigrams, dice, en_words, jaccard, norm, strip_number
from medpolicy.diff.values import bound_kind, convertible, is_bool
from medpolicy.kb.models import Clause, Parameter

__all__ = ["INNER_MIN", "Item", "Pair", "attach", "components", "item_score", "items", "match", "param_pairs"]

_CLAUSE_MIN = 0.25  # text (and parameter) similarity a pair of clauses needs, unless their index rows agree
_CLAUSE_THRESHOLD = 0.5  # … and with the bonuses below
_INDICATOR_MIN = 0.3  # subject similarity of two indicator parameters of one family
INNER_MIN = 0.1  # subject similarity of two parameters inside a pair of clauses
_CONTAINED = 0.8  # share of a clause's text found in the other policy's clause (second pass)
_RELATED_FAMILY_MIN = 0.55  # … of two indicator parameters of sibling families (one broader family)
_CONTAINMENT_WEIGHT = 0.7
_SAME_KIND = 0.25
_SAME_FAMILY = 0.3
_SAME_INDEX_ROW = 1.0
_OTHER_INDEX_ROW = -0.3

Pair = tuple[int, int, float]  # index on the left, index on the right, score
T = TypeVar("T")


@dataclass(frozen=True)
class Item:
    """A clause, or one indicator parameter of a clause of a product family; ``also``: its exact repeats."""

    clause: Clause
    params: tuple[Parameter, ...]
    per_parameter: bool
    also: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.params[0].id if self.per_parameter else self.clause.id

    @property
    def family(self) -> str | None:
        return self.clause.product_family


def _signature(item: Item) -> tuple[object, ...]:
    c = item.clause
    params = tuple(
        (norm(p.subject), p.comparator, repr(p.value), p.unit_code, norm(p.condition), norm(p.variant))
        for p in item.params
    )
    return (c.topic, c.product_family, c.kind, norm(c.text), params)


def items(clauses: Iterable[Clause]) -> list[Item]:
    """The items of a policy's clauses, exact repeats collapsed into the first one."""
    raw: list[Item] = []
    for c in clauses:
        if c.kind == "indicator" and c.product_family and c.parameters:
            raw.extend(Item(c, (p,), True) for p in c.parameters)
        else:
            raw.append(Item(c, tuple(c.parameters), False))
    first: dict[tuple[object, ...], int] = {}
    repeats: dict[int, list[str]] = defaultdict(list)
    kept: list[Item] = []
    for item in raw:
        sig = _signature(item)
        if sig in first:
            repeats[first[sig]].append(item.clause.id)
            continue
        first[sig] = len(kept)
        kept.append(item)
    return [
        Item(i.clause, i.params, i.per_parameter, tuple(repeats[n])) if n in repeats else i for n, i in enumerate(kept)
    ]


# -- scores ----------------------------------------------------------------------------------------------------
def _likeness(x: str | None, y: str | None) -> float:
    """Bigram Dice of two Chinese phrases, or (discounted) how much of the shorter one the longer holds."""
    bx, by = bigrams(x), bigrams(y)
    if not bx or not by:
        return 0.0
    short, long = (bx, by) if len(bx) <= len(by) else (by, bx)
    return max(dice(bx, by), _CONTAINMENT_WEIGHT * len(short & long) / len(short))


def _subject_sim(p: Parameter, q: Parameter) -> float:
    """0…1: Chinese subjects (and, for yes/no requirements, the quoted phrases), or English subject words."""
    zh = _likeness(p.subject, q.subject)
    if is_bool(p):
        zh = max(zh, _likeness(p.quote, q.quote))
    en = jaccard(en_words(p.subject_en), en_words(q.subject_en))
    return max(zh, en)


def _param_score(p: Parameter, q: Parameter, minimum: float) -> float | None:
    """The subject similarity plus small bonuses (same kind of bound, same qualifier, same value); None when
    the two cannot be the same requirement (yes/no against a number, units of different dimensions) or
    their subjects are less alike than ``minimum``."""
    if is_bool(p) != is_bool(q) or not convertible(p.unit_code, q.unit_code):
        return None
    sim = _subject_sim(p, q)
    if sim < minimum:
        return None
    if bound_kind(p) == bound_kind(q):
        sim += 0.1
    if norm(p.condition) == norm(q.condition) and norm(p.variant) == norm(q.variant):
        sim += 0.1
    if p.comparator == q.comparator and repr(p.value) == repr(q.value):
        sim += 0.05
    return sim


def match(
    left: Sequence[T], right: Sequence[T], score: Callable[[T, T], float | None], key: Callable[[T], str]
) -> list[Pair]:
    """Greedy one-to-one pairing, best score first; ties broken by the (unordered) pair of keys, so that
    swapping ``left`` and ``right`` gives the same pairs."""
    candidates: list[tuple[float, str, str, int, int]] = []
    for i, x in enumerate(left):
        for j, y in enumerate(right):
            s = score(x, y)
            if s is None:
                continue
            kx, ky = key(x), key(y)
            candidates.append((-round(s, 6), min(kx, ky), max(kx, ky), i, j))
    candidates.sort()
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs: list[Pair] = []
    for neg, _k1, _k2, i, j in candidates:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        pairs.append((i, j, -neg))
    return pairs


def param_pairs(ps: Sequence[Parameter], qs: Sequence[Parameter], minimum: float) -> list[Pair]:
    """The parameters of two lists paired on their subjects (at least ``minimum`` alike), units and kinds."""
    return match(ps, qs, lambda p, q: _param_score(p, q, minimum), lambda p: p.id)


def item_score(x: Item, y: Item, siblings: Callable[[str, str], bool] | None = None) -> float | None:
    """How well two items of one topic align (symmetric); None when they must not be paired.

    Items of two different product families are never paired, except — when ``siblings`` is given — two
    indicator parameters of families under one broader family whose subjects are very alike.
    """
    if x.family and y.family and x.family != y.family:
        if siblings is None or not (x.per_parameter and y.per_parameter) or not siblings(x.family, y.family):
            return None
        return _param_score(x.params[0], y.params[0], _RELATED_FAMILY_MIN)
    if x.per_parameter and y.per_parameter:
        return _param_score(x.params[0], y.params[0], _INDICATOR_MIN)
    if x.per_parameter or y.per_parameter:
        # an indicator parameter against a whole clause: only through a parameter of the clause
        inner = param_pairs(x.params, y.params, _INDICATOR_MIN)
        return max((s for _, _, s in inner), default=None)
    text = dice(bigrams(x.clause.text), bigrams(y.clause.text))
    if x.params and y.params:
        pairs = param_pairs(x.params, y.params, INNER_MIN)
        matched = sum(min(s, 1.0) for _, _, s in pairs) / max(len(x.params), len(y.params))
        base = max(text, 0.5 * text + 0.5 * matched)
    else:
        base = text
    l2x, l2y = x.clause.index_level2, y.clause.index_level2
    same_row = bool(l2x and l2y and strip_number(l2x) == strip_number(l2y))
    same_family = bool(x.family and x.family == y.family)
    if base < _CLAUSE_MIN and not (same_row or same_family):
        return None
    if x.clause.kind == y.clause.kind:
        base += _SAME_KIND
    if same_family:
        base += _SAME_FAMILY
    if l2x and l2y:
        base += _SAME_INDEX_ROW if same_row else _OTHER_INDEX_ROW
    return base if base >= _CLAUSE_THRESHOLD else None


# -- second pass and groups ------------------------------------------------------------------------------------
def _containment(short: str, long: str) -> float:
    """Share of the bigrams of ``short`` found in ``long``."""
    s = bigrams(short)
    return len(s & bigrams(long)) / len(s) if s else 0.0


def _siblings(x: Clause, y: Clause) -> bool:
    """Two clauses of one policy cut from one sentence or one index-table row."""
    if x.index_row is not None and x.index_row == y.index_row:
        return True
    return x.section == y.section and abs(x.order - y.order) <= 3


def attach(xs: Sequence[Item], ys: Sequence[Item], pairs: list[Pair]) -> list[Pair]:
    """Second pass: an unpaired clause whose sibling is paired joins that pair when the other policy's clause
    holds its text (one policy cut a sentence in two, the other kept it whole). Symmetric by construction."""
    partner_of_x = {i: j for i, j, _ in pairs}
    partner_of_y = {j: i for i, j, _ in pairs}
    extra: list[Pair] = []
    for i, x in enumerate(xs):
        if i in partner_of_x or x.per_parameter:
            continue
        best = _best_host(x, [(j, ys[j]) for j in partner_of_y if _siblings(xs[partner_of_y[j]].clause, x.clause)])
        if best is not None:
            extra.append((i, best[0], best[1]))
    for j, y in enumerate(ys):
        if j in partner_of_y or y.per_parameter:
            continue
        best = _best_host(y, [(i, xs[i]) for i in partner_of_x if _siblings(ys[partner_of_x[i]].clause, y.clause)])
        if best is not None:
            extra.append((best[0], j, best[1]))
    return pairs + extra


def _best_host(item: Item, hosts: list[tuple[int, Item]]) -> tuple[int, float] | None:
    scored = [
        (_containment(item.clause.text, h.clause.text), h.key, n)
        for n, h in hosts
        if not h.per_parameter and (not item.family or not h.family or item.family == h.family)
    ]
    scored = [s for s in scored if s[0] >= _CONTAINED]
    if not scored:
        return None
    score, _key, n = max(scored, key=lambda s: (s[0], s[1]))
    return n, score


def components(pairs: list[Pair]) -> list[tuple[list[int], list[int], list[Pair]]]:
    """Connected groups of paired items (one-to-one pairs, plus the clauses the second pass attached):
    the left indices, the right indices and the pairs of each group."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(n: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(n, n) != n:
            n = parent[n]
        return n

    for i, j, _ in pairs:
        parent[find(("a", i))] = find(("b", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int], list[Pair]]] = {}
    for i, j, s in pairs:
        group = groups.setdefault(find(("a", i)), ([], [], []))
        group[2].append((i, j, s))
        if i not in group[0]:
            group[0].append(i)
        if j not in group[1]:
            group[1].append(j)
    return list(groups.values())
