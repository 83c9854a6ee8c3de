"""The command line's tables (policies, coverage, match) in words of the language asked."""

from __future__ import annotations

from collections.abc import Sequence

from medpolicy.i18n import Msg, words
from medpolicy.kb.models import CoverageRow, Policy
from medpolicy.render.common import table
from medpolicy.validation.match import MatchEntry

__all__ = ["coverage_table", "match_table", "policies_table"]


def _heads(names: Sequence[str], lang: str) -> list[str]:
    """Column headings from the catalog (``render.tables_<name>``); a name starting with ``=`` stays as written."""
    return [n[1:] if n.startswith("=") else words(Msg(key=f"render.tables_{n}"), lang) for n in names]


def policies_table(items: Sequence[Policy], lang: str) -> str:
    head = _heads(("=id", "number", "issued", "clauses", "title"), lang)
    rows = [
        [p.id, p.number or "—", p.issued or "—", p.clause_count, p.title_en if lang == "en" and p.title_en else p.title]
        for p in items
    ]
    return table(head, rows, max_width=70)


def coverage_table(rows: Sequence[CoverageRow], lang: str) -> str:
    head = _heads(("=policy", "clauses", "shape", "rule", "manual", "info", "parameters", "shapes", "untied"), lang)
    body: list[list[object]] = [
        [r.policy, r.clauses, r.shape, r.rule, r.manual, r.info, r.parameters, r.shapes]
        + [len(r.untied_shapes) + len(r.untied_rules)]
        for r in rows
    ]
    total: list[object] = [words(Msg(key="render.tables_total"), lang)]
    total += [sum(int(str(b[i])) for b in body) for i in range(1, len(head))]
    lines = [table(head, [*body, total])]
    lines += [f"{r.policy}: shape {s} is not tied to a clause of the policy" for r in rows for s in r.untied_shapes]
    return "\n".join(lines)


def match_table(entries: Sequence[MatchEntry], lang: str, changes: int) -> str:
    """The ranking, then for each notice the first ``changes`` changes it needs."""
    yes, no = (words(value, lang) for value in (True, False))
    head = _heads(("=#", "=policy", "call", "eligible", "in_scope", "fails", "warnings", "manual", "passes"), lang)
    rows = [
        [n, e.policy, words(Msg(key=f"render.tables_call_{e.call}"), lang), yes if e.eligible else no]
        + [yes if e.in_scope else no, e.fails, e.warnings, e.manual, e.passes]
        for n, e in enumerate(entries, 1)
    ]
    out = [table(head, rows)]
    for e in entries:
        if e.changes:
            out.append(f"\n{e.policy}: {words(Msg(key='render.tables_changes'), lang)} ({len(e.changes)})")
            out += [f"  - {words(change, lang)}" for change in e.changes[:changes]]
            if len(e.changes) > changes:
                out.append(f"  … {len(e.changes) - changes} {words(Msg(key='render.tables_more'), lang)}")
    return "\n".join(out)
