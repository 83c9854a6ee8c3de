"""Rendering a screening: a verdict per application first, then the cross-application findings."""

from __future__ import annotations

from medpolicy.kb.sections import section_en
from medpolicy.render.common import table
from medpolicy.rules.screen import ScreenResult

__all__ = ["screen_markdown", "screen_text"]


def _rows(result: ScreenResult, lang: str) -> tuple[list[str], list[list[object]]]:
    zh = lang == "zh"
    flagged = {a for f in result.findings for a in f.applications}
    head = [
        "申报" if zh else "application",
        "结论" if zh else "verdict",
        "不满足" if zh else "fails",
        "警告" if zh else "warnings",
        "跨申报问题" if zh else "cross-application",
    ]
    rows: list[list[object]] = []
    for r in result.applications:
        verdict = ("符合" if zh else "eligible") if r.conforms else ("不符合" if zh else "not eligible")
        rows.append(
            [
                r.source,
                verdict,
                r.summary["fail"],
                r.summary["warning"],
                ("是" if zh else "yes") if r.source in flagged else "",
            ]
        )
    for e in result.errors:
        rows.append([e.application, "输入错误" if zh else "input error", "", "", ""])
    return head, rows


def screen_text(result: ScreenResult, lang: str) -> str:
    zh = lang == "zh"
    head, rows = _rows(result, lang)
    eligible = sum(1 for r in result.applications if r.conforms)
    out = [
        f"{result.policy}: {'符合' if zh else 'eligible'} {eligible}/{len(result.applications) + len(result.errors)}, "
        f"{'跨申报问题' if zh else 'cross-application findings'} {len(result.findings)}",
        "",
        table(head, rows),
    ]
    for e in result.errors:
        out += ["", f"[{'输入错误' if zh else 'input error'}] {e.application}: {e.message}"]
    for f in result.findings:
        mark = ("警告" if zh else "warning") if f.severity == "warning" else ("不满足" if zh else "FAIL")
        section = f.section if zh else section_en(f.section)
        out += ["", f"[{mark}] {section} {f.clause.rsplit('/', 1)[-1]} ({f.rule})", f"  “{f.text}”", f"  {f.message}"]
        if f.voids:
            out.append("  " + ("相关申报均视为无效" if zh else "all these applications are void"))
    return "\n".join(out)


def screen_markdown(result: ScreenResult, lang: str) -> str:
    zh = lang == "zh"
    head, rows = _rows(result, lang)
    out = [f"# {result.policy}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    if result.errors:
        out += ["", "## " + ("输入错误" if zh else "Input errors"), ""]
        out += [f"- **{e.application}**: {e.message}" for e in result.errors]
    out += ["", "## " + ("跨申报问题" if zh else "Cross-application findings"), ""]
    for f in result.findings:
        out.append(f"- **{f.section if zh else section_en(f.section)}** “{f.text}” — {f.message}")
    return "\n".join(out) + "\n"
