"""A policy diff as plain text: a summary, the changes per topic, then one CJK-aware table per topic and the
texts of each row that is not the same, with an inline diff."""

from __future__ import annotations

from medpolicy.diff.models import CHANGES, DiffReport
from medpolicy.render.common import table
from medpolicy.render.diff_words import (
    change_label,
    counts_line,
    filters_text,
    label,
    row_reasons,
    row_requirement,
    row_subject,
    rows_by_topic,
    text_diff_inline,
    topic_label,
    where,
)

__all__ = ["render_text"]


def _summary(report: DiffReport, lang: str) -> list[str]:
    lines = [f"== {label('summary', lang)} =="]
    rows = [[change_label(c, lang), report.summary[c]] for c in CHANGES]
    lines.append(table([label("change", lang), label("count", lang)], rows))
    lines.append(
        f"{label('shared', lang)} {len(report.shared_topics)} · {label('only_a', lang)} {len(report.only_a_topics)}"
        f" · {label('only_b', lang)} {len(report.only_b_topics)}"
    )
    per_topic = report.topic_summary()
    lines += ["", f"== {label('per_topic', lang)} =="]
    lines.append(
        table(
            [label("topics", lang), *(change_label(c, lang) for c in CHANGES)],
            [[topic_label(report, t, lang), *(n[c] or "·" for c in CHANGES)] for t, n in per_topic.items()],
            max_width=40,
        )
    )
    return lines


def render_text(report: DiffReport, lang: str) -> str:
    """The report as plain text in ``lang``."""
    lines = [
        f"{label('title', lang)}: {report.a} → {report.b}",
        f"A  {report.a}: {report.a_title}",
        f"B  {report.b}: {report.b_title}",
    ]
    if filters_text(report, lang):
        lines.append(f"{label('filters', lang)}: {filters_text(report, lang)}")
    lines += ["", *_summary(report, lang)]
    head = [
        label("change", lang),
        label("subject", lang),
        f"A {label('section', lang)}",
        f"A {label('requirement', lang)}",
        f"B {label('section', lang)}",
        f"B {label('requirement', lang)}",
    ]
    for topic, rows in rows_by_topic(report).items():
        lines += ["", f"== {topic_label(report, topic, lang)} ==  ({counts_line(report.by_topic()[topic], lang)})"]
        body = [
            [
                change_label(r.change, lang),
                row_subject(r, lang),
                where(r.a),
                row_requirement(r, "a", lang),
                where(r.b),
                row_requirement(r, "b", lang),
            ]
            for r in rows
        ]
        lines.append(table(head, body, max_width=40))
        for r in rows:
            if r.change == "same" and r.text_change != "punctuation":
                continue
            lines.append(
                f"  · {change_label(r.change, lang)} — {row_subject(r, lang)[:60]}: {' | '.join(row_reasons(r, lang))}"
            )
            for name, side in (("A", r.a), ("B", r.b)):
                if side is not None:
                    lines.append(f"      {name} {side.section}: {side.text}")
            if r.text_change != "none":
                lines.append(f"      {label('diff', lang)}: {text_diff_inline(r.text_diff)}")
    return "\n".join(lines)
