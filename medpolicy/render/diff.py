"""Rendering policy diffs: a CJK-aware text table, Markdown, and one self-contained HTML page.

The HTML page has its CSS and a few lines of script inline and no reference to any network resource (clause
IRIs are shown by their local ids), so that an analyst can mail it as it is: a summary first (counts per change
and per topic, an inline SVG chart), then one row per pair of clauses with the texts collapsed, filters by change
kind that work without script (CSS checkboxes), a search box, and a print style that opens every text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from medpolicy.diff.compare import CHANGES, ApplicantsReport, ClauseRow, DiffEntry, DiffReport, DiffSide, Matrix, TextOp
from medpolicy.kb.models import Parameter

__all__ = [
    "CHANGE_LABELS",
    "chart_svg",
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
    "per_topic": ("各主题变化条数", "Changes per topic"),
    "chart": ("各主题的变化（图）", "Changes per topic (chart)"),
    "show": ("显示", "show"),
    "search": ("在本页搜索…", "search this page…"),
    "punct_only": ("仅标点不同", "punctuation only"),
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
    from medpolicy.kb.explain import expected_text

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


# -- shared ----------------------------------------------------------------------------------------------------
def _row_requirement(row: ClauseRow, side: str, lang: str) -> str:
    """Every requirement of one side of a row, ``; ``-joined (``—`` when the side has none)."""
    seen: list[str] = []
    for e in row.entries:
        text = requirement_text(getattr(e, side), lang)
        if text != "—" and text not in seen:
            seen.append(text)
    return "; ".join(seen) or "—"


def _row_subject(row: ClauseRow, lang: str) -> str:
    subjects: list[str] = []
    for e in row.entries:
        text = _subject(e, lang)
        if text and text not in subjects:
            subjects.append(text)
    return "; ".join(subjects)


def _row_reasons(row: ClauseRow, lang: str) -> list[str]:
    out: list[str] = []
    for e in row.entries:
        text = f"{_c(e.change, lang)}: {_reason(e, lang)}" if len(row.entries) > 1 else _reason(e, lang)
        if text not in out:
            out.append(text)
    if row.text_change == "punctuation":
        out.append(_w("punct_only", lang))
    return out


def _topic_label(report: DiffReport, topic: str, lang: str) -> str:
    entries = report.by_topic().get(topic) or []
    return _topic_title(entries, lang) if entries else topic


# -- text ------------------------------------------------------------------------------------------------------
def _text(report: DiffReport, lang: str) -> str:
    from medpolicy.render.common import table

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
    per_topic = report.topic_summary()
    lines += ["", f"== {_w('per_topic', lang)} =="]
    lines.append(
        table(
            [_w("topics", lang), *(_c(c, lang) for c in CHANGES)],
            [[_topic_label(report, t, lang), *(n[c] or "·" for c in CHANGES)] for t, n in per_topic.items()],
            max_width=40,
        )
    )
    head = [
        _w("change", lang),
        _w("subject", lang),
        f"A {_w('section', lang)}",
        f"A {_w('requirement', lang)}",
        f"B {_w('section', lang)}",
        f"B {_w('requirement', lang)}",
    ]
    rows_by_topic: dict[str, list[ClauseRow]] = {}
    for row in report.rows():
        rows_by_topic.setdefault(row.topic, []).append(row)
    for topic, rows in rows_by_topic.items():
        lines += ["", f"== {_topic_label(report, topic, lang)} ==  ({_counts_line(report.by_topic()[topic], lang)})"]
        body = [
            [
                _c(r.change, lang),
                _row_subject(r, lang),
                _where(r.a),
                _row_requirement(r, "a", lang),
                _where(r.b),
                _row_requirement(r, "b", lang),
            ]
            for r in rows
        ]
        lines.append(table(head, body, max_width=40))
        for r in rows:
            if r.change == "same" and r.text_change != "punctuation":
                continue
            lines.append(
                f"  · {_c(r.change, lang)} — {_row_subject(r, lang)[:60]}: {' | '.join(_row_reasons(r, lang))}"
            )
            for name, side in (("A", r.a), ("B", r.b)):
                if side is not None:
                    lines.append(f"      {name} {side.section}: {side.text}")
            if r.text_change != "none":
                lines.append(f"      {_w('diff', lang)}: {text_diff_inline(r.text_diff)}")
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
        "",
        f"### {_w('per_topic', lang)}",
        "",
        f"| {_w('topics', lang)} | " + " | ".join(_c(c, lang) for c in CHANGES) + " |",
        "|---" + "|---:" * len(CHANGES) + "|",
    ]
    for t, n in report.topic_summary().items():
        lines.append(f"| {_md(_topic_label(report, t, lang))} | " + " | ".join(str(n[c]) for c in CHANGES) + " |")
    rows_by_topic: dict[str, list[ClauseRow]] = {}
    for row in report.rows():
        rows_by_topic.setdefault(row.topic, []).append(row)
    for topic, rows in rows_by_topic.items():
        lines += [
            "",
            f"## {_md(_topic_label(report, topic, lang))}",
            "",
            _counts_line(report.by_topic()[topic], lang),
            "",
        ]
        lines.append(
            f"| {_w('change', lang)} | {_w('subject', lang)} | A | {_w('requirement', lang)} | B "
            f"| {_w('requirement', lang)} | {_w('reason', lang)} |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for r in rows:
            lines.append(
                f"| {_c(r.change, lang)} | {_md(_row_subject(r, lang))} | {_md(_where(r.a))} | "
                f"{_md(_row_requirement(r, 'a', lang))} | {_md(_where(r.b))} | {_md(_row_requirement(r, 'b', lang))} | "
                f"{_md('; '.join(_row_reasons(r, lang)))} |"
            )
        for r in rows:
            if r.change == "same" and r.text_change != "punctuation":
                continue
            lines += ["", f"- **{_c(r.change, lang)}** — {_md(_row_subject(r, lang))}"]
            for name, side in (("A", r.a), ("B", r.b)):
                if side is not None:
                    lines.append(f"  - {name} {_md(side.section)} `{side.local_id}`: {_md(side.text)}")
            if r.text_change != "none":
                lines.append(f"  - {_w('diff', lang)}: {_md_diff(r.text_diff)}")
    return "\n".join(lines) + "\n"


# -- html ------------------------------------------------------------------------------------------------------
_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:2em auto;
max-width:80em;padding:0 1em;color:#1d2733;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d5dae1;padding:.3em .5em;
vertical-align:top;text-align:left}th{background:#f1f3f6;font-weight:600}td.n{text-align:right}
.meta td:first-child{width:6em;font-weight:600}
.badge{display:inline-block;border-radius:.7em;padding:0 .6em;font-size:.85em;white-space:nowrap}
.badge.same{background:#e8eef3;color:#45566a}.badge.stricter{background:#fde2e1;color:#9b1c1c}
.badge.looser{background:#dff5e3;color:#17622a}.badge.changed{background:#fff1cc;color:#7a5200}
.badge.added{background:#dde9ff;color:#1d3f8f}.badge.removed{background:#eee;color:#555}
tr.row>td:first-child{width:5em}
.diff{font-size:.95em;background:#fafbfc;padding:.3em .5em;border-left:3px solid #ccd}
del{background:#ffd7d5;text-decoration:line-through}ins{background:#cdf3d4;text-decoration:none}
del.p,ins.p{background:#eee;outline:1px dotted #99a}
.q{color:#555;font-size:.9em}.id{color:#778;font-size:.85em}.muted{color:#778}
details summary{cursor:pointer;color:#445}ul.r{margin:0;padding-left:1.1em}
.filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccd;padding:.4em 0;z-index:1}
.filters label{margin-right:.8em;white-space:nowrap}
#f-same:not(:checked)~main tr.row.same,#f-stricter:not(:checked)~main tr.row.stricter,
#f-looser:not(:checked)~main tr.row.looser,#f-changed:not(:checked)~main tr.row.changed,
#f-added:not(:checked)~main tr.row.added,#f-removed:not(:checked)~main tr.row.removed{display:none}
tr.row.hidden{display:none}
.tick::before{content:"✗";color:#999}
#f-same:checked~.filters .tick[data-for=same]::before,#f-stricter:checked~.filters .tick[data-for=stricter]::before,
#f-looser:checked~.filters .tick[data-for=looser]::before,#f-changed:checked~.filters .tick[data-for=changed]::before,
#f-added:checked~.filters .tick[data-for=added]::before,
#f-removed:checked~.filters .tick[data-for=removed]::before{content:"✓";color:#17622a}
svg.chart text{font-size:11px;fill:#334}
@media print{.filters,input.f{display:none}details>summary{display:none}tr.row{break-inside:avoid}
body{margin:0;max-width:none}}
"""

# search in the page and open every <details> for printing; the page works without it
_SCRIPT = """
(function(){var q=document.getElementById('q');if(q){q.addEventListener('input',function(){
var t=q.value.trim().toLowerCase();document.querySelectorAll('tr.row').forEach(function(r){
r.classList.toggle('hidden',t!==''&&r.textContent.toLowerCase().indexOf(t)<0);});});}
var opened=[];window.addEventListener('beforeprint',function(){document.querySelectorAll('details:not([open])')
.forEach(function(d){d.open=true;opened.push(d);});});window.addEventListener('afterprint',function(){
opened.forEach(function(d){d.open=false;});opened=[];});})();
"""

_CHART_COLOURS = {
    "stricter": "#d9534f",
    "looser": "#3c9d5d",
    "changed": "#e0a000",
    "added": "#4a78d0",
    "removed": "#9aa3ad",
    "same": "#cfd8e0",
}


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
        cls = ' class="p" title="punctuation"' if op.punctuation else ""
        if op.a:
            out.append(f"<del{cls}>{_h(op.a)}</del>")
        if op.b:
            out.append(f"<ins{cls}>{_h(op.b)}</ins>")
    return "".join(out)


def _html_row_side(row: ClauseRow, side_name: str, lang: str) -> str:
    side: DiffSide | None = getattr(row, side_name)
    if side is None:
        return '<td class="muted">—</td>'
    also = (
        f'<div class="id">{_h(_w("also", lang))}: {_h(", ".join(c.rsplit("/", 1)[-1] for c in side.also))}</div>'
        if side.also
        else ""
    )
    return (
        f"<td><div><b>{_h(_row_requirement(row, side_name, lang))}</b></div>"
        f'<div class="id">{_h(side.section)} · {_h(side.local_id)}</div>{also}</td>'
    )


def _anchor(topic: str) -> str:
    return "t-" + "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in topic)


def _page(title: str, body: str, lang: str, script: str = "") -> str:
    js = f"<script>{script}</script>\n" if script else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_h(title)}</title>\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n{body}\n{js}</body>\n</html>\n"
    )


def chart_svg(report: DiffReport, lang: str) -> str:
    """Changes per topic as horizontal stacked bars, inline SVG (no script, no network); ``same`` left out."""
    kinds = [c for c in CHANGES if c != "same"]
    data = [(t, n) for t, n in report.topic_summary().items() if any(n[c] for c in kinds)]
    data.sort(key=lambda item: -sum(item[1][c] for c in kinds))
    if not data:
        return ""
    most = max(sum(n[c] for c in kinds) for _, n in data)
    label_w, bar_w, row_h = 230, 520, 18
    height = row_h * len(data) + 30
    parts = [
        f'<svg class="chart" role="img" width="{label_w + bar_w + 60}" '
        f'height="{height}" aria-label="{_h(_w("chart", lang))}"><title>{_h(_w("chart", lang))}</title>'
    ]
    for i, (topic, counts) in enumerate(data):
        y = i * row_h
        label = _topic_label(report, topic, lang)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{_h(label[:30])}</text>')
        x = float(label_w)
        for c in kinds:
            if counts[c]:
                w = bar_w * counts[c] / most
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 5}" fill="{_CHART_COLOURS[c]}">'
                    f"<title>{_h(label)}: {_h(_c(c, lang))} {counts[c]}</title></rect>"
                )
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{sum(counts[c] for c in kinds)}</text>')
    y = len(data) * row_h + 8
    x = float(label_w)
    for c in kinds:
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{_CHART_COLOURS[c]}"/>')
        parts.append(f'<text x="{x + 14:.0f}" y="{y + 9}">{_h(_c(c, lang))}</text>')
        x += 90
    parts.append("</svg>")
    return "".join(parts)


def _html(report: DiffReport, lang: str) -> str:
    title = f"{_w('title', lang)}: {report.a} → {report.b}"
    parts = [f"<h1>{_h(title)}</h1>", '<table class="meta">']
    parts.append(f"<tr><td>A</td><td>{_h(report.a)} — {_h(report.a_title)}</td></tr>")
    parts.append(f"<tr><td>B</td><td>{_h(report.b)} — {_h(report.b_title)}</td></tr>")
    if _filters(report, lang):
        parts.append(f"<tr><td>{_h(_w('filters', lang))}</td><td>{_h(_filters(report, lang))}</td></tr>")
    parts.append("</table>")
    parts.append(f'<h2 id="summary">{_h(_w("summary", lang))}</h2><table class="totals"><tr>')
    parts += [f"<th>{_badge(c, lang)}</th>" for c in CHANGES]
    parts.append("</tr><tr>")
    parts += [f'<td class="n" data-change="{c}">{report.summary[c]}</td>' for c in CHANGES]
    parts.append("</tr></table>")
    parts.append(
        f"<p>{_h(_w('shared', lang))}: {len(report.shared_topics)} · {_h(_w('only_a', lang))}: "
        f"{len(report.only_a_topics)} · {_h(_w('only_b', lang))}: {len(report.only_b_topics)}</p>"
    )
    parts.append(f"<h2>{_h(_w('chart', lang))}</h2>{chart_svg(report, lang)}")
    parts.append(f"<details><summary>{_h(_w('per_topic', lang))}</summary><table><tr><th>{_h(_w('topics', lang))}</th>")
    parts += [f"<th>{_badge(c, lang)}</th>" for c in CHANGES]
    parts.append("</tr>")
    for t, n in report.topic_summary().items():
        parts.append(f'<tr><td><a href="#{_anchor(t)}">{_h(_topic_label(report, t, lang))}</a></td>')
        parts += [f'<td class="n">{n[c] or ""}</td>' for c in CHANGES]
        parts.append("</tr>")
    parts.append("</table></details>")
    body = ["\n".join(parts)]
    # filters: CSS-only checkboxes (they work in a mail client without script); the search box needs script
    filters = [
        f'<input class="f" type="checkbox" id="f-{c}" {"" if c == "same" else "checked"} hidden>' for c in CHANGES
    ]
    body += filters
    body.append('<div class="filters">' + f"{_h(_w('show', lang))}: ")
    body += [
        f'<label for="f-{c}" class="fl">{_badge(c, lang)} <span class="tick" data-for="{c}"></span></label>'
        for c in CHANGES
    ]
    body.append(f'<input type="search" id="q" placeholder="{_h(_w("search", lang))}"></div>')
    main = ["<main>"]
    rows_by_topic: dict[str, list[ClauseRow]] = {}
    for row in report.rows():
        rows_by_topic.setdefault(row.topic, []).append(row)
    for topic, rows in rows_by_topic.items():
        main.append(f'<h2 id="{_anchor(topic)}">{_h(_topic_label(report, topic, lang))}</h2>')
        main.append(f'<p class="muted">{_h(_counts_line(report.by_topic()[topic], lang))}</p>')
        main.append(
            f"<table><tr><th>{_h(_w('change', lang))}</th><th>{_h(_w('subject', lang))}</th>"
            f"<th>A {_h(report.a)}</th><th>B {_h(report.b)}</th><th>{_h(_w('reason', lang))}</th></tr>"
        )
        for r in rows:
            texts = []
            for name, side in (("A", r.a), ("B", r.b)):
                if side is not None:
                    gloss = f'<div class="q">{_h(side.gloss)}</div>' if lang == "en" and side.gloss else ""
                    texts.append(f"<div><b>{name}</b> {_h(side.text)}{gloss}</div>")
            if r.text_change != "none":
                texts.append(f'<div class="diff">{_h(_w("diff", lang))}：{_html_diff(r.text_diff)}</div>')
            reasons = "".join(f"<li>{_h(x)}</li>" for x in _row_reasons(r, lang))
            main.append(
                f'<tr class="row {r.change}" data-text="{r.text_change}"><td>{_badge(r.change, lang)}</td>'
                f"<td>{_h(_row_subject(r, lang))}<details><summary>{_h(_w('text', lang))}</summary>"
                f"{''.join(texts)}</details></td>"
                f"{_html_row_side(r, 'a', lang)}{_html_row_side(r, 'b', lang)}"
                f'<td><ul class="r">{reasons}</ul></td></tr>'
            )
        main.append("</table>")
    main.append("</main>")
    return _page(title, "\n".join(body + main), lang, _SCRIPT)


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
    from medpolicy.render.common import table

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
    from medpolicy.render.common import table

    out = [title, "", table(head, rows, max_width=50)]
    out += [""] + [f"  {f}: {d}" for f, d in details] if details else []
    return "\n".join(out)
