"""Typed views of the knowledge base: what crosses the library's boundary."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Check", "Clause", "CoverageRow", "Parameter", "Policy", "Value"]

Check = Literal["shape", "rule", "manual", "info"]
Value = float | int | bool | str | list[float | int | str] | None


class Parameter(BaseModel):
    """One threshold of a clause: ``不低于7%`` is ``{comparator: ">=", value: 7, unit: "%"}``."""

    model_config = ConfigDict(frozen=True)

    id: str
    subject: str = Field(description="what is measured, in Chinese")
    subject_en: str = ""
    comparator: str
    value: Value
    unit: str = Field(description="the unit as written in the notice")
    unit_code: str = Field(default="", description="the unit in pint syntax")
    quote: str = Field(description="the span of the clause text holding comparator and value")
    variant: str | None = None
    condition: str | None = None
    lower_is_better: bool = False
    range_reading: str | None = Field(default=None, description='"cover": the product\'s range must cover this range')
    readings: list[str] = Field(default=[], description="names of the alternative readings (validate --reading)")


class Clause(BaseModel):
    """One atomic requirement or statement of a policy document, quoted verbatim."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="the clause IRI")
    policy: str = Field(description="the policy id (the folder name under policies/)")
    section: str
    order: int
    text: str = Field(description="the verbatim Chinese text")
    gloss: str = Field(description="the English gloss")
    kind: str
    check: Check
    topic: str = Field(description="the local name of the topic in the shared scheme")
    topic_label: str = ""
    topic_label_en: str = ""
    parameters: list[Parameter] = []
    part_of: str | None = None
    in_principle: bool = False
    evidence: str | None = None
    evidence_en: str | None = None
    interpretation: str | None = None
    product_family: str | None = None
    category: str | None = Field(default=None, description="the first of ``categories`` (kept for older callers)")
    categories: list[str] = Field(default=[], description="every category clause the clause is tied to")
    index_level1: str | None = None
    index_level2: str | None = None
    index_row: int | None = None


class Policy(BaseModel):
    """A policy document of the knowledge base."""

    model_config = ConfigDict(frozen=True)

    id: str
    iri: str
    title: str
    title_en: str = ""
    number: str | None = None
    issued: dt.date | str | None = None
    implements: list[str] = []
    clause_count: int = 0
    draft: bool = Field(default=False, description="a draft for comments (征求意见稿): no application can be made")
    deadline: str | None = Field(
        default=None, description="the application deadline (ISO date, or --MM: each year before that month)"
    )
    deadline_clause: str | None = None


class CoverageRow(BaseModel):
    """How one policy's clauses are checked."""

    policy: str
    clauses: int
    shape: int
    rule: int
    manual: int
    info: int
    parameters: int
    shapes: int
    rules: int
    untied_shapes: list[str] = []
    untied_rules: list[str] = []
    clauses_without_check: list[str] = []
