"""Applicants without RDF: pydantic models of the applicant side that serialise to the vocabulary.

A form builder or another tool fills an :class:`Application` (JSON Schema: ``medpolicy schema``) and calls
:meth:`Application.to_graph`, which goes through the bundled JSON-LD context (``ontology/context.jsonld``)
— the same mapping a JSON-LD export would use. Clause and parameter ids may be given as full IRIs or as the
local ids of the policy (``a1-p02-i2-p1``).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Graph

from medpolicy.kb import kb_root
from medpolicy.namespaces import POLICY

__all__ = [
    "Application",
    "Certificate",
    "EvidenceItem",
    "Incident",
    "Person",
    "Product",
    "RdFigure",
    "ResearchProject",
    "Standard",
    "Unit",
    "Value",
    "context",
]

Level = Literal["national", "provincial", "municipal", "industry"]
OrgType = Literal["enterprise", "hospital", "university", "research-institute", "association", "third-party"]
Grade = Literal["grade-3a", "grade-3b", "grade-3", "grade-2", "grade-1"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Value(_Model):
    """A value for one parameter of a clause: a number with its unit, a yes/no answer, or a text."""

    parameter: str = Field(description="parameter IRI or local id, e.g. a1-p02-i2-p1")
    value: Decimal | None = None
    unit: str | None = Field(default=None, description="unit code in pint syntax, e.g. mT, ns, percent")
    answer: bool | None = None
    text: str | None = None


class RdFigure(_Model):
    year: int
    rd_investment: Decimal = Field(description="R&D investment of the year, 万元")
    sales_revenue: Decimal = Field(description="sales revenue of the year, 万元")


class ResearchProject(_Model):
    name: str
    level: Level
    year: int
    related_to_field: bool = True


class Standard(_Model):
    name: str
    level: Level
    year: int
    related_to_field: bool = True


class RdInstitution(_Model):
    name: str
    level: Level


class Incident(_Model):
    name: str
    incident_date: dt.date
    major: bool


class Unit(_Model):
    id: str = Field(description="a short key for the unit, unique in the application")
    name: str
    name_en: str | None = None
    credit_code: str | None = Field(default=None, description="统一社会信用代码")
    organisation_type: OrgType
    province: str | None = None
    legal_person: bool
    registered_in_china: bool
    hospital_grade: Grade | None = None
    industry_rank: int | None = None
    recognitions: list[Literal["little-giant", "single-champion", "high-tech"]] = []
    rd_figures: list[RdFigure] = []
    research_projects: list[ResearchProject] = []
    rd_institutions: list[RdInstitution] = []
    standards: list[Standard] = []
    incidents: list[Incident] = []


class Person(_Model):
    id: str = "leader"
    name: str
    birth_date: dt.date | None = None
    senior_title: bool | None = None


class Certificate(_Model):
    certificate_number: str
    holder: str = Field(description="the id of the unit holding the certificate")
    valid_until: dt.date | None = None


class Product(_Model):
    id: str = "product"
    name: str
    name_en: str | None = None
    claims: str | None = Field(default=None, description="the product/scenario/direction clause it corresponds to")
    certificate: Certificate | None = None
    production_licence: bool | None = None
    intended_registrant: str | None = None
    selected_variant: str | None = None
    indicators: list[Value] = []


class EvidenceItem(_Model):
    clause: str
    title: str
    location: str | None = None


class Application(_Model):
    """An application (or a project proposal) under one policy."""

    id: str = "application"
    kind: Literal["Application", "Proposal"] = "Application"
    policy: str = Field(description="policy id: a folder name under policies/")
    name: str
    applies_for: list[str] = []
    lead_manufacturer: str | None = None
    lead_hospital: str | None = None
    lead_unit: str | None = None
    participants: list[str] = []
    units: list[Unit]
    product: Product | None = None
    project_leader: Person | None = None
    subtopic_count: int | None = None
    commitments: list[Value] = []
    evidence: list[EvidenceItem] = []

    def _iri(self, local: str) -> str:
        return local if "://" in local else f"{POLICY}{self.policy}/{local}"

    def _value(self, v: Value) -> dict[str, Any]:
        data: dict[str, Any] = {"type": "ParameterValue", "parameter": self._iri(v.parameter)}
        if v.value is not None:
            data["value"] = str(v.value)
        for key in ("unit", "answer", "text"):
            if getattr(v, key) is not None:
                data[key] = getattr(v, key)
        return data

    def to_jsonld(self, base: str = "https://example.org/applicant/") -> dict[str, Any]:
        """The application as a JSON-LD document using the bundled context."""
        nodes: list[dict[str, Any]] = []
        consortium: dict[str, Any] = {"id": "consortium", "type": "Consortium", "participants": self.participants}
        for role in ("lead_manufacturer", "lead_hospital", "lead_unit"):
            if getattr(self, role):
                consortium[role] = getattr(self, role)
        app: dict[str, Any] = {
            "id": self.id,
            "type": self.kind,
            "name": self.name,
            "policy": f"{POLICY}{self.policy}/notice",
            "applies_for": [self._iri(a) for a in self.applies_for],
            "consortium": "consortium",
            "commitments": [self._value(v) for v in self.commitments],
            "evidence": [
                {"type": "Evidence", "clause": self._iri(e.clause), "title": e.title, "location": e.location}
                for e in self.evidence
            ],
        }
        if self.subtopic_count is not None:
            app["subtopic_count"] = self.subtopic_count
        nodes += [app, consortium]
        for unit in self.units:
            data = unit.model_dump(mode="json", exclude_none=True)
            data["type"] = "Unit"
            for key, typ in (
                ("rd_figures", "RdFigure"),
                ("research_projects", "ResearchProject"),
                ("rd_institutions", "RdInstitution"),
                ("standards", "Standard"),
                ("incidents", "Incident"),
            ):
                for item in data.get(key, []):
                    item["type"] = typ
            nodes.append(data)
        if self.product is not None:
            app["product"] = self.product.id
            p = self.product.model_dump(mode="json", exclude_none=True, exclude={"indicators", "certificate"})
            p["type"] = "Product"
            if self.product.claims:
                p["claims"] = self._iri(self.product.claims)
            p["indicators"] = [self._value(v) for v in self.product.indicators]
            if self.product.certificate is not None:
                p["certificate"] = {
                    "type": "RegistrationCertificate",
                    **self.product.certificate.model_dump(mode="json", exclude_none=True),
                }
            nodes.append(p)
        if self.project_leader is not None:
            app["project_leader"] = self.project_leader.id
            nodes.append({"type": "Person", **self.project_leader.model_dump(mode="json", exclude_none=True)})
        ctx = dict(context()["@context"])
        ctx["@base"] = base
        return {"@context": ctx, "@graph": nodes}

    def to_graph(self, base: str = "https://example.org/applicant/") -> Graph:
        """The application as RDF in the medpolicy vocabulary (no network: the context is inline)."""
        return Graph().parse(data=json.dumps(self.to_jsonld(base), ensure_ascii=False), format="json-ld")


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The bundled JSON-LD context of the applicant vocabulary."""
    data: dict[str, Any] = json.loads((kb_root() / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    return data
