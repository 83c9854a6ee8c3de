"""A timeline as a plain-text report: state, verdict, steps, violations, deadlines and notes, in one language."""

from __future__ import annotations

from medpolicy.i18n import Msg, Param, check_lang, words
from medpolicy.render.common import table
from medpolicy.timeline.models import Deadline, Timeline, Violation

__all__ = ["render_text"]


def render_text(result: Timeline, lang: str | None = None) -> str:
    """The report of ``result`` in ``lang`` (default: the language the timeline was asked in)."""
    lang = check_lang(lang or result.lang)

    def say(key: str, **params: Param) -> str:
        return words(Msg(key=f"timeline.text_{key}", params=params), lang)

    verdict = say("follows") if result.conforms else say("does_not_follow")
    lines = [
        say("title", policy=result.policy, as_of=str(result.as_of)),
        say("state", state=result.state_label) + (say("final") if result.final else ""),
        say("verdict", verdict=verdict, errors=len(result.errors), warnings=len(result.warnings)),
        "",
    ]
    rows = [
        [
            s.date,
            words(s.event_label, lang),
            f"{s.from_state} → {s.to_state}" if s.transition else say("unexpected", state=s.from_state),
            s.section or "—",
            "; ".join(("✓ " if c.ok else "✗ ") + c.section for c in s.checks) or "",
        ]
        for s in result.steps
    ]
    if rows:
        head = [say(name) for name in ("date", "event", "transition", "clause", "checks")]
        lines += [table(head, rows, max_width=50), ""]
    for title, items in ((say("violations"), result.errors), (say("warnings"), result.warnings)):
        lines += _violations(title, items, lang)
    if result.deadlines:
        lines += [say("deadlines"), *(_deadline(d, say(d.status), lang) for d in result.deadlines), ""]
    lines += [say("note", note=note) for note in result.notes]
    return "\n".join(lines).rstrip() + "\n"


def _violations(title: str, items: list[Violation], lang: str) -> list[str]:
    if not items:
        return []
    lines = [f"{title} ({len(items)}):"]
    for v in items:
        lines.append(f"  ✗ {words(v.message, lang)}")
        if v.text:
            lines.append("      " + words(Msg(key="timeline.text_quote", params={"text": v.text}), lang))
    return [*lines, ""]


def _deadline(d: Deadline, status: str, lang: str) -> str:
    span = f"{d.opens} – {d.due}" if d.opens and d.due else (f"≥ {d.opens}" if d.opens else f"≤ {d.due}")
    return f"  {span}  {words(d.what, lang)}  [{status}]  {d.section}  ({words(d.basis, lang)})"
