"""``medpolicy schema``: the JSON Schema of the applicant model, titled and described in Chinese and English.

The titles and descriptions are not written twice: each field is the JSON-LD context term of the same name
(``ontology/context.jsonld``), which names a term of the vocabulary (``ontology/medpolicy.ttl``), whose
``rdfs:label`` and ``skos:definition`` in zh and en become ``title`` (``中文 / English``), ``description``
and the extension keys ``x-title-zh``, ``x-title-en``, ``x-description-zh``, ``x-description-en`` and ``x-iri``.
A note of the model itself (a unit such as 万元, an example) is kept after the definitions.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from medpolicy.applicant.model import Application, context
from medpolicy.kb.store import KnowledgeBase

__all__ = ["STRUCTURAL", "schema", "term_iris"]

# fields that are the model's structure rather than a term of the vocabulary: (zh title, en title, en description)
STRUCTURAL: dict[str, tuple[str, str, str]] = {
    "id": ("标识", "key", "a short key, unique in the application; references to this node use it"),
    "kind": ("申报类型", "kind", "Application, or Proposal for a project proposal under a research programme"),
    "name": ("名称", "name", "the name in Chinese"),
    "name_en": ("英文名称", "English name", "the name in English"),
    "title": ("标题", "title", "the title in Chinese"),
    "title_en": ("英文标题", "English title", "the title in English"),
    "province_en": ("省份（英文）", "province (English)", "the province in English"),
    "consortium_name": ("联合体名称", "consortium name", "the consortium's name in Chinese"),
    "consortium_name_en": ("联合体英文名称", "consortium name (English)", "the consortium's name in English"),
    "clause": ("支撑条款", "clause supported", "one clause this evidence supports (id or IRI)"),
    "units": ("单位", "units", "every unit of the application: leads, participants and others"),
}


def term_iris() -> dict[str, str]:
    """Context term → the full IRI it stands for (properties, classes and taxonomy concepts)."""
    ctx = context()["@context"]
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    out: dict[str, str] = {}
    for term, spec in ctx.items():
        if term.startswith("@") or term in prefixes:
            continue
        ref = spec if isinstance(spec, str) else spec.get("@id", "") if isinstance(spec, dict) else ""
        prefix, _, local = ref.partition(":")
        if ref.startswith("@"):
            continue
        out[term] = prefixes[prefix] + local if prefix in prefixes else ref
    return out


def _text(graph: Graph, iri: str, prop: URIRef, lang: str) -> str:
    return next((str(o) for o in graph.objects(URIRef(iri), prop) if getattr(o, "language", None) == lang), "")


def _describe(node: dict[str, Any], name: str, iris: dict[str, str], graph: Graph) -> None:
    note = node.pop("description", "")
    iri = iris.get(name)
    if name in STRUCTURAL or iri is None or iri == str(RDFS.label):
        zh, en, en_desc = STRUCTURAL.get(name, (name, name, ""))
        zh_desc = ""
    else:
        zh, en = _text(graph, iri, RDFS.label, "zh"), _text(graph, iri, RDFS.label, "en")
        zh_desc, en_desc = _text(graph, iri, SKOS.definition, "zh"), _text(graph, iri, SKOS.definition, "en")
        node["x-iri"] = iri
    node["title"] = f"{zh} / {en}" if zh and en else zh or en or name
    node["x-title-zh"], node["x-title-en"] = zh or name, en or name
    if zh_desc:
        node["x-description-zh"] = zh_desc
    if en_desc:
        node["x-description-en"] = en_desc
    parts = [p for p in (zh_desc, en_desc, f"({note})" if note else "") if p]
    if parts:
        node["description"] = " ".join(parts)


def schema(kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The JSON Schema of :class:`~medpolicy.applicant.Application` with zh/en titles from the vocabulary."""
    graph = (kb or KnowledgeBase.default()).ontology
    iris = term_iris()
    data = Application.model_json_schema()
    classes = {"Certificate": "RegistrationCertificate", "EvidenceItem": "Evidence", "Value": "ParameterValue"}
    for model_name, model in [("Application", data), *data.get("$defs", {}).items()]:
        cls_iri = iris.get(classes.get(model_name, model_name))
        if cls_iri:
            zh, en = _text(graph, cls_iri, RDFS.label, "zh"), _text(graph, cls_iri, RDFS.label, "en")
            model["title"] = f"{zh} / {en}" if zh and en else model_name
            model["x-iri"] = cls_iri
            doc = model.pop("description", "")
            zh_desc = _text(graph, cls_iri, SKOS.definition, "zh")
            en_desc = _text(graph, cls_iri, SKOS.definition, "en")
            model["description"] = " ".join(p for p in (zh_desc, en_desc, f"({doc})" if doc else "") if p)
        for name, prop in model.get("properties", {}).items():
            _describe(prop, name, iris, graph)
    return data
