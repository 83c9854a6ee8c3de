"""Applicants under both policies: who is eligible under A and not under B (or the reverse), and which changed
clauses of the diff explain it."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, computed_field

from medpolicy.diff.compare import diff
from medpolicy.diff.models import DiffEntry, DiffReport
from medpolicy.diff.pool import both_reports, check_both
from medpolicy.errors import InputError
from medpolicy.i18n import Msg, words
from medpolicy.kb.store import KnowledgeBase, local_name

if TYPE_CHECKING:
    from medpolicy.validation.report import Report

__all__ = ["ApplicantFlip", "ApplicantsReport", "FlipCause", "Validator", "applicant_files", "diff_applicants"]

Flip = Literal["lost", "gained", "none"]
Validator = Callable[[Path, str, "dt.date | None"], "Report"]
_CAUSE_ORDER = ("policy", "clause", "local_id", "section", "topic", "topic_label", "topic_label_en", "text")
_CAUSE_ORDER_TAIL = ("message", "changes", "reasons", "via")


class FlipCause(BaseModel):
    """A clause the applicant fails under one policy and that belongs to a topic the diff shows changed."""

    policy: str
    clause: str
    local_id: str
    section: str
    topic: str
    topic_label: str = ""
    topic_label_en: str = ""
    text: str
    message: str = ""
    changes: list[str] = Field(default=[], description="the changes of the diff entries behind it")
    why: list[Msg] = Field(default=[], description="why each of those entries is a change (catalog messages)")
    via: Literal["clause", "topic"] = "topic"

    @computed_field(description="why each entry is a change, in English")  # type: ignore[prop-decorator]
    @property
    def reasons(self) -> list[str]:
        return [words(w, "en") for w in self.why]


class ApplicantFlip(BaseModel):
    """One applicant file under both policies."""

    file: str
    eligible_a: bool | None = None
    eligible_b: bool | None = None
    fails_a: int = 0
    fails_b: int = 0
    flip: Flip = Field(default="none", description="lost: eligible under A, not under B; gained: the reverse")
    causes: list[FlipCause] = []
    error: str | None = None


class ApplicantsReport(BaseModel):
    a: str
    b: str
    folder: str
    applicants: list[ApplicantFlip]

    @property
    def flips(self) -> list[ApplicantFlip]:
        return [x for x in self.applicants if x.flip != "none"]

    def to_json_array(self) -> list[dict[str, Any]]:
        """``diff --applicants --format json``: one object per file (the causes' reasons as English words)."""
        out = []
        for x in self.applicants:
            data = x.model_dump(mode="json", exclude={"causes": {"__all__": {"why"}}})
            data["causes"] = [{k: c[k] for k in (*_CAUSE_ORDER, *_CAUSE_ORDER_TAIL) if k in c} for c in data["causes"]]
            out.append(data)
        return out


def _file_as_of(path: Path) -> dt.date | None:
    """``# as-of: YYYY-MM-DD`` in a file's first lines (the convention of the bundled examples)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return None
    found = re.search(r"^#\s*as-of:\s*(\d{4}-\d{2}-\d{2})", head, re.M)
    return dt.date.fromisoformat(found.group(1)) if found else None


def applicant_files(folder: Path) -> list[Path]:
    """The RDF files of a folder and its subfolders (by extension; hidden ones skipped), sorted.

    A folder without any raises :class:`InputError` naming the folder and the extensions looked for.
    """
    from medpolicy.io.inputs import FORMATS

    if not folder.is_dir():
        raise InputError("not a folder", file=str(folder), argument="applicants")
    found = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FORMATS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not found:
        raise InputError(
            f"no applicant files ({', '.join(sorted(FORMATS))}) in the folder or its subfolders",
            file=str(folder),
            argument="applicants",
        )
    return found


def diff_applicants(
    a: str,
    b: str,
    folder: str | Path,
    *,
    report: DiffReport | None = None,
    as_of: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    validator: Validator | None = None,
    workers: int = 1,
) -> ApplicantsReport:
    """Validate each applicant of ``folder`` under ``a`` and ``b``; explain who flips by the changed clauses.

    A file's own ``# as-of:`` line sets its date of check unless ``as_of`` is given. ``workers`` > 1 validates
    in that many worker processes (with the built-in validator), with the same result as in one.
    """
    kb = kb or KnowledgeBase.default()
    report = report or diff(a, b, kb=kb)
    files = applicant_files(Path(folder))

    def run(path: Path, policy: str, date: dt.date | None) -> Report:
        from medpolicy.validation.run import validate

        return validate(path, policy, as_of=date, kb=kb)

    check = validator or run
    by_clause: dict[str, list[DiffEntry]] = defaultdict(list)
    for e in report.entries:
        for side in (e.a, e.b):
            if side is not None:
                for cid in (side.clause, *side.also):
                    by_clause[cid].append(e)
    changed_topics = report.changed_topics() | set(report.only_a_topics) | set(report.only_b_topics)
    dates = [as_of or _file_as_of(path) for path in files]
    outcomes = (
        both_reports(files, a, b, dates, kb, workers)
        if workers > 1 and validator is None
        else ((path, check_both(check, path, a, b, date)) for path, date in zip(files, dates, strict=True))
    )
    out: list[ApplicantFlip] = []
    for path, outcome in outcomes:
        if isinstance(outcome, str):
            out.append(ApplicantFlip(file=str(path), error=outcome))
            continue
        ra, rb = outcome
        flip: Flip = (
            "lost" if ra.conforms and not rb.conforms else "gained" if rb.conforms and not ra.conforms else "none"
        )
        causes: list[FlipCause] = []
        if flip != "none":
            causes = _causes(rb if flip == "lost" else ra, by_clause, changed_topics, kb)
        out.append(
            ApplicantFlip(
                file=str(path),
                eligible_a=ra.conforms,
                eligible_b=rb.conforms,
                fails_a=len(ra.failed),
                fails_b=len(rb.failed),
                flip=flip,
                causes=causes,
            )
        )
    return ApplicantsReport(a=a, b=b, folder=str(folder), applicants=out)


def _causes(
    failing: Report, by_clause: dict[str, list[DiffEntry]], changed_topics: set[str], kb: KnowledgeBase
) -> list[FlipCause]:
    causes = []
    for r in failing.failed:
        entries = [e for e in by_clause.get(r.clause, []) if e.change != "same"]
        clause = kb.clause(r.clause)
        topic = r.topic or (clause.topic if clause else "")
        if not entries and topic not in changed_topics:
            continue
        causes.append(
            FlipCause(
                policy=failing.policy,
                clause=r.clause,
                local_id=local_name(r.clause),
                section=r.section,
                topic=topic,
                topic_label=clause.topic_label if clause else "",
                topic_label_en=clause.topic_label_en if clause else "",
                text=r.text,
                message=words(r.message, failing.lang),
                changes=sorted({e.change for e in entries}),
                why=[e.why for e in entries],
                via="clause" if entries else "topic",
            )
        )
    return causes
