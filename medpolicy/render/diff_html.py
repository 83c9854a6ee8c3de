"""A policy diff as one self-contained HTML page (and the page frame the matrix and applicants tables use).

The page has its CSS and a few lines of script inline and no reference to any network resource (clause IRIs are
shown by their local ids), so that an analyst can mail it as it is: a summary first (counts per change and per
topic, an inline SVG chart), then one row per pair of clauses with the texts collapsed, filters by change kind
that work without script (CSS checkboxes), a search box, and a print style that opens every text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from medpolicy.diff.models import CHANGES, ClauseRow, DiffReport, DiffSide
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
)

__all__ = ["badge", "chart_svg", "esc", "page", "render_html"]

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


def esc(text: object) -> str:
    """``text`` escaped for HTML (quotes too)."""
    return html.escape(str(text), quote=True)


def badge(change: str, lang: str) -> str:
    """The coloured label of a change."""
    return f'<span class="badge {change}">{esc(change_label(change, lang))}</span>'


def _html_diff(ops: Sequence[TextOp], lang: str) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(esc(op.a))
            continue
        cls = f' class="p" title="{esc(label("punct_only", lang))}"' if op.punctuation else ""
        if op.a:
            out.append(f"<del{cls}>{esc(op.a)}</del>")
        if op.b:
            out.append(f"<ins{cls}>{esc(op.b)}</ins>")
    return "".join(out)


def _row_side(row: ClauseRow, side_name: str, lang: str) -> str:
    side: DiffSide | None = getattr(row, side_name)
    if side is None:
        return '<td class="muted">—</td>'
    also = (
        f'<div class="id">{esc(label("also", lang))}: {esc(", ".join(c.rsplit("/", 1)[-1] for c in side.also))}</div>'
        if side.also
        else ""
    )
    return (
        f"<td><div><b>{esc(row_requirement(row, side_name, lang))}</b></div>"
        f'<div class="id">{esc(side.section)} · {esc(side.local_id)}</div>{also}</td>'
    )


def _anchor(topic: str) -> str:
    return "t-" + "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in topic)


def page(title: str, body: str, lang: str, script: str = "") -> str:
    """A whole HTML page: the diff's style inline, ``body``, and ``script`` inline when given."""
    js = f"<script>{script}</script>\n" if script else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
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
        f'height="{height}" aria-label="{esc(label("chart", lang))}"><title>{esc(label("chart", lang))}</title>'
    ]
    for i, (topic, counts) in enumerate(data):
        y = i * row_h
        name = topic_label(report, topic, lang)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{esc(name[:30])}</text>')
        x = float(label_w)
        for c in kinds:
            if counts[c]:
                w = bar_w * counts[c] / most
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 5}" fill="{_CHART_COLOURS[c]}">'
                    f"<title>{esc(name)}: {esc(change_label(c, lang))} {counts[c]}</title></rect>"
                )
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{sum(counts[c] for c in kinds)}</text>')
    y = len(data) * row_h + 8
    x = float(label_w)
    for c in kinds:
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{_CHART_COLOURS[c]}"/>')
        parts.append(f'<text x="{x + 14:.0f}" y="{y + 9}">{esc(change_label(c, lang))}</text>')
        x += 90
    parts.append("</svg>")
    return "".join(parts)


def _summary(report: DiffReport, lang: str) -> list[str]:
    title = f"{label('title', lang)}: {report.a} → {report.b}"
    parts = [f"<h1>{esc(title)}</h1>", '<table class="meta">']
    parts.append(f"<tr><td>A</td><td>{esc(report.a)} — {esc(report.a_title)}</td></tr>")
    parts.append(f"<tr><td>B</td><td>{esc(report.b)} — {esc(report.b_title)}</td></tr>")
    if filters_text(report, lang):
        parts.append(f"<tr><td>{esc(label('filters', lang))}</td><td>{esc(filters_text(report, lang))}</td></tr>")
    parts.append("</table>")
    parts.append(f'<h2 id="summary">{esc(label("summary", lang))}</h2><table class="totals"><tr>')
    parts += [f"<th>{badge(c, lang)}</th>" for c in CHANGES]
    parts.append("</tr><tr>")
    parts += [f'<td class="n" data-change="{c}">{report.summary[c]}</td>' for c in CHANGES]
    parts.append("</tr></table>")
    parts.append(
        f"<p>{esc(label('shared', lang))}: {len(report.shared_topics)} · {esc(label('only_a', lang))}: "
        f"{len(report.only_a_topics)} · {esc(label('only_b', lang))}: {len(report.only_b_topics)}</p>"
    )
    parts.append(f"<h2>{esc(label('chart', lang))}</h2>{chart_svg(report, lang)}")
    parts.append(
        f"<details><summary>{esc(label('per_topic', lang))}</summary><table><tr><th>{esc(label('topics', lang))}</th>"
    )
    parts += [f"<th>{badge(c, lang)}</th>" for c in CHANGES]
    parts.append("</tr>")
    for t, n in report.topic_summary().items():
        parts.append(f'<tr><td><a href="#{_anchor(t)}">{esc(topic_label(report, t, lang))}</a></td>')
        parts += [f'<td class="n">{n[c] or ""}</td>' for c in CHANGES]
        parts.append("</tr>")
    parts.append("</table></details>")
    return parts


def _filters(lang: str) -> list[str]:
    """CSS-only checkboxes (they work in a mail client without script); the search box needs script."""
    body = [f'<input class="f" type="checkbox" id="f-{c}" {"" if c == "same" else "checked"} hidden>' for c in CHANGES]
    body.append('<div class="filters">' + f"{esc(label('show', lang))}: ")
    body += [
        f'<label for="f-{c}" class="fl">{badge(c, lang)} <span class="tick" data-for="{c}"></span></label>'
        for c in CHANGES
    ]
    body.append(f'<input type="search" id="q" placeholder="{esc(label("search", lang))}"></div>')
    return body


def _row(r: ClauseRow, lang: str) -> str:
    texts = []
    for name, side in (("A", r.a), ("B", r.b)):
        if side is not None:
            gloss = f'<div class="q">{esc(side.gloss)}</div>' if lang == "en" and side.gloss else ""
            texts.append(f"<div><b>{name}</b> {esc(side.text)}{gloss}</div>")
    if r.text_change != "none":
        colon = "：" if lang == "zh" else ": "
        texts.append(f'<div class="diff">{esc(label("diff", lang))}{colon}{_html_diff(r.text_diff, lang)}</div>')
    reasons = "".join(f"<li>{esc(x)}</li>" for x in row_reasons(r, lang))
    return (
        f'<tr class="row {r.change}" data-text="{r.text_change}"><td>{badge(r.change, lang)}</td>'
        f"<td>{esc(row_subject(r, lang))}<details><summary>{esc(label('text', lang))}</summary>"
        f"{''.join(texts)}</details></td>"
        f"{_row_side(r, 'a', lang)}{_row_side(r, 'b', lang)}"
        f'<td><ul class="r">{reasons}</ul></td></tr>'
    )


def render_html(report: DiffReport, lang: str) -> str:
    """The report as one self-contained HTML page in ``lang``."""
    body = ["\n".join(_summary(report, lang)), *_filters(lang)]
    main = ["<main>"]
    for topic, rows in rows_by_topic(report).items():
        main.append(f'<h2 id="{_anchor(topic)}">{esc(topic_label(report, topic, lang))}</h2>')
        main.append(f'<p class="muted">{esc(counts_line(report.by_topic()[topic], lang))}</p>')
        main.append(
            f"<table><tr><th>{esc(label('change', lang))}</th><th>{esc(label('subject', lang))}</th>"
            f"<th>A {esc(report.a)}</th><th>B {esc(report.b)}</th><th>{esc(label('reason', lang))}</th></tr>"
        )
        main += [_row(r, lang) for r in rows]
        main.append("</table>")
    main.append("</main>")
    title = f"{label('title', lang)}: {report.a} → {report.b}"
    return page(title, "\n".join(body + main), lang, _SCRIPT)
