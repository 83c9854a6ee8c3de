"""A starter applicant file for a policy: every fact its shapes read and every value its clauses need.

The values are left to fill in: numbers are absent and yes/no answers are ``false``, so an unfilled
template fails validation and says what is missing — it never passes by accident.
"""

from __future__ import annotations

import re

from rdflib import OWL, RDF, RDFS, Graph

from medpolicy.applicability import Applicability
from medpolicy.kb import KnowledgeBase, local_name
from medpolicy.models import Clause, Parameter
from medpolicy.namespaces import MP, SH

__all__ = ["template_turtle", "shape_fields"]

PREFIXES = """@prefix mp:   <https://w3id.org/medpolicy/ontology#> .
@prefix mpx:  <https://w3id.org/medpolicy/taxonomy/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix cccev: <http://data.europa.eu/m8g/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix :     <https://example.org/my-application/> .
"""


def shape_fields(shapes: Graph, ontology: Graph) -> list[str]:
    """The applicant-side vocabulary properties a shapes graph reads (in ``sh:path`` or in SPARQL)."""
    found: set[str] = set()
    for path in shapes.objects(None, SH.path):
        if str(path).startswith(str(MP)):
            found.add(local_name(path))
    for query in shapes.objects(None, SH.select):
        found.update(re.findall(r"\bmp:([a-z][A-Za-z]+)", str(query)))
    policy_side = {MP.Clause, MP.Parameter, MP.PolicyDocument}
    return sorted(
        f
        for f in found
        if (MP[f], RDF.type, OWL.ObjectProperty) in ontology or (MP[f], RDF.type, OWL.DatatypeProperty) in ontology
        if ontology.value(MP[f], RDFS.domain) not in policy_side
    )


def _comment(text: str) -> str:
    return " ".join(text.split())


def _value_block(p: Parameter, lang: str) -> str:
    subject = p.subject if lang == "zh" else (p.subject_en or p.subject)
    need = f"{p.comparator} {p.value} {p.unit}".strip()
    head = f"    mp:commitment [ mp:forParameter <{p.id}> ;  # {subject}: {need}"
    if p.comparator == "bool":
        return head + "\n        mp:booleanValue false ]"
    unit = p.unit_code or ""
    return head + f'\n        # mp:numericValue  ;   (fill in, in {unit or "no unit"})\n        mp:unitCode "{unit}" ]'


def _wanted(kb: KnowledgeBase, policy: str, scope: str | None) -> list[Clause]:
    """Clauses checked from values the applicant gives (no shape of their own reads unit facts)."""
    shaped = kb.shaped_clauses(policy)
    applicability = Applicability(kb, policy, [scope] if scope else [])
    return [
        c
        for c in kb.clauses(policy)
        if c.check == "shape" and c.id not in shaped and c.parameters and c.kind != "scope" and applicability.applies(c)
    ]


def template_turtle(policy: str, scope: str | None = None, lang: str = "zh", kb: KnowledgeBase | None = None) -> str:
    kb = kb or KnowledgeBase.default()
    doc = kb.policy(policy)
    fields = shape_fields(kb.shapes_graph(policy), kb.ontology)
    zh = lang == "zh"
    lines = [
        f"# {'申报数据模板' if zh else 'Applicant template'}: {doc.title}",
        f"# medpolicy template --policy {policy}" + (f" --for {local_name(scope)}" if scope else ""),
        "# "
        + ("填写后运行：" if zh else "Fill in, then run: ")
        + f"medpolicy validate THIS_FILE.ttl --policy {policy}",
        "# " + ("本政策形状读取的字段：" if zh else "fields this policy's shapes read: ") + ", ".join(fields),
        "",
        PREFIXES,
        ":application a mp:Application ;",
        '    rdfs:label "（项目名称）"@zh ;',
        f"    mp:forPolicy <{doc.iri}> ;",
    ]
    if scope:
        lines.append(f"    mp:appliesFor <{scope}> ;")
    lines += [
        "    mp:consortium :consortium ;",
        "    mp:product :product ;",
        "    mp:projectLeader :leader ;",
    ]
    for clause in _wanted(kb, policy, scope):
        lines.append(f"    # {clause.section} “{_comment(clause.text)[:80]}”")
        for p in clause.parameters:
            lines.append(_value_block(p, lang) + " ;")
    lines[-1] = lines[-1].rstrip(" ;") + " ."
    lines += [
        "",
        ":consortium a mp:Consortium ;",
        "    mp:leadUnit :lead ;          # or mp:leadManufacturer / mp:leadHospital",
        "    mp:participant :partner1 .",
        "",
    ]
    for unit in ("lead", "partner1"):
        lines += [
            f":{unit} a mp:Unit ;",
            '    rdfs:label "（单位名称）"@zh ;',
            '    mp:creditCode "（统一社会信用代码）" ;',
            "    mp:organisationType mpx:enterprise ;   # mpx:hospital, mpx:university, mpx:research-institute",
            "    mp:isLegalPerson false ;",
            "    mp:registeredInChina false ;",
            '    mp:province "（省份）"@zh .',
            "",
        ]
    lines += [
        ":product a mp:Product ;",
        '    rdfs:label "（产品名称）"@zh .',
        "",
        ":leader a mp:Person ;",
        '    rdfs:label "（姓名）"@zh ;',
        '    mp:birthDate "1970-01-01"^^xsd:date ;',
        "    mp:seniorTitle false .",
        "",
    ]
    return "\n".join(lines)
