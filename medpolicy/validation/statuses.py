"""From a clause and the findings traced to it, the clause's status and its explanation (as catalog messages)."""

from __future__ import annotations

import re

from medpolicy.i18n import Both, Msg, words
from medpolicy.kb.explain import expected_msg, fix_msg, subject_both
from medpolicy.kb.models import Clause, Parameter
from medpolicy.validation.report import ClauseResult, Finding, Text

__all__ = ["clause_status", "finding_sentence", "joined"]

_CJK = re.compile(r"[\u3400-\u9fff]")


def joined(items: list[Text]) -> Text:
    """Sentences one after the other (``；`` in Chinese, ``; `` in English); the empty string for none."""
    if not items:
        return ""
    out = items[0]
    for item in items[1:]:
        out = Msg(key="validation.statuses_then", params={"first": out, "next": item})
    return out


def finding_sentence(f: Finding) -> Text:
    """``联影医疗 / 研发投入占比：6.2 %，要求不低于 7 %`` — who, what, found, required."""
    who: Text = Msg(key="validation.statuses_who", params={"focus": f.focus}) if f.focus else ""
    if f.value is not None and f.expected is not None:
        what: Text = Msg(key="validation.statuses_what", params={"path": f.path}) if f.path else ""
        return Msg(
            key="validation.statuses_found",
            params={"who": who, "what": what, "value": f.value, "expected": f.expected},
        )
    return Msg(key="validation.statuses_said", params={"who": who, "message": f.message})


def _clause_evidence(clause: Clause) -> Both | None:
    if clause.evidence is None and clause.evidence_en is None:
        return None
    return Both(zh=clause.evidence or "", en=clause.evidence_en or clause.evidence or "")


def _result(clause: Clause, status: str, message: Text, **extra: object) -> ClauseResult:
    return ClauseResult(
        clause=clause.id,
        section=clause.section,
        status=status,  # type: ignore[arg-type]
        text=clause.text,
        gloss=clause.gloss,
        kind=clause.kind,
        check=clause.check,
        topic=clause.topic,
        message=message,
        in_principle=clause.in_principle,
        evidence=_clause_evidence(clause),
        **extra,  # type: ignore[arg-type]
    )


def _said(name: str) -> Msg:
    return Msg(key=f"validation.statuses_{name}")


def clause_status(
    clause: Clause,
    findings: list[Finding],
    *,
    strict: bool,
    applicable: bool,
    shaped: bool,
    in_scope: bool,
    missing: list[Parameter],
    evidence: list[Text],
    other_alternative: str | None = None,
) -> ClauseResult:
    """The status of one clause.

    A ``shape`` clause passes when a shape of its policy is tied to it and reports nothing, or when the
    applicant gave a value for each of its parameters (of one alternative) and none was found wanting;
    a parameter with no value is a fail that says which value is missing. A scope clause (a product,
    scenario or direction) passes when the application is made under it.
    """
    if not applicable:
        return _result(clause, "not_applicable", _said("not_applicable"))
    if other_alternative is not None:
        message = Msg(key="validation.statuses_other_mode", params={"mode": other_alternative})
        return _result(clause, "not_applicable", message)
    if clause.check == "info":
        return _result(clause, "not_applicable", _said("info"))
    if clause.check == "manual":
        needed = _clause_evidence(clause) or ""
        message = Msg(key="validation.statuses_manual", params={"needed": needed})
        return _result(clause, "manual", message, evidence_given=evidence, findings=findings)
    if clause.check == "rule" and not findings:
        return _result(clause, "manual", _said("rule"), evidence_given=evidence, findings=findings)
    if findings:
        hard = [f for f in findings if f.severity == "violation"]
        soft = clause.in_principle and not strict
        status = "fail" if hard and not soft else "warning"
        if soft:
            findings = [f.model_copy(update={"severity": "warning"}) for f in findings]
        first = (hard or findings)[0]
        sentences: list[Text] = []
        for sentence in (finding_sentence(f) for f in findings):
            if sentence not in sentences:
                sentences.append(sentence)
        return _result(
            clause,
            status,
            joined(sentences),
            focus=first.focus,
            path=first.path,
            value=first.value,
            expected=first.expected,
            findings=findings,
            evidence_given=evidence,
        )
    if clause.kind == "scope" and not clause.parameters:
        return _result(
            clause, "pass" if in_scope else "not_applicable", _said("pass" if in_scope else "not_applicable")
        )
    if shaped:
        return _result(clause, "pass", _said("pass"), evidence_given=evidence)
    if missing:
        findings = [_missing(p) for p in missing]
        status = "warning" if clause.in_principle and not strict else "fail"
        return _result(
            clause,
            status,
            joined([f.message for f in findings]),
            path=findings[0].path,
            value=findings[0].value,
            expected=findings[0].expected,
            findings=findings,
            evidence_given=evidence,
        )
    if clause.parameters:
        return _result(clause, "pass", _said("pass"), evidence_given=evidence)
    return _result(clause, "manual", _said("unchecked"), evidence_given=evidence)


def _missing(p: Parameter) -> Finding:
    subject = subject_both(p)
    expected = expected_msg(p)
    if p.comparator == "bool":
        message = Msg(key="validation.statuses_no_answer", params={"subject": subject})
    elif _CJK.search(words(expected, "en")):  # the allowed values are the notice's own words: they stay in expected
        listed = Both(zh=words(expected, "zh"), en=words(Msg(key="validation.statuses_listed_values"), "en"))
        message = Msg(key="validation.statuses_no_value_listed", params={"subject": subject, "expected": listed})
    else:
        message = Msg(key="validation.statuses_no_value", params={"subject": subject, "expected": expected})
    return Finding(
        path=subject,
        value=_said("not_given"),
        expected=expected,
        message=message,
        hint=fix_msg(p),
        severity="violation",
    )
