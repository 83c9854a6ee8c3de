"""The words of a policy diff, shared by its text, Markdown and HTML renderers: labels from the catalog
(``medpolicy/catalog/diff.toml``), a requirement as a reader says it, and a row's subject, requirements and
reasons in one language."""

from __future__ import annotations

from collections.abc import Sequence

from medpolicy.diff.models import CHANGES, ClauseRow, DiffEntry, DiffReport, DiffSide
from medpolicy.diff.text import TextOp
from medpolicy.i18n import Msg, words
from medpolicy.kb.models import Parameter

__all__ = [
    "CHANGE_WORDS",
    "change_label",
    "counts_line",
    "filters_text",
    "label",
    "requirement_text",
    "row_reasons",
    "row_requirement",
    "row_subject",
    "rows_by_topic",
    "text_diff_inline",
    "topic_label",
    "where",
]

CHANGE_WORDS: dict[str, Msg] = {
    "same": Msg(key="diff.change_same"),
    "stricter": Msg(key="diff.change_stricter"),
    "looser": Msg(key="diff.change_looser"),
    "changed": Msg(key="diff.change_changed"),
    "added": Msg(key="diff.change_added"),
    "removed": Msg(key="diff.change_removed"),
}


def label(name: str, lang: str) -> str:
    """A label of the diff pages: ``diff.<name>`` of the catalog in ``lang``."""
    return words(Msg(key=f"diff.{name}"), lang)


def change_label(change: str, lang: str) -> str:
    """``更严`` / ``stricter``."""
    return words(CHANGE_WORDS[change], lang)


def requirement_text(side: DiffSide | None, lang: str) -> str:
    """``不低于 7 %`` / ``≥ 7 %`` for a parameter, ``须具备`` / ``required`` for a yes/no one, ``—`` otherwise."""
    if side is None or side.comparator is None:
        return "—"
    from medpolicy.kb.explain import expected_text

    if side.comparator == "bool":
        return label("required", lang)
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
    if not side.condition:
        return text
    return words(Msg(key="diff.with_note", params={"text": text, "note": side.condition}), lang)


def _subject(e: DiffEntry, lang: str) -> str:
    if lang == "en" and e.subject_en:
        return e.subject_en
    if e.subject:
        return e.subject
    side = e.a or e.b
    if side is None:
        return ""
    return side.text if lang == "zh" else (side.gloss or side.text)


def where(side: DiffSide | None) -> str:
    """``二、(一) [s2-1]``: the section and local id of a side, ``—`` for none."""
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
    name = e.topic_label if lang == "zh" else (e.topic_label_en or e.topic_label)
    return f"{name} ({e.topic})" if name and name != e.topic else e.topic


def topic_label(report: DiffReport, topic: str, lang: str) -> str:
    """``研发投入占比 (rd-investment-ratio)``: a topic's label in ``lang`` and its id."""
    entries = report.by_topic().get(topic) or []
    return _topic_title(entries, lang) if entries else topic


def counts_line(entries: Sequence[DiffEntry], lang: str) -> str:
    """``放宽 1, 新增 2``: the entries of each change, those with none left out."""
    counts = {c: 0 for c in CHANGES}
    for e in entries:
        counts[e.change] += 1
    return ", ".join(f"{change_label(c, lang)} {n}" for c, n in counts.items() if n)


def filters_text(report: DiffReport, lang: str) -> str:
    """The filters the report was made with (``--topic x, changes only``), empty for none."""
    parts = []
    if report.topic:
        parts.append(f"--topic {report.topic}")
    if report.product:
        parts.append(f"--product {report.product}")
    if report.only_changes:
        parts.append(label("only_changes", lang))
    if report.shared_families:
        parts.append("--shared-families")
    if report.related_families:
        parts.append("--related-families")
    return ", ".join(parts)


def rows_by_topic(report: DiffReport) -> dict[str, list[ClauseRow]]:
    """The report's rows (one per pair of clauses), grouped by topic in report order."""
    out: dict[str, list[ClauseRow]] = {}
    for row in report.rows():
        out.setdefault(row.topic, []).append(row)
    return out


def row_requirement(row: ClauseRow, side: str, lang: str) -> str:
    """Every requirement of one side of a row, ``; ``-joined (``—`` when the side has none)."""
    seen: list[str] = []
    for e in row.entries:
        text = requirement_text(getattr(e, side), lang)
        if text != "—" and text not in seen:
            seen.append(text)
    return "; ".join(seen) or "—"


def row_subject(row: ClauseRow, lang: str) -> str:
    """The subjects of a row's entries, ``; ``-joined."""
    subjects: list[str] = []
    for e in row.entries:
        text = _subject(e, lang)
        if text and text not in subjects:
            subjects.append(text)
    return "; ".join(subjects)


def row_reasons(row: ClauseRow, lang: str) -> list[str]:
    """Why the row is a change: each entry's reason (with its change when the row has several entries)."""
    out: list[str] = []
    for e in row.entries:
        why = words(e.why, lang)
        text = f"{change_label(e.change, lang)}: {why}" if len(row.entries) > 1 else why
        if text not in out:
            out.append(text)
    if row.text_change == "punctuation":
        out.append(label("punct_only", lang))
    return out
