"""Comparing two policies clause by clause: alignment on the shared topic scheme, then structured parameters.

Alignment (nothing here knows a policy, a clause or a threshold of a notice):

1. Each policy is cut into *items*: a clause, or — for an indicator clause of a product family — each of its
   parameters on its own (indicators are compared indicator by indicator, whatever clause holds them).
   Items of one policy that are exact repeats (same topic, family, text and parameters, e.g. the same
   rule printed under every research direction) collapse into one item that lists the repeats in ``also``.
2. Items are paired only within one topic of the shared scheme, never across topics, and never across two
   different product families (``related_families`` relaxes the latter for indicators of sibling families).
   A pair is scored, symmetrically, from the character bigrams of the Chinese text and parameter subjects
   (Dice, or how much of the shorter the longer holds), the English subject words, the parameters' units (two
   parameters must measure the same dimension after unit conversion), the clause kind, the product family,
   and for index-table rows the 二级指标 name without its number. Pairs are taken greedily, best first.
3. Second pass: a clause left alone whose sibling (same section or index row) is paired joins that pair when
   the other policy's clause holds its text — one notice cut a sentence in two, the other kept it whole.
4. Within each group of paired clauses the parameters are pooled and paired the same way, then leftovers that
   can still be compared (same kind, same dimension), then a last one on each side. Each parameter pair is
   ``same``, ``stricter`` / ``looser`` (as the applicant feels it: a higher minimum, a lower maximum, ">"
   instead of ">=" at one value, a wider range to cover, an earlier deadline, fewer accepted values) or
   ``changed`` (not ordered: other kinds of rule, another qualifier such as 每年 → 任务周期内, other wording);
   what is left is ``added`` (only in B) or ``removed`` (only in A). Clauses without parameters compare as text.

``diff(A, B)`` and ``diff(B, A)`` are mirror images: every score and tie-break is symmetric.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, Field

from medpolicy.errors import InputError, MedpolicyError
from medpolicy.i18n import words
from medpolicy.kb.models import Clause, Parameter, Value
from medpolicy.kb.store import KnowledgeBase, local_name

if TYPE_CHECKING:
    from medpolicy.validation.report import Report

__all__ = [
    "CHANGES",
    "ApplicantFlip",
    "ApplicantsReport",
    "Change",
    "ClauseRow",
    "DiffEntry",
    "DiffReport",
    "DiffSide",
    "FlipCause",
    "Matrix",
    "MatrixCell",
    "TextOp",
    "applicant_files",
    "diff",
    "diff_applicants",
    "diff_matrix",
    "mirror",
    "policy_order",
    "is_punctuation",
    "text_change",
    "text_ops",
    "texts_agree",
]

Change = Literal["same", "stricter", "looser", "changed", "added", "removed"]
CHANGES: tuple[Change, ...] = ("same", "stricter", "looser", "changed", "added", "removed")
_MIRROR: dict[str, Change] = {
    "same": "same",
    "stricter": "looser",
    "looser": "stricter",
    "changed": "changed",
    "added": "removed",
    "removed": "added",
}

# alignment weights and thresholds: generic, set by looking at the bundled notices (see tests/test_diff.py)
_CLAUSE_MIN = 0.25  # text (and parameter) similarity a pair of clauses needs, unless their index rows agree
_CLAUSE_THRESHOLD = 0.5  # … and with the bonuses below
_INDICATOR_MIN = 0.3  # subject similarity of two indicator parameters of one family
_INNER_MIN = 0.1  # subject similarity of two parameters inside a pair of clauses
_CONTAINED = 0.8  # share of a clause's text found in the other policy's clause (second pass)
_RELATED_FAMILY_MIN = 0.55  # … of two indicator parameters of sibling families (one broader family)
_CONTAINMENT_WEIGHT = 0.7
_SAME_KIND = 0.25
_SAME_FAMILY = 0.3
_SAME_INDEX_ROW = 1.0
_OTHER_INDEX_ROW = -0.3
_SAME_WORDING = 0.8
_TEXTS_AGREE = 0.75  # bigram Dice of two clause texts that state the same rule in other words (see texts_agree)
_EN_STOP = frozenset("a an and are as at be by for from in is its of on or per the to with number".split())


def mirror(change: str) -> Change:
    """``stricter`` ↔ ``looser``, ``added`` ↔ ``removed``; ``same`` and ``changed`` stay."""
    return _MIRROR[change]


# -- models ----------------------------------------------------------------------------------------------
class DiffSide(BaseModel):
    """One side of an entry: the clause (and parameter) of policy A or B, in the contract's fields and more."""

    clause: str = Field(description="the clause IRI")
    policy: str
    local_id: str
    section: str
    order: int
    kind: str
    text: str = Field(description="the verbatim Chinese text of the clause")
    gloss: str = ""
    comparator: str | None = None
    value: Value = None
    unit: str | None = None
    unit_code: str | None = None
    parameter: str | None = Field(default=None, description="the parameter IRI, when the entry is about one")
    subject: str | None = None
    subject_en: str | None = None
    quote: str | None = Field(default=None, description="the span of the text holding comparator and value")
    condition: str | None = None
    variant: str | None = None
    lower_is_better: bool = False
    in_principle: bool = False
    index_level2: str | None = None
    index_row: int | None = None
    product_family: str | None = None
    also: list[str] = Field(default=[], description="clauses of the same policy that repeat this one exactly")


class TextOp(BaseModel):
    """One step of the diff of the two clause texts (whitespace ignored; a number is one token)."""

    op: Literal["equal", "insert", "delete", "replace"]
    a: str = ""
    b: str = ""
    punctuation: bool = Field(default=False, description="a difference in punctuation only (，vs , or 。 dropped)")


class DiffEntry(BaseModel):
    """An aligned pair (or an unpaired clause or parameter) and how B differs from A for an applicant."""

    topic: str
    change: Change
    a: DiffSide | None
    b: DiffSide | None
    topic_label: str = ""
    topic_label_en: str = ""
    family: str | None = None
    subject: str | None = None
    subject_en: str | None = None
    reason: str = Field(default="", description="why this change, in English")
    reason_zh: str = ""
    text_diff: list[TextOp] = []
    text_change: Literal["none", "punctuation", "wording"] = Field(
        default="none", description="how the two clause texts differ: not at all, in punctuation only, in wording"
    )
    paired_with: str | None = Field(
        default=None, description="for a parameter added or removed inside a pair of clauses: the other clause"
    )
    score: float | None = Field(default=None, description="the alignment score of the pair")

    @property
    def sections(self) -> tuple[str | None, str | None]:
        return (self.a.section if self.a else None, self.b.section if self.b else None)

    @property
    def quotes(self) -> tuple[str | None, str | None]:
        return (self.a.quote if self.a else None, self.b.quote if self.b else None)

    def contract(self) -> dict[str, Any]:
        """The entry as JSON: the contract's fields first, then the rest."""
        data = self.model_dump(mode="json")
        head = {k: data.pop(k) for k in ("topic", "change", "a", "b")}
        return {**head, **data}


class ClauseRow(BaseModel):
    """One pair of clauses (or a clause of one policy alone) with every entry about it: the row an analyst reads."""

    topic: str
    topic_label: str = ""
    topic_label_en: str = ""
    change: Change = Field(description="the entries' changes together: one kind, or stricter/looser if they agree")
    a: DiffSide | None
    b: DiffSide | None
    text_change: Literal["none", "punctuation", "wording"] = "none"
    text_diff: list[TextOp] = []
    entries: list[DiffEntry]


_AS_DIRECTION: dict[str, str] = {"added": "stricter", "removed": "looser"}


def _row_change(entries: Sequence[DiffEntry], whole_a: bool, whole_b: bool) -> Change:
    changes = {e.change for e in entries}
    if len(changes) == 1:
        return entries[0].change
    if not whole_a:
        return "added"
    if not whole_b:
        return "removed"
    # inside a pair, a requirement added is a new hurdle, one removed a hurdle gone
    moves = {_AS_DIRECTION.get(c, c) for c in changes} - {"same"}
    if moves == {"stricter"}:
        return "stricter"
    if moves == {"looser"}:
        return "looser"
    return "changed"


class DiffReport(BaseModel):
    """``diff(A, B)``: a summary, then every entry, grouped by topic in document order."""

    a: str
    b: str
    a_title: str = ""
    b_title: str = ""
    topic: str | None = None
    product: str | None = None
    only_changes: bool = False
    shared_families: bool = False
    related_families: bool = False
    summary: dict[str, int] = Field(description="entries of each change (before --only-changes)")
    shared_topics: list[str] = []
    only_a_topics: list[str] = []
    only_b_topics: list[str] = []
    entries: list[DiffEntry]

    def by_topic(self) -> dict[str, list[DiffEntry]]:
        groups: dict[str, list[DiffEntry]] = {}
        for e in self.entries:
            groups.setdefault(e.topic, []).append(e)
        return groups

    def changed_topics(self) -> set[str]:
        """Topics with at least one entry that is not ``same``."""
        return {e.topic for e in self.entries if e.change != "same"}

    def to_json_array(self) -> list[dict[str, Any]]:
        """The ``diff --format json`` contract: a plain array of entries."""
        return [e.contract() for e in self.entries]

    def topic_summary(self) -> dict[str, dict[str, int]]:
        """Per topic (in report order): the number of entries of each change."""
        out: dict[str, dict[str, int]] = {}
        for e in self.entries:
            out.setdefault(e.topic, {c: 0 for c in CHANGES})[e.change] += 1
        return out

    def rows(self) -> list[ClauseRow]:
        """The entries grouped by pair of clauses (a parameter added inside a pair stays on the pair's row)."""
        groups: dict[tuple[str, str | None, str | None], list[DiffEntry]] = {}
        for e in self.entries:
            a = e.a.clause if e.a else (e.paired_with if e.b else None)
            b = e.b.clause if e.b else (e.paired_with if e.a else None)
            groups.setdefault((e.topic, a, b), []).append(e)
        rows = []
        for (topic, _a, _b), entries in groups.items():
            side_a = next((e.a for e in entries if e.a), None)
            side_b = next((e.b for e in entries if e.b), None)
            first = entries[0]
            ops = text_ops(side_a.text, side_b.text) if side_a and side_b else []
            rows.append(
                ClauseRow(
                    topic=topic,
                    topic_label=first.topic_label,
                    topic_label_en=first.topic_label_en,
                    change=_row_change(entries, side_a is not None, side_b is not None),
                    a=side_a,
                    b=side_b,
                    text_change=text_change(ops),
                    text_diff=ops,
                    entries=entries,
                )
            )
        return rows


class MatrixCell(BaseModel):
    """Counts for one pair of policies (A the earlier one)."""

    a: str
    b: str
    shared_topics: int
    same: int = 0
    stricter: int = 0
    looser: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0


class Matrix(BaseModel):
    policies: list[str]
    cells: list[MatrixCell]


class FlipCause(BaseModel):
    """A clause the applicant fails under one policy and that belongs to a topic the diff shows changed."""

    policy: str
    clause: str
    local_id: str
    section: str
    topic: str
    topic_label: str = ""
    text: str
    message: str = ""
    changes: list[str] = Field(default=[], description="the changes of the diff entries behind it")
    reasons: list[str] = []
    via: Literal["clause", "topic"] = "topic"


class ApplicantFlip(BaseModel):
    """One applicant file under both policies."""

    file: str
    eligible_a: bool | None = None
    eligible_b: bool | None = None
    fails_a: int = 0
    fails_b: int = 0
    flip: Literal["lost", "gained", "none"] = Field(
        default="none", description="lost: eligible under A, not under B; gained: the reverse"
    )
    causes: list[FlipCause] = []
    error: str | None = None


class ApplicantsReport(BaseModel):
    a: str
    b: str
    folder: str
    applicants: list[ApplicantFlip]

    @property
    def flips(self) -> list[ApplicantFlip]:
        return [x for x in self.applicants if x.flip != "none"]


# -- text helpers ------------------------------------------------------------------------------------------
def _norm(text: str | None) -> str:
    """NFKC, no whitespace, no trailing punctuation, lower case: what two wordings must share to be equal."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t).lower()
    return t.rstrip("。.;；,，:：")


@lru_cache(maxsize=65536)
def _bigrams(text: str | None) -> frozenset[str]:
    t = _norm(text)
    if len(t) < 2:
        return frozenset([t]) if t else frozenset()
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def _dice(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@lru_cache(maxsize=16384)
def _words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in _EN_STOP)


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def _strip_number(label: str | None) -> str:
    """``2.1研发投入`` → ``研发投入``."""
    return re.sub(r"^[\d.．\s]+", "", _norm(label))


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+|.", re.DOTALL)


def _tokens(text: str) -> list[str]:
    """A number (``1.5``, ``2022``) or a Latin word is one token, every other character one token."""
    return _TOKEN.findall(re.sub(r"\s+", "", text))


def is_punctuation(text: str) -> bool:
    """Only punctuation (Unicode category P*), e.g. ``，`` or ``（）``; empty text is not."""
    return bool(text) and all(unicodedata.category(ch).startswith("P") for ch in text)


def text_ops(a: str, b: str) -> list[TextOp]:
    """Diff of two Chinese texts (whitespace removed, as the quotes are tested) in which a number is one token:
    ``不少于[-200-]{+150+}人次``, never digit by digit. Steps that change punctuation only are marked."""
    x, y = _tokens(a), _tokens(b)
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    ops: list[TextOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ta, tb = "".join(x[i1:i2]), "".join(y[j1:j2])
        punct = tag != "equal" and all(is_punctuation(t) or not t for t in (ta, tb))
        ops.append(TextOp(op=tag, a=ta, b=tb, punctuation=punct))  # type: ignore[arg-type]
    return ops


def text_change(ops: Sequence[TextOp]) -> Literal["none", "punctuation", "wording"]:
    """``none`` when the texts agree, ``punctuation`` when only punctuation differs, else ``wording``."""
    changed = [op for op in ops if op.op != "equal"]
    if not changed:
        return "none"
    return "punctuation" if all(op.punctuation for op in changed) else "wording"


_CN_DIGITS = {
    "零": "0",
    "一": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
}
_CN_DIGITS["九"] = "9"


def _plain(text: str) -> str:
    """The text without whitespace and punctuation, single Chinese numerals before a counter read as digits
    (近三年 = 近3年): what two wordings of one rule share."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(
        r"(?<![一二三四五六七八九十百千])([一二两三四五六七八九])(?=[年个项家次月日周人])",
        lambda m: _CN_DIGITS[m.group(1)],
        t,
    )
    return "".join(ch for ch in t if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def texts_agree(a: str, b: str) -> bool:
    """The two clause texts state the same rule: the same numbers, and nearly the same words (bigram Dice ≥ 0.75
    once punctuation, whitespace and the spelling of small numerals are set aside)."""
    x, y = _plain(a), _plain(b)
    if _numbers(x) != _numbers(y):
        return False
    return x == y or _dice(_bigrams(x), _bigrams(y)) >= _TEXTS_AGREE


# -- units and values --------------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _convertible(u: str, v: str) -> bool:
    if u == v:
        return True
    if not u or not v:
        return False
    return _to(1.0, u, v) is not None


def _to(value: float, from_code: str, to_code: str) -> float | None:
    from medpolicy.kb.units import convert

    try:
        return convert(value, from_code, to_code)
    except (MedpolicyError, ValueError, TypeError):
        return None


def _num(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


# -- items -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Item:
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


def _signature(item: _Item) -> tuple[object, ...]:
    c = item.clause
    params = tuple(
        (_norm(p.subject), p.comparator, repr(p.value), p.unit_code, _norm(p.condition), _norm(p.variant))
        for p in item.params
    )
    return (c.topic, c.product_family, c.kind, _norm(c.text), params)


def _items(clauses: Iterable[Clause]) -> list[_Item]:
    raw: list[_Item] = []
    for c in clauses:
        if c.kind == "indicator" and c.product_family and c.parameters:
            raw.extend(_Item(c, (p,), True) for p in c.parameters)
        else:
            raw.append(_Item(c, tuple(c.parameters), False))
    first: dict[tuple[object, ...], int] = {}
    repeats: dict[int, list[str]] = defaultdict(list)
    kept: list[_Item] = []
    for item in raw:
        sig = _signature(item)
        if sig in first:
            repeats[first[sig]].append(item.clause.id)
            continue
        first[sig] = len(kept)
        kept.append(item)
    return [
        _Item(i.clause, i.params, i.per_parameter, tuple(repeats[n])) if n in repeats else i for n, i in enumerate(kept)
    ]


# -- similarity and matching --------------------------------------------------------------------------------
def _is_bool(p: Parameter) -> bool:
    return p.comparator == "bool"


def _family_of(p: Parameter) -> str:
    if p.comparator in (">=", ">"):
        return "lower"
    if p.comparator in ("<=", "<"):
        return "upper"
    return p.comparator


def _likeness(x: str | None, y: str | None) -> float:
    """Bigram Dice of two Chinese phrases, or (discounted) how much of the shorter one the longer holds."""
    bx, by = _bigrams(x), _bigrams(y)
    if not bx or not by:
        return 0.0
    short, long = (bx, by) if len(bx) <= len(by) else (by, bx)
    return max(_dice(bx, by), _CONTAINMENT_WEIGHT * len(short & long) / len(short))


def _subject_sim(p: Parameter, q: Parameter) -> float:
    """0…1: Chinese subjects (and, for yes/no requirements, the quoted phrases), or English subject words."""
    zh = _likeness(p.subject, q.subject)
    if _is_bool(p):
        zh = max(zh, _likeness(p.quote, q.quote))
    en = _jaccard(_words(p.subject_en), _words(q.subject_en))
    return max(zh, en)


def _param_score(p: Parameter, q: Parameter, minimum: float) -> float | None:
    """The subject similarity plus small bonuses (same kind of bound, same qualifier, same value); None when
    the two cannot be the same requirement (yes/no against a number, units of different dimensions) or
    their subjects are less alike than ``minimum``."""
    if _is_bool(p) != _is_bool(q) or not _convertible(p.unit_code, q.unit_code):
        return None
    sim = _subject_sim(p, q)
    if sim < minimum:
        return None
    if _family_of(p) == _family_of(q):
        sim += 0.1
    if _norm(p.condition) == _norm(q.condition) and _norm(p.variant) == _norm(q.variant):
        sim += 0.1
    if p.comparator == q.comparator and repr(p.value) == repr(q.value):
        sim += 0.05
    return sim


T = TypeVar("T")


def _match(
    left: Sequence[T],
    right: Sequence[T],
    score: Callable[[T, T], float | None],
    key: Callable[[T], str],
) -> list[tuple[int, int, float]]:
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
    pairs: list[tuple[int, int, float]] = []
    for neg, _k1, _k2, i, j in candidates:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        pairs.append((i, j, -neg))
    return pairs


def _param_pairs(ps: Sequence[Parameter], qs: Sequence[Parameter], minimum: float) -> list[tuple[int, int, float]]:
    return _match(ps, qs, lambda p, q: _param_score(p, q, minimum), lambda p: p.id)


def _item_score(x: _Item, y: _Item, siblings: Callable[[str, str], bool] | None = None) -> float | None:
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
        inner = _param_pairs(x.params, y.params, _INDICATOR_MIN)
        return max((s for _, _, s in inner), default=None)
    text = _dice(_bigrams(x.clause.text), _bigrams(y.clause.text))
    if x.params and y.params:
        pairs = _param_pairs(x.params, y.params, _INNER_MIN)
        matched = sum(min(s, 1.0) for _, _, s in pairs) / max(len(x.params), len(y.params))
        base = max(text, 0.5 * text + 0.5 * matched)
    else:
        base = text
    l2x, l2y = x.clause.index_level2, y.clause.index_level2
    same_row = bool(l2x and l2y and _strip_number(l2x) == _strip_number(l2y))
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


def _containment(short: str, long: str) -> float:
    """Share of the bigrams of ``short`` found in ``long``."""
    s = _bigrams(short)
    return len(s & _bigrams(long)) / len(s) if s else 0.0


def _siblings(x: Clause, y: Clause) -> bool:
    """Two clauses of one policy cut from one sentence or one index-table row."""
    if x.index_row is not None and x.index_row == y.index_row:
        return True
    return x.section == y.section and abs(x.order - y.order) <= 3


def _attach(
    xs: Sequence[_Item], ys: Sequence[_Item], pairs: list[tuple[int, int, float]]
) -> list[tuple[int, int, float]]:
    """Second pass: an unpaired clause whose sibling is paired joins that pair when the other policy's clause
    holds its text (one policy cut a sentence in two, the other kept it whole). Symmetric by construction."""
    partner_of_x = {i: j for i, j, _ in pairs}
    partner_of_y = {j: i for i, j, _ in pairs}
    extra: list[tuple[int, int, float]] = []
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


def _best_host(item: _Item, hosts: list[tuple[int, _Item]]) -> tuple[int, float] | None:
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


# -- comparing -----------------------------------------------------------------------------------------------
def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def _conditions(p: Parameter, q: Parameter) -> Literal["equal", "compatible", "different"]:
    """Qualifiers (每年, 任务周期内, 近3年平均): equal, compatible (one unstated, or sharing a number), or not."""
    cp, cq = _norm(p.condition), _norm(q.condition)
    if cp == cq:
        return "equal"
    if not cp or not cq or cp in cq or cq in cp or (_numbers(cp) & _numbers(cq)):
        return "compatible"
    return "different"


def _expected(p: Parameter, lang: str) -> str:
    from medpolicy.kb.explain import expected_text

    if _is_bool(p):
        return p.subject if lang == "zh" else (p.subject_en or p.subject)
    return expected_text(p, lang)


@dataclass
class _Verdict:
    change: Change
    en: str
    zh: str
    recast: bool = False  # "changed" because the two parameters are different kinds of rule (bool vs bound, ≤ vs ≥)


def _ordered(cmp: int, p: Parameter, q: Parameter) -> _Verdict:
    change: Change = "same" if cmp == 0 else "stricter" if cmp > 0 else "looser"
    if change == "same" and _expected(p, "en") == _expected(q, "en"):
        return _Verdict(change, f"same: {_expected(p, 'en')}", f"相同：{_expected(p, 'zh')}")
    return _Verdict(
        change,
        f"{_expected(p, 'en')} → {_expected(q, 'en')}",
        f"{_expected(p, 'zh')} → {_expected(q, 'zh')}",
    )


def _sign(x: float) -> int:
    return 0 if _close(x, 0.0) else (1 if x > 0 else -1)


def _same_wording(p: Parameter, q: Parameter) -> bool:
    for x, y in ((_norm(p.subject), _norm(q.subject)), (_norm(p.quote), _norm(q.quote))):
        if x and y and (x in y or y in x or _dice(_bigrams(x), _bigrams(y)) >= _SAME_WORDING):
            return True
    return False


def _compare(p: Parameter, q: Parameter) -> _Verdict:
    """How requirement ``q`` (policy B) differs from ``p`` (policy A), from the applicant's side."""
    conditions = _conditions(p, q)
    if _norm(p.variant) != _norm(q.variant) and p.variant and q.variant:
        return _Verdict("changed", f"alternative {p.variant} → {q.variant}", f"适用情形不同：{p.variant} → {q.variant}")
    if _is_bool(p) and _is_bool(q):
        if p.value != q.value:
            verdict = _Verdict("changed", "yes/no requirement inverted", "是/否要求相反")
        elif not _same_wording(p, q):
            verdict = _Verdict(
                "changed", f"requirement reworded: {p.quote} → {q.quote}", f"要求表述不同：{p.quote} → {q.quote}"
            )
        else:
            verdict = _Verdict("same", "same requirement", "要求相同")
    elif _family_of(p) != _family_of(q):
        verdict = _Verdict(
            "changed",
            f"different kind of rule: {_expected(p, 'en')} → {_expected(q, 'en')}",
            f"规则类型不同：{_expected(p, 'zh')} → {_expected(q, 'zh')}",
            recast=True,
        )
    else:
        verdict = _compare_values(p, q, _family_of(p))
    if conditions == "equal":
        if p.condition:
            verdict.en += f" ({p.condition})"
            verdict.zh += f"（{p.condition}）"
        return verdict
    note_en = f"qualifier {p.condition or '—'} → {q.condition or '—'}"
    note_zh = f"限定条件 {p.condition or '—'} → {q.condition or '—'}"
    if conditions == "different" and verdict.change != "changed":
        # the same number under another qualifier (每年 → 任务周期内) is not the same requirement, nor ordered
        return _Verdict("changed", f"{note_en}; {verdict.en}", f"{note_zh}；{verdict.zh}")
    verdict.en += f" ({note_en})"
    verdict.zh += f"（{note_zh}）"
    return verdict


def _in_a_units(q: Parameter, value: object, p: Parameter) -> float | None:
    x = _num(value)
    if x is None:
        return None
    if q.unit_code == p.unit_code:
        return x
    return _to(x, q.unit_code, p.unit_code)


def _compare_values(p: Parameter, q: Parameter, family: str) -> _Verdict:
    unordered = _Verdict(
        "changed",
        f"{_expected(p, 'en')} → {_expected(q, 'en')}",
        f"{_expected(p, 'zh')} → {_expected(q, 'zh')}",
    )
    if family in ("lower", "upper"):
        va, vb = _num(p.value), _in_a_units(q, q.value, p)
        if va is None or vb is None:
            return unordered
        strict = {">": 1, ">=": 0, "<": 1, "<=": 0}
        if _close(va, vb):
            return _ordered(strict[q.comparator] - strict[p.comparator], p, q)
        return _ordered(_sign(vb - va) if family == "lower" else _sign(va - vb), p, q)
    if family in ("==", "!="):
        va, vb = _num(p.value), _in_a_units(q, q.value, p)
        equal = _close(va, vb) if va is not None and vb is not None else _norm(str(p.value)) == _norm(str(q.value))
        return _ordered(0, p, q) if equal else unordered
    if family == "in":
        xa = {_norm(str(v)) for v in (p.value if isinstance(p.value, list) else [p.value])}
        xb = {_norm(str(v)) for v in (q.value if isinstance(q.value, list) else [q.value])}
        if xa == xb:
            return _ordered(0, p, q)
        if xa < xb:
            return _ordered(-1, p, q)  # more values accepted: looser
        if xb < xa:
            return _ordered(1, p, q)
        return unordered
    if family == "between":
        if not (isinstance(p.value, list) and isinstance(q.value, list) and len(p.value) == len(q.value) == 2):
            return unordered
        a_lo, a_hi = _num(p.value[0]), _num(p.value[1])
        b_lo, b_hi = _in_a_units(q, q.value[0], p), _in_a_units(q, q.value[1], p)
        if None in (a_lo, a_hi, b_lo, b_hi):
            return unordered
        assert a_lo is not None and a_hi is not None and b_lo is not None and b_hi is not None
        if _close(a_lo, b_lo) and _close(a_hi, b_hi):
            return _ordered(0, p, q)
        # the range is one the product must cover: a wider range is harder to meet
        if b_lo <= a_lo and b_hi >= a_hi:
            return _ordered(1, p, q)
        if a_lo <= b_lo and a_hi >= b_hi:
            return _ordered(-1, p, q)
        return unordered
    if family in ("before", "after"):
        try:
            da, db = dt.date.fromisoformat(str(p.value)), dt.date.fromisoformat(str(q.value))
        except ValueError:
            return _ordered(0, p, q) if _norm(str(p.value)) == _norm(str(q.value)) else unordered
        if da == db:
            return _ordered(0, p, q)
        later = db > da
        return _ordered((-1 if later else 1) if family == "before" else (1 if later else -1), p, q)
    return _ordered(0, p, q) if repr(p.value) == repr(q.value) else unordered


# -- entries ---------------------------------------------------------------------------------------------------
def _side(item: _Item, param: Parameter | None) -> DiffSide:
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
    x: _Item | None,
    y: _Item | None,
    px: Parameter | None,
    py: Parameter | None,
    en: str,
    zh: str,
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
        reason=en,
        reason_zh=zh,
        text_diff=ops,
        text_change=text_change(ops),
        paired_with=paired_with,
        score=None if score is None else round(score, 3),
    )


def _components(
    xs: Sequence[_Item], ys: Sequence[_Item], pairs: list[tuple[int, int, float]]
) -> list[tuple[list[int], list[int], list[tuple[int, int, float]]]]:
    """Connected groups of paired items (one-to-one pairs, plus the clauses the second pass attached)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(n: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(n, n) != n:
            n = parent[n]
        return n

    for i, j, _ in pairs:
        parent[find(("a", i))] = find(("b", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int], list[tuple[int, int, float]]]] = {}
    for i, j, s in pairs:
        group = groups.setdefault(find(("a", i)), ([], [], []))
        group[2].append((i, j, s))
        if i not in group[0]:
            group[0].append(i)
        if j not in group[1]:
            group[1].append(j)
    return list(groups.values())


def _component_entries(
    xs: Sequence[_Item], ys: Sequence[_Item], left: list[int], right: list[int], pairs: list[tuple[int, int, float]]
) -> list[DiffEntry]:
    out: list[DiffEntry] = []
    best = max(s for _, _, s in pairs)
    for i, j, s in pairs:  # clauses compared as text: when one of the two has no parameters
        x, y = xs[i], ys[j]
        if not x.params or not y.params:
            out.extend(_text_entries(x, y, s))
    ps = [(xs[i], p) for i in left if all(ys[j].params for a, j, _ in pairs if a == i) for p in xs[i].params]
    qs = [(ys[j], q) for j in right if all(xs[i].params for i, b, _ in pairs if b == j) for q in ys[j].params]
    if not ps or not qs:
        return out
    matched = _param_pairs([p for _, p in ps], [q for _, q in qs], _INNER_MIN)

    def rest() -> tuple[list[int], list[int]]:
        done_p, done_q = {n for n, _, _ in matched}, {m for _, m, _ in matched}
        return [n for n in range(len(ps)) if n not in done_p], [m for m in range(len(qs)) if m not in done_q]

    rest_p, rest_q = rest()
    if rest_p and rest_q:  # second round, what is left on both sides: any two that can be compared (recast)
        extra = _param_pairs([ps[n][1] for n in rest_p], [qs[m][1] for m in rest_q], 0.0)
        matched += [(rest_p[i], rest_q[j], s) for i, j, s in extra]
        rest_p, rest_q = rest()
    if len(rest_p) == 1 and len(rest_q) == 1:  # one requirement left on each side: the same one, recast
        matched.append((rest_p[0], rest_q[0], 0.0))
        rest_p, rest_q = [], []
    linked: set[tuple[str, str]] = set()
    for n, m, _ in matched:
        (x, p), (y, q) = ps[n], qs[m]
        v = _compare(p, q)
        if v.change == "changed" and v.recast and texts_agree(x.clause.text, y.clause.text):
            # both texts state the same rule (近3年内未发生 …); only the way it is modelled differs
            v = _Verdict(
                "same",
                f"same rule, modelled differently: {_expected(p, 'en')} ~ {_expected(q, 'en')}",
                f"规则相同，建模方式不同：{_expected(p, 'zh')} ~ {_expected(q, 'zh')}",
            )
        out.append(_entry(v.change, x, y, p, q, v.en, v.zh, best))
        linked.add((x.key, y.key))
    for i, j, s in pairs:  # a pair of clauses none of whose parameters could be compared: keep it visible
        x, y = xs[i], ys[j]
        if x.params and y.params and (x.key, y.key) not in linked:
            change: Change = "same" if _norm(x.clause.text) == _norm(y.clause.text) else "changed"
            out.append(_entry(change, x, y, None, None, "parameters not comparable", "参数无法逐项比较", s))
    first_x, first_y = xs[left[0]].clause.id, ys[right[0]].clause.id
    partner_x = {i: ys[j] for i, j, _ in pairs}
    partner_y = {j: xs[i] for i, j, _ in pairs}
    index_x = {id(item): i for i, item in enumerate(xs)}
    index_y = {id(item): j for j, item in enumerate(ys)}
    for n in rest_p:
        x, p = ps[n]
        other = partner_x.get(index_x[id(x)])
        if other is not None and texts_agree(x.clause.text, other.clause.text):
            en, zh = "same rule; A models it with this extra parameter", "规则相同；A 多用了这一参数建模"
            out.append(_entry("same", x, other, p, None, en, zh, best))
            continue
        out.append(_entry("removed", x, None, p, None, "requirement only in A", "仅 A 有此要求", best, first_y))
    for m in rest_q:
        y, q = qs[m]
        other = partner_y.get(index_y[id(y)])
        if other is not None and texts_agree(other.clause.text, y.clause.text):
            en, zh = "same rule; B models it with this extra parameter", "规则相同；B 多用了这一参数建模"
            out.append(_entry("same", other, y, None, q, en, zh, best))
            continue
        out.append(_entry("added", None, y, None, q, "requirement only in B", "仅 B 有此要求", best, first_x))
    return out


def _text_entries(x: _Item, y: _Item, score: float) -> list[DiffEntry]:
    """A pair of clauses one of which has no parameters: compared as text, or as a limit dropped or imposed."""
    if _norm(x.clause.text) == _norm(y.clause.text):
        return [_entry("same", x, y, None, None, "same text", "原文相同", score)]
    if text_change(text_ops(x.clause.text, y.clause.text)) == "punctuation":
        return [_entry("same", x, y, None, None, "same text but for punctuation", "原文相同（仅标点不同）", score)]
    # one side states a limit, the other only informs (checks nothing, e.g. 可以参与多个): the limit is gone
    if x.params and not y.params and y.clause.check == "info":
        limits = "; ".join(_expected(p, "en") for p in x.params)
        limits_zh = "；".join(_expected(p, "zh") for p in x.params)
        return [
            _entry(
                "looser",
                x,
                y,
                x.params[0] if len(x.params) == 1 else None,
                None,
                f"A's requirement ({limits}) is not in B: B only informs",
                f"A 的要求（{limits_zh}）在 B 中不再要求：B 仅为说明",
                score,
            )
        ]
    if y.params and not x.params and x.clause.check == "info":
        limits = "; ".join(_expected(q, "en") for q in y.params)
        limits_zh = "；".join(_expected(q, "zh") for q in y.params)
        return [
            _entry(
                "stricter",
                x,
                y,
                None,
                y.params[0] if len(y.params) == 1 else None,
                f"B requires {limits}: A only informed",
                f"B 要求{limits_zh}：A 仅为说明",
                score,
            )
        ]
    return [_entry("changed", x, y, None, None, "wording differs", "原文表述不同", score)]


def _lone_entries(item: _Item, change: Change) -> list[DiffEntry]:
    """An item with no counterpart: one entry per parameter (each is a requirement), or one for the clause."""
    en, zh = ("only in A", "仅见于 A") if change == "removed" else ("only in B", "仅见于 B")
    x, y = (item, None) if change == "removed" else (None, item)
    if not item.params:
        return [_entry(change, x, y, None, None, en, zh)]
    return [_entry(change, x, y, p if x else None, p if y else None, en, zh) for p in item.params]


# -- the diff --------------------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _broader(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Each taxonomy concept's local name → itself and every broader concept (transitively)."""
    from rdflib.namespace import SKOS

    parents: dict[str, set[str]] = defaultdict(set)
    for s, o in kb.ontology.subject_objects(SKOS.broader):
        parents[local_name(s)].add(local_name(o))
    closure: dict[str, set[str]] = {}
    for name in list(parents) + [o for v in list(parents.values()) for o in v]:
        seen, todo = {name}, [name]
        while todo:
            for up in parents.get(todo.pop(), set()):
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        closure[name] = seen
    return closure


def _sibling_test(kb: KnowledgeBase) -> Callable[[str, str], bool]:
    closure = _broader(kb)

    def siblings(f: str, g: str) -> bool:
        return bool((closure.get(f, {f}) - {f}) & (closure.get(g, {g}) - {g}))

    return siblings


@lru_cache(maxsize=4)
def _known_topics(kb: KnowledgeBase) -> set[str]:
    from rdflib.namespace import SKOS

    from medpolicy.kb.namespaces import MPT

    return {local_name(s) for s in kb.ontology.subjects(SKOS.inScheme, MPT.scheme)}


def _check_filters(kb: KnowledgeBase, topic: str | None, product: str | None, used: set[str]) -> None:
    from medpolicy.kb.suggest import check_choice

    check_choice(topic, sorted(_known_topics(kb) | used), "--topic", "topic")
    check_choice(product, sorted(_broader(kb)), "--product", "product family")


def _selected(kb: KnowledgeBase, policy: str, topic: str | None, product: str | None) -> list[Clause]:
    clauses = kb.clauses(policy, topic=topic)
    if product is None:
        return clauses
    closure = _broader(kb)
    return [c for c in clauses if c.product_family and product in closure.get(c.product_family, {c.product_family})]


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
    items_a, items_b = _items(ca), _items(cb)
    by_topic_a: dict[str, list[_Item]] = defaultdict(list)
    by_topic_b: dict[str, list[_Item]] = defaultdict(list)
    for item in items_a:
        by_topic_a[item.clause.topic].append(item)
    for item in items_b:
        by_topic_b[item.clause.topic].append(item)

    siblings = _sibling_test(kb) if related_families else None
    entries: list[DiffEntry] = []
    for t in dict.fromkeys([*by_topic_a, *by_topic_b]):
        xs, ys = by_topic_a.get(t, []), by_topic_b.get(t, [])
        pairs = _attach(xs, ys, _match(xs, ys, lambda x, y: _item_score(x, y, siblings), lambda i: i.key))
        for left, right, group in _components(xs, ys, pairs):
            entries.extend(_component_entries(xs, ys, left, right, group))
        paired_x = {i for i, _, _ in pairs}
        paired_y = {j for _, j, _ in pairs}
        for i, x in enumerate(xs):
            if i not in paired_x:
                entries.extend(_lone_entries(x, "removed"))
        for j, y in enumerate(ys):
            if j not in paired_y:
                entries.extend(_lone_entries(y, "added"))

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


# -- matrix ----------------------------------------------------------------------------------------------------
def policy_order(kb: KnowledgeBase, policies: Iterable[str] | None = None) -> list[str]:
    """Policies by date of issue (earliest first; undated last), then id: the order of the matrix pairs."""
    ids = list(policies) if policies is not None else kb.policy_ids
    for pid in ids:
        kb.policy_dir(pid)

    def key(pid: str) -> tuple[str, str]:
        issued = kb.policy(pid).issued
        return (str(issued) if issued else "9999", pid)

    return sorted(dict.fromkeys(ids), key=key)


def diff_matrix(policies: Iterable[str] | None = None, *, kb: KnowledgeBase | None = None) -> Matrix:
    """For every pair of policies (the earlier one as A): shared topics and entries of each change."""
    kb = kb or KnowledgeBase.default()
    ordered = policy_order(kb, policies)
    cells = []
    for a, b in itertools.combinations(ordered, 2):
        report = diff(a, b, kb=kb)
        cells.append(MatrixCell(a=a, b=b, shared_topics=len(report.shared_topics), **report.summary))
    return Matrix(policies=ordered, cells=cells)


# -- applicants ------------------------------------------------------------------------------------------------
Validator = Callable[[Path, str, "dt.date | None"], "Report"]


def _file_as_of(path: Path) -> dt.date | None:
    """``# as-of: YYYY-MM-DD`` in a file's first lines (the convention of the bundled examples)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return None
    found = re.search(r"^#\s*as-of:\s*(\d{4}-\d{2}-\d{2})", head, re.M)
    return dt.date.fromisoformat(found.group(1)) if found else None


def applicant_files(folder: Path) -> list[Path]:
    """The RDF files of a folder and its subfolders (by extension; hidden ones skipped), sorted.

    A folder without any raises :class:`InputError` naming the folder and the extensions looked for.
    """
    from medpolicy.io.inputs import FORMATS

    if not folder.is_dir():
        raise InputError("not a folder", file=str(folder), argument="applicants")
    found = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FORMATS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not found:
        raise InputError(
            f"no applicant files ({', '.join(sorted(FORMATS))}) in the folder or its subfolders",
            file=str(folder),
            argument="applicants",
        )
    return found


def diff_applicants(
    a: str,
    b: str,
    folder: str | Path,
    *,
    report: DiffReport | None = None,
    as_of: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    validator: Validator | None = None,
) -> ApplicantsReport:
    """Validate each applicant of ``folder`` under ``a`` and ``b``; explain who flips by the changed clauses.

    A file's own ``# as-of:`` line sets its date of check unless ``as_of`` is given.
    """
    kb = kb or KnowledgeBase.default()
    report = report or diff(a, b, kb=kb)
    files = applicant_files(Path(folder))

    def run(path: Path, policy: str, date: dt.date | None) -> Report:
        from medpolicy.validation.run import validate

        return validate(path, policy, as_of=date, kb=kb)

    check = validator or run
    by_clause: dict[str, list[DiffEntry]] = defaultdict(list)
    for e in report.entries:
        for side in (e.a, e.b):
            if side is not None:
                for cid in (side.clause, *side.also):
                    by_clause[cid].append(e)
    changed_topics = report.changed_topics() | set(report.only_a_topics) | set(report.only_b_topics)
    out: list[ApplicantFlip] = []
    for path in files:
        date = as_of or _file_as_of(path)
        try:
            ra, rb = check(path, a, date), check(path, b, date)
        except MedpolicyError as exc:
            out.append(ApplicantFlip(file=str(path), error=str(exc)))
            continue
        except Exception as exc:  # a broken shapes graph or a validator bug: report it for this file only
            out.append(ApplicantFlip(file=str(path), error=f"{type(exc).__name__}: {exc}"))
            continue
        flip: Literal["lost", "gained", "none"] = (
            "lost" if ra.conforms and not rb.conforms else "gained" if rb.conforms and not ra.conforms else "none"
        )
        causes: list[FlipCause] = []
        if flip != "none":
            failing = rb if flip == "lost" else ra
            causes = _causes(failing, by_clause, changed_topics, kb)
        out.append(
            ApplicantFlip(
                file=str(path),
                eligible_a=ra.conforms,
                eligible_b=rb.conforms,
                fails_a=len(ra.failed),
                fails_b=len(rb.failed),
                flip=flip,
                causes=causes,
            )
        )
    return ApplicantsReport(a=a, b=b, folder=str(folder), applicants=out)


def _causes(
    failing: Report, by_clause: dict[str, list[DiffEntry]], changed_topics: set[str], kb: KnowledgeBase
) -> list[FlipCause]:
    causes = []
    for r in failing.failed:
        entries = [e for e in by_clause.get(r.clause, []) if e.change != "same"]
        clause = kb.clause(r.clause)
        topic = r.topic or (clause.topic if clause else "")
        if not entries and topic not in changed_topics:
            continue
        causes.append(
            FlipCause(
                policy=failing.policy,
                clause=r.clause,
                local_id=local_name(r.clause),
                section=r.section,
                topic=topic,
                topic_label=clause.topic_label if clause else "",
                text=r.text,
                message=words(r.message, failing.lang),
                changes=sorted({e.change for e in entries}),
                reasons=[e.reason for e in entries],
                via="clause" if entries else "topic",
            )
        )
    return causes
