"""Rendering a validation report as text or Markdown: summary first, then the details."""

from __future__ import annotations

from medpolicy.kb.sections import section_en
from medpolicy.validation.report import ClauseResult, Report

__all__ = ["report_markdown", "report_text"]

_STATUS = {
    "zh": {
        "pass": "通过",
        "fail": "不满足",
        "warning": "警告（原则上）",
        "manual": "人工审核",
        "not_applicable": "不适用",
    },
    "en": {
        "pass": "pass",
        "fail": "FAIL",
        "warning": "warning (in principle)",
        "manual": "manual review",
        "not_applicable": "not applicable",
    },
}


def _headline(report: Report) -> str:
    s = report.summary
    if report.lang == "zh":
        verdict = "符合" if report.conforms else "不符合"
        return (
            f"{report.policy}（{report.policy_title}）：{verdict} — 通过 {s['pass']}，不满足 {s['fail']}，"
            f"警告 {s['warning']}，人工审核 {s['manual']}，不适用 {s['not_applicable']}（评估日期 {report.as_of}）"
        )
    verdict = "conforms" if report.conforms else "does NOT conform"
    return (
        f"{report.policy} ({report.policy_title}): {verdict} — pass {s['pass']}, fail {s['fail']}, "
        f"warning {s['warning']}, manual {s['manual']}, not applicable {s['not_applicable']} (as of {report.as_of})"
    )


def _detail(r: ClauseResult, lang: str) -> list[str]:
    label = _STATUS[lang][r.status]
    section = section_en(r.section) if lang == "en" else r.section
    lines = [f"[{label}] {section} {r.clause.rsplit('/', 1)[-1]}", f"  “{r.text}”"]
    if lang == "en" and r.gloss:
        lines.append(f"  ({r.gloss})")
    for f in r.findings or []:
        who = f"{f.focus} — " if f.focus else ""
        if f.value is not None and f.expected is not None:
            lines.append(f"  - {who}{f.path or ''}: {f.value} → {'要求' if lang == 'zh' else 'required'} {f.expected}")
            if f.message and f.message not in (f.value, f.expected):  # the why: a window's years, a unit …
                lines.append(f"    {f.message}")
        else:
            lines.append(f"  - {who}{f.message}")
        if f.hint:
            lines.append(f"    {'建议' if lang == 'zh' else 'fix'}: {f.hint}")
    if not r.findings:
        lines.append(f"  {r.message}")
    if r.evidence_given:
        lines.append(f"  {'证明材料' if lang == 'zh' else 'evidence'}: {'; '.join(r.evidence_given)}")
    return lines


def report_text(report: Report) -> str:
    lang = report.lang
    out = [_headline(report)]
    order = ("fail", "warning", "manual")
    for status in order:
        items = [r for r in report.results if r.status == status]
        if not items:
            continue
        out.append("")
        out.append(f"== {_STATUS[lang][status]} ({len(items)}) ==")
        for r in items:
            out.extend(_detail(r, lang))
    if report.ignored_triples:
        out.append("")
        note = "已忽略的不可信三元组" if lang == "zh" else "untrusted triples ignored"
        out.append(f"{note}: {len(report.ignored_triples)}")
    for note_line in report.notes:
        out.append(f"{'说明' if lang == 'zh' else 'note'}: {note_line}")
    return "\n".join(out)


def report_markdown(report: Report) -> str:
    lang = report.lang
    zh = lang == "zh"
    out = [f"# {report.policy_title or report.policy}", "", f"**{_headline(report)}**", ""]
    head = "| 章节 | 状态 | 条款原文 | 说明 |" if zh else "| section | status | clause | explanation |"
    out += [head, "|---|---|---|---|"]
    for r in report.results:
        if r.status in ("pass", "not_applicable"):
            continue
        text = r.text.replace("|", "\\|").replace("\n", " ")
        msg = r.message.replace("|", "\\|").replace("\n", " ")
        section = section_en(r.section) if lang == "en" else r.section
        out.append(f"| {section} | {_STATUS[lang][r.status]} | {text} | {msg} |")
    passed = [r for r in report.results if r.status == "pass"]
    out += ["", f"{'通过的条款' if zh else 'Clauses met'}: {len(passed)}"]
    for r in passed:
        out.append(f"- {section_en(r.section) if lang == 'en' else r.section} {r.text[:60]}")
    return "\n".join(out) + "\n"
