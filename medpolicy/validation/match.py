"""One applicant against every notice: where it qualifies and what it lacks elsewhere, ranked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph

from medpolicy.i18n import Msg, check_lang
from medpolicy.io.inputs import read_graph
from medpolicy.kb.applicability import Applicability
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.report import Rendered, Text
from medpolicy.validation.run import validate

__all__ = ["MatchEntry", "match"]


class MatchEntry(Rendered):
    """The verdict of one notice for the applicant, and the changes it would need (rendered in its ``lang``)."""

    policy: str
    title: Text
    in_scope: bool
    eligible: bool
    fails: int
    warnings: int
    manual: int
    passes: int
    changes: list[Text]
    call: str = "open"
    """open, closed (past its application deadline on the date of the check) or draft (征求意见稿)"""


def notices(kb: KnowledgeBase) -> list[str]:
    """Policies an application can be made under: those with shapes of their own."""
    return [p for p in kb.policy_ids if list(kb.policy_dir(p).glob("shapes*.ttl"))]


def match(
    source: Graph | str | Path,
    *,
    lang: str = "zh",
    as_of: dt.date | None = None,
    input_format: str | None = None,
    kb: KnowledgeBase | None = None,
) -> list[MatchEntry]:
    """Validate against every notice; open calls first (closed ones and drafts after them, marked), then eligible
    ones, then those whose listed products or directions the application is made under, then by the fewest changes
    needed."""
    lang = check_lang(lang)
    kb = kb or KnowledgeBase.default()
    graph = source if isinstance(source, Graph) else read_graph(source, input_format)
    entries = []
    for policy in notices(kb):
        report = validate(graph, policy, lang=lang, as_of=as_of, kb=kb)
        applies_for = [str(o) for o in graph.objects(None, MP.appliesFor)]
        applicability = Applicability(kb, policy, applies_for)
        in_scope = bool(set(applies_for) & applicability.scope_clauses)
        changes: list[Text] = []
        if not in_scope:
            changes.append(Msg(key="validation.match_in_scope"))
        for r in report.failed:
            fix = next((f.hint for f in r.findings if f.hint), None) or r.message
            changes.append(Msg(key="validation.match_change", params={"section": r.section, "fix": fix}))
        entries.append(
            MatchEntry(
                policy=policy,
                title=report.policy_title,
                in_scope=in_scope,
                eligible=report.conforms and in_scope,
                fails=report.summary["fail"],
                warnings=report.summary["warning"],
                manual=report.summary["manual"],
                passes=report.summary["pass"],
                changes=changes,
                call=report.call,
            ).with_lang(lang)
        )
    calls = {"open": 0, "closed": 1, "draft": 2}
    return sorted(entries, key=lambda e: (calls[e.call], not e.eligible, not e.in_scope, e.fails, e.warnings, e.manual))
