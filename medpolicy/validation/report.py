"""The validation report: every clause of the policy with its status, in the JSON contract."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field

from medpolicy.kb.models import Value as ParameterValue

__all__ = ["ClauseResult", "Finding", "Report", "Status"]

Status = Literal["pass", "fail", "manual", "not_applicable", "warning"]


class Finding(BaseModel):
    """One problem found for a clause (a clause may have several: one per unit or indicator)."""

    focus: str | None = Field(default=None, description="readable label of the unit/product concerned")
    focus_iri: str | None = None
    path: str | None = None
    value: str | None = Field(default=None, description="the value found, as given and normalised")
    expected: str | None = Field(default=None, description="the threshold with its unit")
    message: str
    hint: str | None = None
    severity: Literal["violation", "warning"] = "violation"
    origin: Literal["engine", "absent", "value"] = Field(
        default="engine",
        description="engine: a SHACL result; absent: the facts a shape reads are not given; value: an unusable value",
    )
    # the numbers behind the display strings (medpolicy.finding_numbers); None where not known
    node: str | None = Field(default=None, description="IRI of the node concerned (nearest IRI for a blank node)")
    parameter: str | None = Field(default=None, description="IRI of the parameter the value is checked against")
    found: float | None = Field(default=None, description="the value found, in the threshold's unit")
    found_as_given: float | None = Field(default=None, description="the value as the applicant gave it")
    unit_as_given: str | None = Field(default=None, description="the unit code the applicant gave")
    threshold: ParameterValue = Field(default=None, description="the threshold value")
    unit: str | None = Field(default=None, description="unit code of the threshold (pint syntax)")
    comparator: str | None = Field(default=None, description=">= > <= < == != in between bool before after")


class ClauseResult(BaseModel):
    """The verdict on one clause: the contract's fields plus all findings."""

    clause: str
    section: str
    status: Status
    text: str
    gloss: str = ""
    kind: str = ""
    check: str = ""
    topic: str = ""
    message: str
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    expected: str | None = None
    evidence: str | None = None
    evidence_given: list[str] = []
    findings: list[Finding] = []
    in_principle: bool = False


class Report(BaseModel):
    """Validation of one applicant graph against one policy."""

    policy: str
    policy_title: str = ""
    source: str = ""
    as_of: str
    lang: str
    conforms: bool
    summary: dict[str, int]
    results: list[ClauseResult]
    ignored_triples: list[str] = []
    notes: list[str] = []
    call: Literal["open", "closed", "draft"] = Field(
        default="open", description="the call on the date of the check: open, closed (past its deadline) or draft"
    )
    untraced: list[str] = Field(
        default=[],
        description="engine results that no applicable clause explains (each is listed, none is dropped silently)",
    )

    @property
    def failed(self) -> list[ClauseResult]:
        return [r for r in self.results if r.status == "fail"]

    @property
    def warnings(self) -> list[ClauseResult]:
        return [r for r in self.results if r.status == "warning"]

    @property
    def manual(self) -> list[ClauseResult]:
        return [r for r in self.results if r.status == "manual"]

    def to_json(self, **kwargs: Any) -> str:
        data = self.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=kwargs.get("indent", 2))

    def to_markdown(self) -> str:
        from medpolicy.render.report import report_markdown

        return report_markdown(self)

    def to_text(self) -> str:
        from medpolicy.render.report import report_text

        return report_text(self)
