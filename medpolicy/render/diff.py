"""Rendering a policy diff, by format: plain text (:mod:`~medpolicy.render.diff_text`), Markdown
(:mod:`~medpolicy.render.diff_markdown`) or one self-contained HTML page (:mod:`~medpolicy.render.diff_html`);
the pair matrix and the applicants' table are in :mod:`~medpolicy.render.diff_tables`. JSON is the report's own
``to_json_array()``. The words come from the catalog (``medpolicy/catalog/diff.toml``) in the language asked."""

from __future__ import annotations

from medpolicy.diff.models import DiffReport
from medpolicy.i18n import check_lang
from medpolicy.render.diff_html import render_html
from medpolicy.render.diff_markdown import render_markdown
from medpolicy.render.diff_tables import render_applicants, render_matrix
from medpolicy.render.diff_text import render_text

__all__ = ["render_applicants", "render_diff", "render_matrix"]


def render_diff(report: DiffReport, fmt: str = "table", lang: str = "zh") -> str:
    """The report as ``table`` (plain text), ``markdown`` or ``html`` in ``lang`` (zh or en)."""
    lang = check_lang(lang)
    if fmt == "markdown":
        return render_markdown(report, lang)
    if fmt == "html":
        return render_html(report, lang)
    return render_text(report, lang)
