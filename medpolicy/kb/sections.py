"""Section labels of the notices in English: ``附件1 序号2 指标3`` → ``Annex 1, No. 2, indicator 3``.

Numbering is translated by rule (Chinese numerals, 第N条, 附件N, （N）, 序号, 指标); headings come from
``ontology/section-labels.tsv``. A heading not in that table stays Chinese inside quotes — a quote of the
notice — so that English output has no Chinese outside quotes.

>>> section_en("附件1 序号2 指标3")
'Annex 1, No. 2, indicator 3'
>>> section_en("第二十六条（三）")
'Art. 26(3)'
>>> section_en("附件1 三（二）1（1）")
'Annex 1, III(2)1(1)'
"""

from __future__ import annotations

import re
from functools import lru_cache

from medpolicy.kb.store import kb_root

__all__ = ["chinese_number", "section_en"]

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[零一二两三四五六七八九十百]+"
_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
_CJK = re.compile(r"[\u3400-\u9fff]")


def chinese_number(text: str) -> int:
    """``二十六`` → 26 (numbers below 1000)."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current


@lru_cache(maxsize=1)
def _headings() -> dict[str, str]:
    path = kb_root() / "ontology" / "section-labels.tsv"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            zh, en = line.split("\t", 1)
            out[zh.strip()] = en.strip()
    return out


def _token(token: str) -> str:
    headings = _headings()
    if token in headings:
        return headings[token]
    rules: list[tuple[str, object]] = [
        (rf"第({_NUMERAL})条", lambda m: f"Art. {chinese_number(m.group(1))}"),
        (rf"第({_NUMERAL})章", lambda m: f"Ch. {chinese_number(m.group(1))}"),
        (r"附件(\d*)", lambda m: f"Annex {m.group(1)}".strip()),
        (r"附(\d+)", lambda m: f"Attachment {m.group(1)}"),
        (r"序号(\d+)", lambda m: f"No. {m.group(1)}"),
        (r"指标(\d+)", lambda m: f"indicator {m.group(1)}"),
        (rf"({_NUMERAL})", lambda m: _roman(chinese_number(m.group(1)))),
    ]
    out = token.replace("（", "(").replace("）", ")")
    out = re.sub(rf"\(({_NUMERAL})\)", lambda m: f"({chinese_number(m.group(1))})", out)
    for pattern, repl in rules:
        out = re.sub(pattern, repl, out)  # type: ignore[call-overload]
    for zh, en in sorted(headings.items(), key=lambda kv: -len(kv[0])):  # a heading with a number: 有关说明1
        out = out.replace(zh, f"{en} ")
    out = re.sub(r"\s+\)", ")", out).replace("Annex(", "Annex (").strip()
    return f"“{token}”" if _CJK.search(out) else out


def _roman(n: int) -> str:
    return _ROMAN[n] if 0 < n < len(_ROMAN) else str(n)


def section_en(section: str) -> str:
    """The section label in English; numbering translated, headings from the table, others quoted."""
    if not _CJK.search(section) and "（" not in section:
        return section
    parts = [_token(t) for t in section.split()]
    # "Annex 1 No. 2 indicator 3" reads better with commas between levels
    out: list[str] = []
    for part in parts:
        if out and not out[-1][-1].isdigit() and re.fullmatch(r"[IVX]+(\(\d+\))?[\d()]*|\d[\d.()]*", part):
            out[-1] += f" {part}"  # a number belongs to the heading before it: Box 5, Application form II
        else:
            out.append(part)
    return ", ".join(out)
