"""From a clause and the findings traced to it, the clause's status and its explanation."""

from __future__ import annotations

import re

from medpolicy.kb.explain import expected_text, fix_hint
from medpolicy.kb.models import Clause, Parameter
from medpolicy.validation.report import ClauseResult, Finding

__all__ = ["clause_status", "finding_sentence"]

_CJK = re.compile(r"[\u3400-\u9fff]")

_MSG = {
    "info": ("信息性条款，不对申报方提出要求", "information: no requirement on the applicant"),
    "not_applicable": (
        "适用于其他产品、场景、方向或类别",
        "applies to another product, scenario, direction or category",
    ),
    "rule": (
        "需跨申报或按项目事件核查（medpolicy screen / timeline）",
        "checked across applications or over project events (medpolicy screen / timeline)",
    ),
    "unchecked": (
        "未能自动核查：申报数据中没有本条款所需的取值，请人工核对",
        "not checked automatically: the applicant data gives no value for this clause; review by hand",
    ),
    "pass": ("满足", "met"),
}


def finding_sentence(f: Finding, lang: str) -> str:
    """``联影医疗 / 研发投入占比：6.2 %，要求不低于 7 %`` — who, what, found, required."""
    who = f"{f.focus}：" if f.focus and lang == "zh" else f"{f.focus}: " if f.focus else ""
    if f.value is not None and f.expected is not None:
        what = f"{f.path} " if f.path else ""
        if lang == "zh":
            return f"{who}{what}为 {f.value}，要求{f.expected}"
        return f"{who}{what}is {f.value}, required {f.expected}"
    return f"{who}{f.message}"


def _pick(key: str, lang: str) -> str:
    zh, en = _MSG[key]
    return zh if lang == "zh" else en


def _result(clause: Clause, status: str, message: str, lang: str, **extra: object) -> ClauseResult:
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
        evidence=(clause.evidence if lang == "zh" else clause.evidence_en or clause.evidence),
        **extra,  # type: ignore[arg-type]
    )


def clause_status(
    clause: Clause,
    findings: list[Finding],
    *,
    lang: str,
    strict: bool,
    applicable: bool,
    shaped: bool,
    in_scope: bool,
    missing: list[Parameter],
    evidence: list[str],
    other_alternative: str | None = None,
) -> ClauseResult:
    """The status of one clause.

    A ``shape`` clause passes when a shape of its policy is tied to it and reports nothing, or when the
    applicant gave a value for each of its parameters (of one alternative) and none was found wanting;
    a parameter with no value is a fail that says which value is missing. A scope clause (a product,
    scenario or direction) passes when the application is made under it.
    """
    if not applicable:
        return _result(clause, "not_applicable", _pick("not_applicable", lang), lang)
    if other_alternative is not None:
        message = (
            f"备选模式：产品选择了“{other_alternative}”，本条属于另一模式"
            if lang == "zh"
            else f"alternative: the product meets the mode “{other_alternative}”; this clause belongs to another mode"
        )
        return _result(clause, "not_applicable", message, lang)
    if clause.check == "info":
        return _result(clause, "not_applicable", _pick("info", lang), lang)
    if clause.check == "manual":
        needed = clause.evidence if lang == "zh" else (clause.evidence_en or clause.evidence)
        prefix = "人工审核，需查看：" if lang == "zh" else "manual review; a reviewer needs: "
        return _result(clause, "manual", prefix + (needed or ""), lang, evidence_given=evidence, findings=findings)
    if clause.check == "rule" and not findings:
        return _result(clause, "manual", _pick("rule", lang), lang, evidence_given=evidence, findings=findings)
    if findings:
        hard = [f for f in findings if f.severity == "violation"]
        soft = clause.in_principle and not strict
        status = "fail" if hard and not soft else "warning"
        if soft:
            findings = [f.model_copy(update={"severity": "warning"}) for f in findings]
        first = (hard or findings)[0]
        sentences = "；".join if lang == "zh" else "; ".join
        message = sentences(dict.fromkeys(finding_sentence(f, lang) for f in findings))
        return _result(
            clause,
            status,
            message,
            lang,
            focus=first.focus,
            path=first.path,
            value=first.value,
            expected=first.expected,
            findings=findings,
            evidence_given=evidence,
        )
    if clause.kind == "scope" and not clause.parameters:
        return _result(
            clause,
            "pass" if in_scope else "not_applicable",
            _pick("pass" if in_scope else "not_applicable", lang),
            lang,
        )
    if shaped:
        return _result(clause, "pass", _pick("pass", lang), lang, evidence_given=evidence)
    if missing:
        findings = [_missing(p, lang) for p in missing]
        status = "warning" if clause.in_principle and not strict else "fail"
        message = ("；" if lang == "zh" else "; ").join(f.message for f in findings)
        return _result(
            clause,
            status,
            message,
            lang,
            path=findings[0].path,
            value=findings[0].value,
            expected=findings[0].expected,
            findings=findings,
            evidence_given=evidence,
        )
    if clause.parameters:
        return _result(clause, "pass", _pick("pass", lang), lang, evidence_given=evidence)
    return _result(clause, "manual", _pick("unchecked", lang), lang, evidence_given=evidence)


def _missing(p: Parameter, lang: str) -> Finding:
    subject = p.subject if lang == "zh" else (p.subject_en or p.subject)
    expected = expected_text(p, lang)
    if p.comparator == "bool":
        message = f"未声明“{subject}”" if lang == "zh" else f"no answer given for '{subject}'"
    elif lang == "zh":
        message = f"未提供“{subject}”的取值（要求{expected}）"
    elif _CJK.search(expected):  # the allowed values are the notice's own words: they stay in ``expected``
        message = f"no value given for '{subject}' (required: one of the values the notice lists, see expected)"
    else:
        message = f"no value given for '{subject}' (required {expected})"
    return Finding(
        path=subject,
        value="未提供" if lang == "zh" else "not given",
        expected=expected,
        message=message,
        hint=fix_hint(p, lang),
        severity="violation",
    )
