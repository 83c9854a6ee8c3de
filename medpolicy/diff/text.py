"""Text metrics and text diffs of clause wordings: what two wordings share, and where they differ.

Metrics (for alignment): :func:`norm` (what two wordings must share to be equal), character :func:`bigrams` and
their :func:`dice`, English subject words and their :func:`jaccard`. Diffs (for the analyst): :func:`text_ops`
diffs two Chinese texts with a number as one token and marks steps that change punctuation only;
:func:`texts_agree` tells whether two wordings state the same rule.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "TextChange",
    "TextOp",
    "bigrams",
    "dice",
    "en_words",
    "is_punctuation",
    "jaccard",
    "norm",
    "numbers",
    "strip_number",
    "text_change",
    "text_ops",
    "texts_agree",
]

TextChange = Literal["none", "punctuation", "wording"]

_TEXTS_AGREE = 0.75  # bigram Dice of two clause texts that state the same rule in other words (see texts_agree)
_EN_STOP = frozenset("a an and are as at be by for from in is its of on or per the to with number".split())
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+|.", re.DOTALL)
_CN_DIGITS = {"零": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7"}
_CN_DIGITS |= {"八": "8", "九": "9"}


class TextOp(BaseModel):
    """One step of the diff of the two clause texts (whitespace ignored; a number is one token)."""

    op: Literal["equal", "insert", "delete", "replace"]
    a: str = ""
    b: str = ""
    punctuation: bool = Field(default=False, description="a difference in punctuation only (，vs , or 。 dropped)")


# -- metrics ---------------------------------------------------------------------------------------------------
def norm(text: str | None) -> str:
    """NFKC, no whitespace, no trailing punctuation, lower case: what two wordings must share to be equal."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t).lower()
    return t.rstrip("。.;；,，:：")


@lru_cache(maxsize=65536)
def bigrams(text: str | None) -> frozenset[str]:
    """The character bigrams of the normalised text (the text itself when it is one character)."""
    t = norm(text)
    if len(t) < 2:
        return frozenset([t]) if t else frozenset()
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def dice(x: frozenset[str], y: frozenset[str]) -> float:
    """Dice coefficient of two sets (0 when one is empty)."""
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@lru_cache(maxsize=16384)
def en_words(text: str | None) -> frozenset[str]:
    """The English words of a subject, lower case, without stop words."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in _EN_STOP)


def jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    """Jaccard index of two sets (0 when one is empty)."""
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def strip_number(label: str | None) -> str:
    """``2.1研发投入`` → ``研发投入``."""
    return re.sub(r"^[\d.．\s]+", "", norm(label))


def numbers(text: str) -> set[str]:
    """The numbers written in ``text`` (``3``, ``1.5``)."""
    return set(re.findall(r"\d+(?:\.\d+)?", text))


# -- diffs -----------------------------------------------------------------------------------------------------
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


def text_change(ops: Sequence[TextOp]) -> TextChange:
    """``none`` when the texts agree, ``punctuation`` when only punctuation differs, else ``wording``."""
    changed = [op for op in ops if op.op != "equal"]
    if not changed:
        return "none"
    return "punctuation" if all(op.punctuation for op in changed) else "wording"


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
    if numbers(x) != numbers(y):
        return False
    return x == y or dice(bigrams(x), bigrams(y)) >= _TEXTS_AGREE
