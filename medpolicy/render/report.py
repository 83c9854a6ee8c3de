"""Rendering a validation report as text or Markdown: summary first, then the details, in either language."""

from __future__ import annotations

from medpolicy.i18n import Msg, Param, check_lang, words
from medpolicy.kb.sections import section_en
from medpolicy.validation.report import ClauseResult, Report, sorted_words

__all__ = ["report_markdown", "report_text"]


def _say(name: str, lang: str, **params: Param) -> str:
    return words(Msg(key=f"render.report_{name}", params=params), lang)


def _section(section: str, lang: str) -> str:
    return section_en(section) if lang == "en" else section


def _headline(report: Report, lang: str) -> str:
    s = report.summary
    verdict = _say("conforms" if report.conforms else "does_not_conform", lang)
    return _say(
        "headline",
        lang,
        policy=report.policy,
        title=report.policy_title,
        verdict=verdict,
        as_of=report.as_of,
        **{k: s[k] for k in ("pass", "fail", "warning", "manual", "not_applicable")},
    )


def _detail(r: ClauseResult, lang: str) -> list[str]:
    lines = [f"[{_say(r.status, lang)}] {_section(r.section, lang)} {r.clause.rsplit('/', 1)[-1]}", f"  “{r.text}”"]
    if lang == "en" and r.gloss:
        lines.append(f"  ({r.gloss})")
    for f in r.findings or []:
        focus, message = words(f.focus, lang), words(f.message, lang)
        who = f"{focus} — " if focus else ""
        if f.value is not None and f.expected is not None:
            value, expected = words(f.value, lang), words(f.expected, lang)
            lines.append(f"  - {who}{words(f.path, lang)}: {value} → {_say('required', lang)} {expected}")
            if message and message not in (value, expected):  # the why: a window's years, a unit …
                lines.append(f"    {message}")
        else:
            lines.append(f"  - {who}{message}")
        hint = words(f.hint, lang)
        if hint:
            lines.append(f"    {_say('fix', lang)}: {hint}")
    if not r.findings:
        lines.append(f"  {words(r.message, lang)}")
    if r.evidence_given:
        lines.append(f"  {_say('evidence', lang)}: {'; '.join(sorted_words(r.evidence_given, lang))}")
    return lines


def report_text(report: Report, lang: str | None = None) -> str:
    """The report as plain text in ``lang`` (default: the report's own language)."""
    lang = check_lang(lang or report.lang)
    out = [_headline(report, lang)]
    for status in ("fail", "warning", "manual"):
        items = [r for r in report.results if r.status == status]
        if not items:
            continue
        out.append("")
        out.append(f"== {_say(status, lang)} ({len(items)}) ==")
        for r in items:
            out.extend(_detail(r, lang))
    if report.ignored_triples:
        out.append("")
        out.append(f"{_say('ignored', lang)}: {len(report.ignored_triples)}")
    for note_line in report.notes:
        out.append(f"{_say('note', lang)}: {words(note_line, lang)}")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(report: Report, lang: str | None = None) -> str:
    """The report as Markdown in ``lang`` (default: the report's own language)."""
    lang = check_lang(lang or report.lang)
    title = words(report.policy_title, lang)
    out = [f"# {title or report.policy}", "", f"**{_headline(report, lang)}**", ""]
    out += [_say("table_head", lang), "|---|---|---|---|"]
    for r in report.results:
        if r.status in ("pass", "not_applicable"):
            continue
        section = _section(r.section, lang)
        out.append(f"| {section} | {_say(r.status, lang)} | {_cell(r.text)} | {_cell(words(r.message, lang))} |")
    passed = [r for r in report.results if r.status == "pass"]
    out += ["", f"{_say('met', lang)}: {len(passed)}"]
    for r in passed:
        out.append(f"- {_section(r.section, lang)} {r.text[:60]}")
    return "\n".join(out) + "\n"
