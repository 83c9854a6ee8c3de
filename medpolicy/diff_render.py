"""Rendering policy diffs: a CJK-aware text table, Markdown, and one self-contained HTML page.

The HTML page has its CSS inline, no script and no reference to any network resource (clause IRIs are
shown by their local ids), so that an analyst can mail it as it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from medpolicy.diff import CHANGES, ApplicantsReport, DiffEntry, DiffReport, DiffSide, Matrix, TextOp
from medpolicy.models import Parameter

__all__ = [
    "CHANGE_LABELS",
    "render_applicants",
    "render_diff",
    "render_matrix",
    "requirement_text",
    "text_diff_inline",
]

CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "same": ("相同", "same"),
    "stricter": ("更严", "stricter"),
    "looser": ("放宽", "looser"),
    "changed": ("变化", "changed"),
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
}

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("政策比较", "Policy diff"),
    "summary": ("汇总", "Summary"),
    "change": ("变化", "change"),
    "count": ("条数", "entries"),
    "subject": ("指标/要求", "indicator / requirement"),
    "section": ("章节", "section"),
    "requirement": ("要求", "requirement"),
    "reason": ("说明", "why"),
    "text": ("原文", "text"),
    "diff": ("差异", "diff"),
    "quote": ("引文", "quote"),
    "shared": ("共有主题", "shared topics"),
    "only_a": ("仅 A 有的主题", "topics only in A"),
    "only_b": ("仅 B 有的主题", "topics only in B"),
    "topics": ("主题", "topics"),
    "family": ("产品族", "product family"),
    "matrix": ("政策两两比较", "Policy pairs"),
    "pair": ("政策对", "pair"),
    "applicants": ("申报方在两项政策下的结果", "Applicants under both policies"),
    "file": ("文件", "file"),
    "eligible": ("符合", "eligible"),
    "flip": ("翻转", "flip"),
    "lost": ("A 符合、B 不符合", "eligible under A, not B"),
    "gained": ("B 符合、A 不符合", "eligible under B, not A"),
    "none": ("—", "—"),
    "causes": ("原因条款", "clauses behind it"),
    "error": ("错误", "error"),
    "also": ("同文条款", "repeated in"),
    "filters": ("筛选", "filters"),
    "only_changes": ("仅显示变化", "changes only"),
}


def _w(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def _c(change: str, lang: str) -> str:
    zh, en = CHANGE_LABELS[change]
    return zh if lang == "zh" else en


def requirement_text(side: DiffSide | None, lang: str) -> str:
    """``不低于 7 %`` / ``≥ 7 %`` for a parameter, its subject for a yes/no requirement, ``—`` otherwise."""
    if side is None or side.comparator is None:
        return "—"
    from medpolicy.explain import expected_text

    if side.comparator == "bool":
        return "须具备" if lang == "zh" else "required"
    p = Parameter(
        id=side.parameter or side.clause,
        subject=side.subject or "",
        subject_en=side.subject_en or "",
        comparator=side.comparator,
        value=side.value,
        unit=side.unit or "",
        unit_code=side.unit_code or "",
        quote=side.quote or "",
        lower_is_better=side.lower_is_better,
    )
    text = expected_text(p, lang)
    return (
        f"{text}（{side.condition}）"
        if side.condition and lang == "zh"
        else (f"{text} ({side.condition})" if side.condition else text)
    )


def _subject(e: DiffEntry, lang: str) -> str:
    if lang == "en" and e.subject_en:
        return e.subject_en
    if e.subject:
        return e.subject
    side = e.a or e.b
    if side is None:
        return ""
    return side.text if lang == "zh" else (side.gloss or side.text)


def _reason(e: DiffEntry, lang: str) -> str:
    return e.reason_zh if lang == "zh" and e.reason_zh else e.reason


def _where(side: DiffSide | None) -> str:
    return "—" if side is None else f"{side.section} [{side.local_id}]"


def text_diff_inline(ops: Sequence[TextOp]) -> str:
    """``联合体[-每年-]{+任务周期内+}开展…``: deletions and insertions marked in plain text."""
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(op.a)
            continue
        if op.a:
            out.append(f"[-{op.a}-]")
        if op.b:
            out.append(f"{{+{op.b}+}}")
    return "".join(out)


def _topic_title(entries: Sequence[DiffEntry], lang: str) -> str:
    e = entries[0]
    label = e.topic_label if lang == "zh" else (e.topic_label_en or e.topic_label)
    return f"{label} ({e.topic})" if label and label != e.topic else e.topic


def _counts_line(entries: Sequence[DiffEntry], lang: str) -> str:
    counts = {c: 0 for c in CHANGES}
    for e in entries:
        counts[e.change] += 1
    return ", ".join(f"{_c(c, lang)} {n}" for c, n in counts.items() if n)


def _filters(report: DiffReport, lang: str) -> str:
    parts = []
    if report.topic:
        parts.append(f"--topic {report.topic}")
    if report.product:
        parts.append(f"--product {report.product}")
    if report.only_changes:
        parts.append(_w("only_changes", lang))
    if report.shared_families:
        parts.append("--shared-families")
    if report.related_families:
        parts.append("--related-families")
    return ", ".join(parts)


# -- text ------------------------------------------------------------------------------------------------------
def _text(report: DiffReport, lang: str) -> str:
    from medpolicy.render import table

    lines = [
        f"{_w('title', lang)}: {report.a} → {report.b}",
        f"A  {report.a}: {report.a_title}",
        f"B  {report.b}: {report.b_title}",
    ]
    if _filters(report, lang):
        lines.append(f"{_w('filters', lang)}: {_filters(report, lang)}")
    lines += ["", f"== {_w('summary', lang)} =="]
    lines.append(table([_w("change", lang), _w("count", lang)], [[_c(c, lang), report.summary[c]] for c in CHANGES]))
    lines.append(
        f"{_w('shared', lang)} {len(report.shared_topics)} · {_w('only_a', lang)} {len(report.only_a_topics)}"
        f" · {_w('only_b', lang)} {len(report.only_b_topics)}"
    )
    head = [
        _w("change", lang),
        _w("subject", lang),
        f"A {_w('section', lang)}",
        f"A {_w('requirement', lang)}",
        f"B {_w('section', lang)}",
        f"B {_w('requirement', lang)}",
    ]
    for entries in report.by_topic().values():
        lines += ["", f"== {_topic_title(entries, lang)} ==  ({_counts_line(entries, lang)})"]
        rows = [
            [
                _c(e.change, lang),
                _subject(e, lang),
                _where(e.a),
                requirement_text(e.a, lang),
                _where(e.b),
                requirement_text(e.b, lang),
            ]
            for e in entries
        ]
        lines.append(table(head, rows, max_width=40))
        for e in entries:
            if e.change == "same":
                continue
            lines.append(f"  · {_c(e.change, lang)} — {_subject(e, lang)[:60]}: {_reason(e, lang)}")
            for name, side in (("A", e.a), ("B", e.b)):
                if side is not None:
                    quote = f"  «{side.quote}»" if side.quote else ""
                    lines.append(f"      {name} {side.section}: {side.text}{quote}")
            if e.text_diff and any(op.op != "equal" for op in e.text_diff):
                lines.append(f"      {_w('diff', lang)}: {text_diff_inline(e.text_diff)}")
    return "\n".join(lines)


# -- markdown --------------------------------------------------------------------------------------------------
def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_diff(ops: Sequence[TextOp]) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(_md(op.a))
            continue
        if op.a:
            out.append(f"~~{_md(op.a)}~~")
        if op.b:
            out.append(f"**{_md(op.b)}**")
    return "".join(out)


def _markdown(report: DiffReport, lang: str) -> str:
    lines = [
        f"# {_w('title', lang)}: `{report.a}` → `{report.b}`",
        "",
        f"- **A** `{report.a}`: {_md(report.a_title)}",
        f"- **B** `{report.b}`: {_md(report.b_title)}",
    ]
    if _filters(report, lang):
        lines.append(f"- {_w('filters', lang)}: {_md(_filters(report, lang))}")
    lines += ["", f"## {_w('summary', lang)}", "", f"| {_w('change', lang)} | {_w('count', lang)} |", "|---|---:|"]
    lines += [f"| {_c(c, lang)} | {report.summary[c]} |" for c in CHANGES]
    lines += [
        "",
        f"{_w('shared', lang)}: {len(report.shared_topics)} · {_w('only_a', lang)}: {len(report.only_a_topics)}"
        f" · {_w('only_b', lang)}: {len(report.only_b_topics)}",
    ]
    for entries in report.by_topic().values():
        lines += ["", f"## {_md(_topic_title(entries, lang))}", "", _counts_line(entries, lang), ""]
        lines.append(
            f"| {_w('change', lang)} | {_w('subject', lang)} | A | {_w('requirement', lang)} | B "
            f"| {_w('requirement', lang)} | {_w('reason', lang)} |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for e in entries:
            lines.append(
                f"| {_c(e.change, lang)} | {_md(_subject(e, lang))} | {_md(_where(e.a))} | "
                f"{_md(requirement_text(e.a, lang))} | {_md(_where(e.b))} | {_md(requirement_text(e.b, lang))} | "
                f"{_md(_reason(e, lang))} |"
            )
        details = [e for e in entries if e.change != "same"]
        for e in details:
            lines += ["", f"- **{_c(e.change, lang)}** — {_md(_subject(e, lang))}: {_md(_reason(e, lang))}"]
            for name, side in (("A", e.a), ("B", e.b)):
                if side is not None:
                    quote = f" (「{_md(side.quote)}」)" if side.quote else ""
                    lines.append(f"  - {name} {_md(side.section)} `{side.local_id}`: {_md(side.text)}{quote}")
            if e.text_diff and any(op.op != "equal" for op in e.text_diff):
                lines.append(f"  - {_w('diff', lang)}: {_md_diff(e.text_diff)}")
    return "\n".join(lines) + "\n"


# -- html ------------------------------------------------------------------------------------------------------
_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:2em auto;
max-width:78em;padding:0 1em;color:#1d2733;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d5dae1;padding:.3em .5em;
vertical-align:top;text-align:left}th{background:#f1f3f6;font-weight:600}td.n{text-align:right}
.meta td:first-child{width:6em;font-weight:600}
.badge{display:inline-block;border-radius:.7em;padding:0 .6em;font-size:.85em;white-space:nowrap}
.same{background:#e8eef3;color:#45566a}.stricter{background:#fde2e1;color:#9b1c1c}
.looser{background:#dff5e3;color:#17622a}.changed{background:#fff1cc;color:#7a5200}
.added{background:#dde9ff;color:#1d3f8f}.removed{background:#eee;color:#555}
.diff{font-size:.95em;background:#fafbfc;padding:.3em .5em;border-left:3px solid #ccd}
del{background:#ffd7d5;text-decoration:line-through}ins{background:#cdf3d4;text-decoration:none}
.q{color:#555;font-size:.9em}.id{color:#778;font-size:.85em}.muted{color:#778}
details summary{cursor:pointer;color:#445}nav a{margin-right:.8em}
@media print{details{display:block}}
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _badge(change: str, lang: str) -> str:
    return f'<span class="badge {change}">{_h(_c(change, lang))}</span>'


def _html_diff(ops: Sequence[TextOp]) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(_h(op.a))
            continue
        if op.a:
            out.append(f"<del>{_h(op.a)}</del>")
        if op.b:
            out.append(f"<ins>{_h(op.b)}</ins>")
    return "".join(out)


def _html_side(side: DiffSide | None, lang: str) -> str:
    if side is None:
        return '<td class="muted">—</td>'
    quote = f'<div class="q">「{_h(side.quote)}」</div>' if side.quote else ""
    also = (
        f'<div class="id">{_h(_w("also", lang))}: {_h(", ".join(c.rsplit("/", 1)[-1] for c in side.also))}</div>'
        if side.also
        else ""
    )
    return (
        f"<td><div><b>{_h(requirement_text(side, lang))}</b></div>"
        f'<div class="id">{_h(side.section)} · {_h(side.local_id)}</div>{quote}{also}</td>'
    )


def _anchor(topic: str) -> str:
    return "t-" + "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in topic)


def _page(title: str, body: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_h(title)}</title>\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _html(report: DiffReport, lang: str) -> str:
    title = f"{_w('title', lang)}: {report.a} → {report.b}"
    parts = [f"<h1>{_h(title)}</h1>", '<table class="meta">']
    parts.append(f"<tr><td>A</td><td>{_h(report.a)} — {_h(report.a_title)}</td></tr>")
    parts.append(f"<tr><td>B</td><td>{_h(report.b)} — {_h(report.b_title)}</td></tr>")
    if _filters(report, lang):
        parts.append(f"<tr><td>{_h(_w('filters', lang))}</td><td>{_h(_filters(report, lang))}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>{_h(_w('summary', lang))}</h2><table><tr>")
    parts += [f"<th>{_badge(c, lang)}</th>" for c in CHANGES]
    parts.append("</tr><tr>")
    parts += [f'<td class="n">{report.summary[c]}</td>' for c in CHANGES]
    parts.append("</tr></table>")
    parts.append(
        f"<p>{_h(_w('shared', lang))}: {len(report.shared_topics)} · {_h(_w('only_a', lang))}: "
        f"{len(report.only_a_topics)} · {_h(_w('only_b', lang))}: {len(report.only_b_topics)}</p>"
    )
    groups = report.by_topic()
    parts.append("<nav>")
    parts += [
        f'<a href="#{_anchor(t)}">{_h(_topic_title(es, lang))}</a>'
        for t, es in groups.items()
        if any(e.change != "same" for e in es)
    ]
    parts.append("</nav>")
    for topic, entries in groups.items():
        parts.append(f'<h2 id="{_anchor(topic)}">{_h(_topic_title(entries, lang))}</h2>')
        parts.append(f'<p class="muted">{_h(_counts_line(entries, lang))}</p>')
        parts.append(
            f"<table><tr><th>{_h(_w('change', lang))}</th><th>{_h(_w('subject', lang))}</th>"
            f"<th>A {_h(report.a)}</th><th>B {_h(report.b)}</th><th>{_h(_w('reason', lang))}</th></tr>"
        )
        for e in entries:
            family = f'<div class="id">{_h(_w("family", lang))}: {_h(e.family)}</div>' if e.family else ""
            parts.append(
                f"<tr><td>{_badge(e.change, lang)}</td><td>{_h(_subject(e, lang))}{family}</td>"
                f"{_html_side(e.a, lang)}{_html_side(e.b, lang)}<td>{_h(_reason(e, lang))}</td></tr>"
            )
            texts = []
            for name, side in (("A", e.a), ("B", e.b)):
                if side is not None:
                    gloss = f'<div class="q">{_h(side.gloss)}</div>' if lang == "en" and side.gloss else ""
                    texts.append(f"<div><b>{name}</b> {_h(side.text)}{gloss}</div>")
            if e.text_diff and any(op.op != "equal" for op in e.text_diff):
                texts.append(f'<div class="diff">{_h(_w("diff", lang))}：{_html_diff(e.text_diff)}</div>')
            summary = _h(_w("text", lang))
            opened = "" if e.change == "same" else " open"
            parts.append(
                f'<tr><td colspan="5"><details{opened}><summary>{summary}</summary>{"".join(texts)}</details></td></tr>'
            )
        parts.append("</table>")
    return _page(title, "\n".join(parts), lang)


def render_diff(report: DiffReport, fmt: str = "table", lang: str = "zh") -> str:
    """The report as ``table`` (plain text), ``markdown`` or ``html``; JSON is ``report.to_json_array()``."""
    if fmt == "markdown":
        return _markdown(report, lang)
    if fmt == "html":
        return _html(report, lang)
    return _text(report, lang)


# -- matrix ----------------------------------------------------------------------------------------------------
def render_matrix(matrix: Matrix, fmt: str = "table", lang: str = "zh") -> str:
    head = [_w("pair", lang), _w("shared", lang), *(_c(c, lang) for c in CHANGES)]
    rows = [[f"{cell.a} → {cell.b}", cell.shared_topics, *(getattr(cell, c) for c in CHANGES)] for cell in matrix.cells]
    title = _w("matrix", lang)
    if fmt == "markdown":
        lines = [f"# {title}", "", "| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
        lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        body = [f"<h1>{_h(title)}</h1>", "<table><tr>"]
        body += [f"<th>{_h(h)}</th>" for h in head[:2]] + [f"<th>{_badge(c, lang)}</th>" for c in CHANGES]
        body.append("</tr>")
        for row in rows:
            body.append("<tr>" + "".join(f'<td class="n">{_h(c)}</td>' for c in row) + "</tr>")
        body.append("</table>")
        return _page(title, "\n".join(body), lang)
    from medpolicy.render import table

    return f"{title}\n\n{table(head, rows)}"


# -- applicants ------------------------------------------------------------------------------------------------
def _yes(value: bool | None, lang: str) -> str:
    if value is None:
        return "—"
    return ("是" if lang == "zh" else "yes") if value else ("否" if lang == "zh" else "no")


def render_applicants(report: ApplicantsReport, fmt: str = "table", lang: str = "zh") -> str:
    head = [
        _w("file", lang),
        f"{_w('eligible', lang)} A",
        f"{_w('eligible', lang)} B",
        _w("flip", lang),
        _w("causes", lang),
    ]
    rows = []
    for x in report.applicants:
        name = x.file.rsplit("/", 1)[-1]
        flip = _w(x.flip, lang) if not x.error else f"{_w('error', lang)}: {x.error}"
        causes = ", ".join(f"{c.section} [{c.local_id}]" for c in x.causes)
        rows.append([name, _yes(x.eligible_a, lang), _yes(x.eligible_b, lang), flip, causes or "—"])
    title = f"{_w('applicants', lang)}: A {report.a} · B {report.b}"
    details: list[tuple[str, str]] = []
    for x in report.applicants:
        for c in x.causes:
            why = "; ".join(c.reasons) or (c.topic_label or c.topic)
            text = " ".join(c.text.split())
            details.append((x.file.rsplit("/", 1)[-1], f"{c.policy} {c.section} [{c.local_id}] {text} — {why}"))
    if fmt == "markdown":
        lines = [f"# {_md(title)}", "", "| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
        lines += [""] + [f"- `{_md(f)}`: {_md(d)}" for f, d in details]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        body = [f"<h1>{_h(title)}</h1>", "<table><tr>" + "".join(f"<th>{_h(h)}</th>" for h in head) + "</tr>"]
        body += ["<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in rows]
        body.append("</table><ul>")
        body += [f"<li><b>{_h(f)}</b>: {_h(d)}</li>" for f, d in details]
        body.append("</ul>")
        return _page(title, "\n".join(body), lang)
    from medpolicy.render import table

    out = [title, "", table(head, rows, max_width=50)]
    out += [""] + [f"  {f}: {d}" for f, d in details] if details else []
    return "\n".join(out)
