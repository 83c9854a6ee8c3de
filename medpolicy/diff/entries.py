"""The entries of a diff: each aligned group of clauses compared parameter by parameter (or as text), and the
items with no counterpart listed as ``added`` (only in B) or ``removed`` (only in A).

Within a group of paired clauses the parameters are pooled and paired on their subjects, then leftovers that can
still be compared (same kind, same dimension), then a last one on each side; what is left is ``added`` or
``removed``. Clauses without parameters compare as text.
"""

from __future__ import annotations

from collections.abc import Sequence

from medpolicy.diff.align import INNER_MIN, Item, Pair, param_pairs
from medpolicy.diff.models import Change, DiffEntry, DiffSide
from medpolicy.diff.text import norm, text_change, text_ops, texts_agree
from medpolicy.diff.verdict import Verdict, compare, expected
from medpolicy.i18n import Both, Msg
from medpolicy.kb.models import Parameter
from medpolicy.kb.store import local_name

__all__ = ["group_entries", "lone_entries", "text_entries"]


def _side(item: Item, param: Parameter | None) -> DiffSide:
    c = item.clause
    if param is None and len(item.params) == 1:
        param = item.params[0]
    return DiffSide(
        clause=c.id,
        policy=c.policy,
        local_id=local_name(c.id),
        section=c.section,
        order=c.order,
        kind=c.kind,
        text=c.text,
        gloss=c.gloss,
        comparator=param.comparator if param else None,
        value=param.value if param else None,
        unit=param.unit if param else None,
        unit_code=param.unit_code if param else None,
        parameter=param.id if param else None,
        subject=param.subject if param else None,
        subject_en=param.subject_en if param else None,
        quote=param.quote if param else None,
        condition=param.condition if param else None,
        variant=param.variant if param else None,
        lower_is_better=param.lower_is_better if param else False,
        in_principle=c.in_principle,
        index_level2=c.index_level2,
        index_row=c.index_row,
        product_family=c.product_family,
        also=list(item.also),
    )


def _entry(
    change: Change,
    x: Item | None,
    y: Item | None,
    px: Parameter | None,
    py: Parameter | None,
    why: Msg,
    score: float | None = None,
    paired_with: str | None = None,
) -> DiffEntry:
    clause = (x or y).clause  # type: ignore[union-attr]
    a = _side(x, px) if x else None
    b = _side(y, py) if y else None
    subject_side = a if a and a.subject else b
    ops = text_ops(a.text, b.text) if a and b else []
    return DiffEntry(
        topic=clause.topic,
        change=change,
        a=a,
        b=b,
        topic_label=clause.topic_label,
        topic_label_en=clause.topic_label_en,
        family=(x.family if x else None) or (y.family if y else None),
        subject=subject_side.subject if subject_side else None,
        subject_en=subject_side.subject_en if subject_side else None,
        why=why,
        text_diff=ops,
        text_change=text_change(ops),
        paired_with=paired_with,
        score=None if score is None else round(score, 3),
    )


def _limits(params: Sequence[Parameter]) -> Both:
    return Both(zh="；".join(expected(p).zh for p in params), en="; ".join(expected(p).en for p in params))


def text_entries(x: Item, y: Item, score: float) -> list[DiffEntry]:
    """A pair of clauses one of which has no parameters: compared as text, or as a limit dropped or imposed."""
    if norm(x.clause.text) == norm(y.clause.text):
        return [_entry("same", x, y, None, None, Msg(key="diff.reason_same_text"), score)]
    if text_change(text_ops(x.clause.text, y.clause.text)) == "punctuation":
        return [_entry("same", x, y, None, None, Msg(key="diff.reason_same_text_but_punctuation"), score)]
    # one side states a limit, the other only informs (checks nothing, e.g. 可以参与多个): the limit is gone
    if x.params and not y.params and y.clause.check == "info":
        why = Msg(key="diff.reason_limit_dropped", params={"limits": _limits(x.params)})
        return [_entry("looser", x, y, x.params[0] if len(x.params) == 1 else None, None, why, score)]
    if y.params and not x.params and x.clause.check == "info":
        why = Msg(key="diff.reason_limit_imposed", params={"limits": _limits(y.params)})
        return [_entry("stricter", x, y, None, y.params[0] if len(y.params) == 1 else None, why, score)]
    return [_entry("changed", x, y, None, None, Msg(key="diff.reason_wording"), score)]


def lone_entries(item: Item, change: Change) -> list[DiffEntry]:
    """An item with no counterpart: one entry per parameter (each is a requirement), or one for the clause."""
    why = Msg(key="diff.only_in_a") if change == "removed" else Msg(key="diff.only_in_b")
    x, y = (item, None) if change == "removed" else (None, item)
    if not item.params:
        return [_entry(change, x, y, None, None, why)]
    return [_entry(change, x, y, p if x else None, p if y else None, why) for p in item.params]


def _pooled_pairs(
    ps: Sequence[tuple[Item, Parameter]], qs: Sequence[tuple[Item, Parameter]]
) -> tuple[list[Pair], list[int], list[int]]:
    """The pooled parameters of a group paired: on their subjects, then any two left that can be compared,
    then the last one on each side; with the indices left over on each side."""
    matched = param_pairs([p for _, p in ps], [q for _, q in qs], INNER_MIN)

    def rest() -> tuple[list[int], list[int]]:
        done_p, done_q = {n for n, _, _ in matched}, {m for _, m, _ in matched}
        return [n for n in range(len(ps)) if n not in done_p], [m for m in range(len(qs)) if m not in done_q]

    rest_p, rest_q = rest()
    if rest_p and rest_q:  # second round, what is left on both sides: any two that can be compared (recast)
        extra = param_pairs([ps[n][1] for n in rest_p], [qs[m][1] for m in rest_q], 0.0)
        matched += [(rest_p[i], rest_q[j], s) for i, j, s in extra]
        rest_p, rest_q = rest()
    if len(rest_p) == 1 and len(rest_q) == 1:  # one requirement left on each side: the same one, recast
        matched.append((rest_p[0], rest_q[0], 0.0))
        rest_p, rest_q = [], []
    return matched, rest_p, rest_q


def _verdict(x: Item, y: Item, p: Parameter, q: Parameter) -> Verdict:
    v = compare(p, q)
    if v.change == "changed" and v.recast and texts_agree(x.clause.text, y.clause.text):
        # both texts state the same rule (近3年内未发生 …); only the way it is modelled differs
        why = Msg(key="diff.reason_modelled_differently", params={"a": expected(p), "b": expected(q)})
        return Verdict("same", why)
    return v


def group_entries(
    xs: Sequence[Item], ys: Sequence[Item], left: list[int], right: list[int], pairs: list[Pair]
) -> list[DiffEntry]:
    """The entries of one group of paired items (``left`` of ``xs``, ``right`` of ``ys``, joined by ``pairs``)."""
    out: list[DiffEntry] = []
    best = max(s for _, _, s in pairs)
    for i, j, s in pairs:  # clauses compared as text: when one of the two has no parameters
        x, y = xs[i], ys[j]
        if not x.params or not y.params:
            out.extend(text_entries(x, y, s))
    ps = [(xs[i], p) for i in left if all(ys[j].params for a, j, _ in pairs if a == i) for p in xs[i].params]
    qs = [(ys[j], q) for j in right if all(xs[i].params for i, b, _ in pairs if b == j) for q in ys[j].params]
    if not ps or not qs:
        return out
    matched, rest_p, rest_q = _pooled_pairs(ps, qs)
    linked: set[tuple[str, str]] = set()
    for n, m, _ in matched:
        (x, p), (y, q) = ps[n], qs[m]
        v = _verdict(x, y, p, q)
        out.append(_entry(v.change, x, y, p, q, v.why, best))
        linked.add((x.key, y.key))
    for i, j, s in pairs:  # a pair of clauses none of whose parameters could be compared: keep it visible
        x, y = xs[i], ys[j]
        if x.params and y.params and (x.key, y.key) not in linked:
            change: Change = "same" if norm(x.clause.text) == norm(y.clause.text) else "changed"
            out.append(_entry(change, x, y, None, None, Msg(key="diff.reason_not_comparable"), s))
    first_x, first_y = xs[left[0]].clause.id, ys[right[0]].clause.id
    partner_x = {i: ys[j] for i, j, _ in pairs}
    partner_y = {j: xs[i] for i, j, _ in pairs}
    index_x = {id(item): i for i, item in enumerate(xs)}
    index_y = {id(item): j for j, item in enumerate(ys)}
    for n in rest_p:
        x, p = ps[n]
        other = partner_x.get(index_x[id(x)])
        if other is not None and texts_agree(x.clause.text, other.clause.text):
            out.append(_entry("same", x, other, p, None, Msg(key="diff.reason_extra_parameter_a"), best))
            continue
        out.append(_entry("removed", x, None, p, None, Msg(key="diff.requirement_only_in_a"), best, first_y))
    for m in rest_q:
        y, q = qs[m]
        other = partner_y.get(index_y[id(y)])
        if other is not None and texts_agree(other.clause.text, y.clause.text):
            out.append(_entry("same", other, y, None, q, Msg(key="diff.reason_extra_parameter_b"), best))
            continue
        out.append(_entry("added", None, y, None, q, Msg(key="diff.requirement_only_in_b"), best, first_x))
    return out
