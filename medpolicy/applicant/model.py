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

from medpolicy.errors import InputError
from medpolicy.kb.namespaces import POLICY
from medpolicy.kb.store import kb_root

__all__ = [
    "Application",
    "Certificate",
    "DishonestyRecord",
    "EvidenceItem",
    "Incident",
    "IntellectualProperty",
    "Person",
    "Product",
    "RdFigure",
    "RdInstitution",
    "ResearchProject",
    "Standard",
    "Unit",
    "Value",
    "context",
]

Level = Literal["national", "provincial", "municipal", "industry", "enterprise-level"]
OrgType = Literal[
    "enterprise",
    "hospital",
    "university",
    "research-institute",
    "association",
    "third-party",
    "authority",
]
Grade = Literal["grade-3a", "grade-3b", "grade-3", "grade-2", "grade-1"]
Recognition = Literal["little-giant", "single-champion", "high-tech"]
EnterpriseKind = Literal["core-component-manufacturer", "complete-machine-manufacturer", "service-rd-enterprise"]

# Every field name below is a term of ontology/context.jsonld, which maps it to a term of ontology/medpolicy.ttl;
# tests/test_applicant_model.py holds the four together, and `medpolicy schema` takes the zh/en titles and
# descriptions of the JSON Schema from the vocabulary's labels and definitions.


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Item(_Model):
    id: str | None = Field(
        default=None, description="optional key: the same key in two places is one thing (e.g. a shared project)"
    )
    name: str
    name_en: str | None = None


class Value(_Model):
    """A value for one parameter of a clause: a number with its unit, a yes/no answer, or a text."""

    parameter: str = Field(description="parameter IRI or local id, e.g. a1-p02-i2-p1")
    value: Decimal | None = None
    unit: str | None = Field(default=None, description="unit code in pint syntax, e.g. mT, ns, percent")
    answer: bool | None = None
    text: str | None = None
    date_value: dt.date | None = Field(default=None, description="a date, e.g. when a certificate was obtained")
    min_value: Decimal | None = Field(default=None, description="lower end of a range the product covers")
    max_value: Decimal | None = Field(default=None, description="upper end of a range the product covers")


class RdFigure(_Model):
    year: int
    rd_investment: Decimal = Field(description="R&D investment of the year, 万元")
    sales_revenue: Decimal = Field(description="sales revenue of the year, 万元")


class ResearchProject(_Item):
    level: Level
    year: int
    related_to_field: bool | None = Field(default=None, description="not given is not counted as related")


class Standard(_Item):
    level: Level
    year: int | None = None
    related_to_field: bool | None = None


class RdInstitution(_Item):
    level: Level
    institution_kind: str | None = Field(default=None, description="the kind, as the notice lists it")


class IntellectualProperty(_Item):
    related_to_field: bool | None = None


class Incident(_Item):
    incident_date: dt.date | None = Field(
        default=None, description="an incident without a date cannot be placed outside a window: it counts"
    )
    major: bool
    incident_kind: str | None = Field(default=None, description="e.g. quality, safety, environmental")


class DishonestyRecord(_Item):
    """Any record fails the clauses that exclude dishonest conduct; list each one."""


class Unit(_Model):
    id: str = Field(description="a short key for the unit, unique in the application")
    name: str
    name_en: str | None = None
    credit_code: str | None = Field(default=None, description="统一社会信用代码")
    organisation_type: OrgType
    enterprise_kinds: list[EnterpriseKind] = []
    level: Level | None = Field(default=None, description="the level of a medical institution, e.g. provincial")
    province: str | None = Field(default=None, description="in Chinese, e.g. 重庆")
    province_en: str | None = None
    legal_person: bool
    registered_in_china: bool
    hospital_grade: Grade | None = None
    industry_rank: int | None = None
    recognitions: list[Recognition] = []
    rd_figures: list[RdFigure] = []
    research_projects: list[ResearchProject] = []
    rd_institutions: list[RdInstitution] = []
    standards: list[Standard] = []
    intellectual_property: list[IntellectualProperty] = []
    incidents: list[Incident] = []
    dishonesty_records: list[DishonestyRecord] = []


class Person(_Model):
    id: str = "leader"
    name: str
    name_en: str | None = None
    birth_date: dt.date | None = None
    senior_title: bool | None = None


class Certificate(_Model):
    id: str | None = None
    name: str | None = None
    name_en: str | None = None
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
    manufacturer: str | None = Field(default=None, description="the id of the unit that makes the product")
    intended_registrant: str | None = None
    selected_variant: str | None = None
    indicators: list[Value] = []


class EvidenceItem(_Model):
    id: str | None = None
    clause: str | None = Field(default=None, description="the clause it supports (or list several in clauses)")
    clauses: list[str] = []
    title: str
    title_en: str | None = None
    location: str | None = None


class Application(_Model):
    """An application (or a project proposal) under one policy."""

    id: str = "application"
    kind: Literal["Application", "Proposal"] = "Application"
    policy: str = Field(description="policy id: a folder name under policies/")
    name: str
    name_en: str | None = None
    applies_for: list[str] = []
    province: str | None = Field(default=None, description="the province that recommends the application")
    province_en: str | None = None
    submitted_on: dt.date | None = None
    recommended: bool | None = None
    recommended_on: dt.date | None = None
    consortium_name: str | None = None
    consortium_name_en: str | None = None
    lead_manufacturer: str | None = None
    lead_hospital: str | None = None
    lead_unit: str | None = None
    participants: list[str] = []
    units: list[Unit]
    product: Product | None = None
    project_leader: Person | None = None
    subtopic_count: int | None = None
    central_funds: Decimal | None = Field(default=None, description="central fiscal funds applied for, 万元")
    local_fiscal_funds: Decimal | None = Field(default=None, description="local fiscal funds, 万元")
    unit_funds: Decimal | None = Field(default=None, description="the units' own funds, 万元")
    social_funds: Decimal | None = Field(default=None, description="funds from social channels, 万元")
    commitments: list[Value] = []
    evidence: list[EvidenceItem] = []

    def _iri(self, local: str) -> str:
        return local if "://" in local else f"{POLICY}{self.policy}/{local}"

    def _value(self, v: Value) -> dict[str, Any]:
        data: dict[str, Any] = {"type": "ParameterValue", "parameter": self._iri(v.parameter)}
        for key in ("value", "min_value", "max_value", "date_value"):
            if getattr(v, key) is not None:
                data[key] = str(getattr(v, key))
        for key in ("unit", "answer", "text"):
            if getattr(v, key) is not None:
                data[key] = getattr(v, key)
        return data

    def to_jsonld(self, base: str = "https://example.org/applicant/") -> dict[str, Any]:
        """The application as a JSON-LD document using the bundled context.

        Each field becomes the context term of the same name; the consortium's fields (``consortium_name``,
        the lead roles, ``participants``), the units, the product and the project leader become nodes of
        their own, and clause or parameter ids become IRIs of the policy.
        """
        nodes: list[dict[str, Any]] = []
        consortium: dict[str, Any] = {"id": "consortium", "type": "Consortium", "participants": self.participants}
        for role in ("lead_manufacturer", "lead_hospital", "lead_unit"):
            if getattr(self, role):
                consortium[role] = getattr(self, role)
        for key, term in (("consortium_name", "name"), ("consortium_name_en", "name_en")):
            if getattr(self, key):
                consortium[term] = getattr(self, key)
        app: dict[str, Any] = self.model_dump(mode="json", exclude_none=True, exclude=_NOT_ON_APPLICATION)
        app.update(
            {
                "type": self.kind,
                "policy": f"{POLICY}{self.policy}/notice",
                "applies_for": [self._iri(a) for a in self.applies_for],
                "consortium": "consortium",
                "commitments": [self._value(v) for v in self.commitments],
                "evidence": [self._evidence(e) for e in self.evidence],
            }
        )
        nodes += [app, consortium]
        for unit in self.units:
            data = unit.model_dump(mode="json", exclude_none=True)
            data["type"] = "Unit"
            for key, typ in _ITEM_TYPES.items():
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

    def _evidence(self, e: EvidenceItem) -> dict[str, Any]:
        data: dict[str, Any] = e.model_dump(mode="json", exclude_none=True, exclude={"clause", "clauses"})
        data["type"] = "Evidence"
        data["clauses"] = [self._iri(c) for c in ([e.clause] if e.clause else []) + e.clauses]
        return data

    def to_graph(self, base: str = "https://example.org/applicant/") -> Graph:
        """The application as RDF in the medpolicy vocabulary (no network: the context is inline).

        Raises :class:`~medpolicy.errors.InputError` when an id or the policy does not make a valid IRI."""
        try:
            return Graph().parse(data=json.dumps(self.to_jsonld(base), ensure_ascii=False), format="json-ld")
        except ValueError as exc:  # rdflib refuses IRIs with control or unpaired characters
            raise InputError(f"an id or the policy does not make a valid IRI: {exc}", where="id") from exc


_NOT_ON_APPLICATION = {
    "kind",
    "consortium_name",
    "consortium_name_en",
    "lead_manufacturer",
    "lead_hospital",
    "lead_unit",
    "participants",
    "units",
    "product",
    "project_leader",
    "commitments",
    "evidence",
}
_ITEM_TYPES = {
    "rd_figures": "RdFigure",
    "research_projects": "ResearchProject",
    "rd_institutions": "RdInstitution",
    "standards": "Standard",
    "intellectual_property": "IntellectualProperty",
    "incidents": "Incident",
    "dishonesty_records": "DishonestyRecord",
}


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The bundled JSON-LD context of the applicant vocabulary."""
    data: dict[str, Any] = json.loads((kb_root() / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    return data
