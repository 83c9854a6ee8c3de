"""Rendering a screening: a verdict per application first, then the cross-application findings.

The findings are language-free; the words are chosen here (``lang``). JSON output keeps the contract's shape
(``message`` and ``expected`` as text) and is written piece by piece, a report at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from medpolicy.i18n import words
from medpolicy.kb.sections import section_en
from medpolicy.render.common import table
from medpolicy.rules.findings import RuleFinding
from medpolicy.rules.screen import Batch

__all__ = ["finding_json", "screen_json", "screen_jsonl_tail", "screen_markdown", "screen_text"]


def finding_json(f: RuleFinding, lang: str) -> dict[str, Any]:
    """A finding as the JSON contract gives it: its facts, and its message and threshold in ``lang``."""
    return {**f.model_dump(mode="json"), "expected": words(f.expected, lang), "message": words(f.message, lang)}


def _rows(batch: Batch, lang: str) -> tuple[list[str], list[list[object]]]:
    zh = lang == "zh"
    flagged = {a for f in batch.findings for a in f.applications}
    head = [
        "申报" if zh else "application",
        "结论" if zh else "verdict",
        "不满足" if zh else "fails",
        "警告" if zh else "warnings",
        "跨申报问题" if zh else "cross-application",
    ]
    rows: list[list[object]] = []
    for v in batch.verdicts:
        verdict = ("符合" if zh else "eligible") if v.conforms else ("不符合" if zh else "not eligible")
        rows.append(
            [
                v.application,
                verdict,
                v.summary["fail"],
                v.summary["warning"],
                ("是" if zh else "yes") if v.application in flagged else "",
            ]
        )
    for e in batch.errors:
        rows.append([e.application, "输入错误" if zh else "input error", "", "", ""])
    return head, rows


def screen_text(batch: Batch, lang: str) -> str:
    zh = lang == "zh"
    head, rows = _rows(batch, lang)
    eligible = len(batch.eligible)
    out = [
        f"{batch.policy}: {'符合' if zh else 'eligible'} {eligible}/{len(batch.verdicts) + len(batch.errors)}, "
        f"{'跨申报问题' if zh else 'cross-application findings'} {len(batch.findings)}",
        "",
        table(head, rows),
    ]
    for e in batch.errors:
        out += ["", f"[{'输入错误' if zh else 'input error'}] {e.application}: {e.message}"]
    for f in batch.findings:
        mark = ("警告" if zh else "warning") if f.severity == "warning" else ("不满足" if zh else "FAIL")
        section = f.section if zh else section_en(f.section)
        message = words(f.message, lang)
        out += ["", f"[{mark}] {section} {f.clause.rsplit('/', 1)[-1]} ({f.rule})", f"  “{f.text}”", f"  {message}"]
        if f.voids:
            out.append("  " + ("相关申报均视为无效" if zh else "all these applications are void"))
    return "\n".join(out)


def screen_markdown(batch: Batch, lang: str) -> str:
    zh = lang == "zh"
    head, rows = _rows(batch, lang)
    out = [f"# {batch.policy}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    if batch.errors:
        out += ["", "## " + ("输入错误" if zh else "Input errors"), ""]
        out += [f"- **{e.application}**: {e.message}" for e in batch.errors]
    out += ["", "## " + ("跨申报问题" if zh else "Cross-application findings"), ""]
    for f in batch.findings:
        out.append(f"- **{f.section if zh else section_en(f.section)}** “{f.text}” — {words(f.message, lang)}")
    return "\n".join(out) + "\n"


def _indented(value: Any, depth: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def screen_json(batch: Batch, reports: Iterable[dict[str, Any]], lang: str) -> Iterator[str]:
    """The screening as one JSON document (``policy``, ``applications`` — the full reports, findings merged —,
    ``findings``, ``rules``, ``errors``), in pieces: ``reports`` are read one at a time."""
    yield "{\n" + f'  "policy": {json.dumps(batch.policy)},\n  "applications": ['
    for n, report in enumerate(reports):
        yield ("," if n else "") + "\n    " + _indented(report, 2)
    yield "\n  ],\n"
    tail = {
        "findings": [finding_json(f, lang) for f in batch.findings],
        "rules": batch.rules,
        "errors": [e.model_dump(mode="json") for e in batch.errors],
    }
    yield _indented(tail, 0)[2:] + "\n"


def screen_jsonl_tail(batch: Batch, lang: str) -> Iterator[dict[str, Any]]:
    """The lines that follow the streamed reports: errors, findings, final verdicts, and one summary line."""
    for e in batch.errors:
        yield {"kind": "error", **e.model_dump(mode="json")}
    for f in batch.findings:
        yield {"kind": "finding", **finding_json(f, lang)}
    for v in batch.verdicts:
        yield {"kind": "verdict", **v.model_dump(mode="json", exclude={"statuses"})}
    yield {
        "kind": "screen",
        "policy": batch.policy,
        "rules": batch.rules,
        "backend": batch.backend,
        "applications": len(batch.verdicts),
        "eligible": len(batch.eligible),
        "findings": len(batch.findings),
        "errors": len(batch.errors),
    }
