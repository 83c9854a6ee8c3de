"""A policy diff as Markdown: a summary, the changes per topic, then one table per topic and the texts of each
row that is not the same, deletions struck through and insertions in bold."""

from __future__ import annotations

from collections.abc import Sequence

from medpolicy.diff.models import CHANGES, DiffReport
from medpolicy.diff.text import TextOp
from medpolicy.render.diff_words import (
    change_label,
    counts_line,
    filters_text,
    label,
    row_reasons,
    row_requirement,
    row_subject,
    rows_by_topic,
    topic_label,
    where,
)

__all__ = ["md", "render_markdown"]


def md(text: object) -> str:
    """``text`` safe in a Markdown table cell (``|`` escaped, on one line)."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_diff(ops: Sequence[TextOp]) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(md(op.a))
            continue
        if op.a:
            out.append(f"~~{md(op.a)}~~")
        if op.b:
            out.append(f"**{md(op.b)}**")
    return "".join(out)


def _summary(report: DiffReport, lang: str) -> list[str]:
    lines = [f"## {label('summary', lang)}", "", f"| {label('change', lang)} | {label('count', lang)} |", "|---|---:|"]
    lines += [f"| {change_label(c, lang)} | {report.summary[c]} |" for c in CHANGES]
    lines += [
        "",
        f"{label('shared', lang)}: {len(report.shared_topics)} · {label('only_a', lang)}: {len(report.only_a_topics)}"
        f" · {label('only_b', lang)}: {len(report.only_b_topics)}",
        "",
        f"### {label('per_topic', lang)}",
        "",
        f"| {label('topics', lang)} | " + " | ".join(change_label(c, lang) for c in CHANGES) + " |",
        "|---" + "|---:" * len(CHANGES) + "|",
    ]
    for t, n in report.topic_summary().items():
        lines.append(f"| {md(topic_label(report, t, lang))} | " + " | ".join(str(n[c]) for c in CHANGES) + " |")
    return lines


def render_markdown(report: DiffReport, lang: str) -> str:
    """The report as Markdown in ``lang``."""
    lines = [
        f"# {label('title', lang)}: `{report.a}` → `{report.b}`",
        "",
        f"- **A** `{report.a}`: {md(report.a_title)}",
        f"- **B** `{report.b}`: {md(report.b_title)}",
    ]
    if filters_text(report, lang):
        lines.append(f"- {label('filters', lang)}: {md(filters_text(report, lang))}")
    lines += ["", *_summary(report, lang)]
    for topic, rows in rows_by_topic(report).items():
        lines += ["", f"## {md(topic_label(report, topic, lang))}", "", counts_line(report.by_topic()[topic], lang), ""]
        lines.append(
            f"| {label('change', lang)} | {label('subject', lang)} | A | {label('requirement', lang)} | B "
            f"| {label('requirement', lang)} | {label('reason', lang)} |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for r in rows:
            lines.append(
                f"| {change_label(r.change, lang)} | {md(row_subject(r, lang))} | {md(where(r.a))} | "
                f"{md(row_requirement(r, 'a', lang))} | {md(where(r.b))} | {md(row_requirement(r, 'b', lang))} | "
                f"{md('; '.join(row_reasons(r, lang)))} |"
            )
        for r in rows:
            if r.change == "same" and r.text_change != "punctuation":
                continue
            lines += ["", f"- **{change_label(r.change, lang)}** — {md(row_subject(r, lang))}"]
            for name, side in (("A", r.a), ("B", r.b)):
                if side is not None:
                    lines.append(f"  - {name} {md(side.section)} `{side.local_id}`: {md(side.text)}")
            if r.text_change != "none":
                lines.append(f"  - {label('diff', lang)}: {_md_diff(r.text_diff)}")
    return "\n".join(lines) + "\n"
