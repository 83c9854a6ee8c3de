"""The two tables around a policy diff: every pair of policies (``diff --matrix``) and applicants under both
policies (``diff --applicants``), each as plain text, Markdown or an HTML page."""

from __future__ import annotations

from medpolicy.diff.applicants import ApplicantsReport
from medpolicy.diff.matrix import Matrix
from medpolicy.diff.models import CHANGES
from medpolicy.i18n import words
from medpolicy.render.common import table
from medpolicy.render.diff_html import badge, esc, page
from medpolicy.render.diff_markdown import md
from medpolicy.render.diff_words import change_label, label

__all__ = ["render_applicants", "render_matrix"]


def render_matrix(matrix: Matrix, fmt: str = "table", lang: str = "zh") -> str:
    """Shared topics and entries of each change for every pair, as ``table``, ``markdown`` or ``html``."""
    head = [label("pair", lang), label("shared", lang), *(change_label(c, lang) for c in CHANGES)]
    rows = [[f"{cell.a} → {cell.b}", cell.shared_topics, *(getattr(cell, c) for c in CHANGES)] for cell in matrix.cells]
    title = label("matrix", lang)
    if fmt == "markdown":
        lines = [f"# {title}", "", "| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        body = [f"<h1>{esc(title)}</h1>", "<table><tr>"]
        body += [f"<th>{esc(h)}</th>" for h in head[:2]] + [f"<th>{badge(c, lang)}</th>" for c in CHANGES]
        body.append("</tr>")
        for row in rows:
            body.append("<tr>" + "".join(f'<td class="n">{esc(c)}</td>' for c in row) + "</tr>")
        body.append("</table>")
        return page(title, "\n".join(body), lang)
    return f"{title}\n\n{table(head, rows)}"


def _yes(value: bool | None, lang: str) -> str:
    return "—" if value is None else words(value, lang)


def render_applicants(report: ApplicantsReport, fmt: str = "table", lang: str = "zh") -> str:
    """Who flips between A and B and the clauses behind it, as ``table``, ``markdown`` or ``html``."""
    head = [
        label("file", lang),
        f"{label('eligible', lang)} A",
        f"{label('eligible', lang)} B",
        label("flip", lang),
        label("causes", lang),
    ]
    rows = []
    for x in report.applicants:
        name = x.file.rsplit("/", 1)[-1]
        if x.error:
            flip = f"{label('error', lang)}: {x.error}"
        else:
            flip = "—" if x.flip == "none" else label(f"flip_{x.flip}", lang)
        causes = ", ".join(f"{c.section} [{c.local_id}]" for c in x.causes)
        rows.append([name, _yes(x.eligible_a, lang), _yes(x.eligible_b, lang), flip, causes or "—"])
    title = f"{label('applicants', lang)}: A {report.a} · B {report.b}"
    details: list[tuple[str, str]] = []
    for x in report.applicants:
        for c in x.causes:
            topic = (c.topic_label if lang == "zh" else c.topic_label_en or c.topic_label) or c.topic
            why = "; ".join(words(w, lang) for w in c.why) or topic
            text = " ".join(c.text.split())
            details.append((x.file.rsplit("/", 1)[-1], f"{c.policy} {c.section} [{c.local_id}] {text} — {why}"))
    if fmt == "markdown":
        lines = [f"# {md(title)}", "", "| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
        lines += [""] + [f"- `{md(f)}`: {md(d)}" for f, d in details]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        body = [f"<h1>{esc(title)}</h1>", "<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"]
        body += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows]
        body.append("</table><ul>")
        body += [f"<li><b>{esc(f)}</b>: {esc(d)}</li>" for f, d in details]
        body.append("</ul>")
        return page(title, "\n".join(body), lang)
    out = [title, "", table(head, rows, max_width=50)]
    out += [""] + [f"  {f}: {d}" for f, d in details] if details else []
    return "\n".join(out)
