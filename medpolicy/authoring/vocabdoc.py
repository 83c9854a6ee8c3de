"""Generate ``docs/vocabulary.md`` from the ontology (``python -m medpolicy.authoring.vocabdoc > docs/vocabulary.md``).

A test checks the committed file equals the generated one, so the reference cannot drift from the ontology.
"""

from __future__ import annotations

import sys

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase, kb_root
from medpolicy.kb.terms import local_name, term_label
from medpolicy.kb.vocabulary import consortium_roles, set_by_validator, single_valued

POLICY_SIDE = {"PolicyDocument", "Regulation", "Clause", "Parameter", "ClauseKind", "CheckMode"}

INTRO = """# The medpolicy vocabulary

Namespace `mp:` = `https://w3id.org/medpolicy/ontology#` (file `ontology/medpolicy.ttl`). It reuses ELI
(documents and their parts), CCCEV (requirements and evidence), W3C ORG (organisations, memberships),
QUDT (quantities), SKOS (topics, taxonomies), PROV-O and DCTERMS; `mp:` holds only what those lack.
Taxonomies (`mpx:` = `https://w3id.org/medpolicy/taxonomy/`): equipment areas of the 14th plan, product
families, organisation types, hospital grades, levels, recognitions (`ontology/taxonomies.ttl`); the shared
topic scheme is `ontology/topics.ttl`.

This file is generated from the ontology by `python -m medpolicy.authoring.vocabdoc`.

## The applicant side: the exchange format

An applicant graph has one `mp:Application` (or `mp:Proposal` for a research programme) with:

- `mp:forPolicy` the policy document, `mp:appliesFor` the product, scenario or direction clause applied for;
- `mp:consortium` → `mp:Consortium` with its roles (all sub-properties of `mp:member`)
  {roles} → `mp:Unit`s and their facts;
- `mp:product` → `mp:Product` with `mp:registrationCertificate` and `mp:indicatorValue`s;
- `mp:commitment`s: a `mp:ParameterValue` per parameter of a clause the applicant answers (a committed
  figure, a yes/no declaration, a proposal's target) — `mp:forParameter` names the parameter of the notice;
  `mp:numericValue` + `mp:unitCode` (any pint unit that converts: `1500` `mT` for a `≥1.5T` threshold), or
  `mp:booleanValue`, or `mp:textValue`;
- `mp:providesEvidence` → `mp:Evidence` (a `cccev:Evidence`) with `mp:supportsClause` and `mp:location`:
  where the proof of a clause is in the application documents (fills the 证明材料索引 of the index table).

`medpolicy template --policy ID --for CLAUSE` writes a starter file with every value a policy needs;
`medpolicy schema` prints the JSON Schema of the same model for tools that do not speak RDF
(`medpolicy.applicant`, JSON-LD context `ontology/context.jsonld`).
"""


def _label(kb: KnowledgeBase, node: Node, prop: URIRef, lang: str) -> str:
    return " ".join((term_label(kb.ontology, node, lang, (prop,)) or "").split())


def _curie(node: object) -> str:
    if node is None:
        return ""
    text = str(node)
    for prefix, ns in (
        ("mp", "https://w3id.org/medpolicy/ontology#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("rdf", str(RDF)),
        ("eli", "http://data.europa.eu/eli/ontology#"),
        ("cccev", "http://data.europa.eu/m8g/"),
        ("org", "http://www.w3.org/ns/org#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("qudt", "http://qudt.org/schema/qudt/"),
        ("dcterms", "http://purl.org/dc/terms/"),
        ("rdfs", str(RDFS)),
    ):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


def _side(kb: KnowledgeBase, node: object) -> str:
    name = local_name(node)
    if name in POLICY_SIDE:
        return "policy"
    domain = kb.ontology.value(node, RDFS.domain)  # type: ignore[arg-type]
    return "policy" if domain is not None and local_name(domain) in POLICY_SIDE else "applicant"


def _marks(g: Graph, prop: URIRef, single: set[URIRef], derived: set[URIRef]) -> str:
    """What the ontology's annotations say of a property: one value per node, set by the validator."""
    marks = [m for m, on in (("one value", prop in single), ("set by the validator", prop in derived)) if on]
    return f" *({'; '.join(marks)})*" if marks else ""


def generate(kb: KnowledgeBase | None = None) -> str:
    kb = kb or KnowledgeBase.default()
    g = kb.ontology
    single, derived = single_valued(g), set_by_validator(g)
    roles = ", ".join(f"`{_curie(r.prop)}`" for r in consortium_roles(g))
    out = [INTRO.replace("{roles}", roles)]
    classes = sorted((c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(MP))), key=str)
    props = sorted(
        (
            p
            for t in (OWL.ObjectProperty, OWL.DatatypeProperty)
            for p in g.subjects(RDF.type, t)
            if str(p).startswith(str(MP))
        ),
        key=str,
    )
    for side, title in (("applicant", "Applicant side"), ("policy", "Policy side")):
        out += [f"## {title}: classes", "", "| class | 中文 | subclass of | definition |", "|---|---|---|---|"]
        for c in classes:
            if _side(kb, c) == side:
                sup = ", ".join(_curie(s) for s in g.objects(c, RDFS.subClassOf))
                out.append(
                    f"| `{_curie(c)}` ({_label(kb, c, RDFS.label, 'en')}) | {_label(kb, c, RDFS.label, 'zh')} "
                    f"| {sup} | {_label(kb, c, SKOS.definition, 'en')} |"
                )
        out += [
            "",
            f"## {title}: properties",
            "",
            "| property | 中文 | domain → range | definition |",
            "|---|---|---|---|",
        ]
        for p in props:
            if _side(kb, p) == side:
                rng = f"{_curie(g.value(p, RDFS.domain)) or '—'} → {_curie(g.value(p, RDFS.range)) or '—'}"
                out.append(
                    f"| `{_curie(p)}` | {_label(kb, p, RDFS.label, 'zh')} | {rng} "
                    f"| {_label(kb, p, SKOS.definition, 'en')}{_marks(g, p, single, derived)} |"
                )
        out.append("")
    out += ["## Annotations of the vocabulary", "", "| annotation | 中文 | definition |", "|---|---|---|"]
    for a in sorted((a for a in g.subjects(RDF.type, OWL.AnnotationProperty) if str(a).startswith(str(MP))), key=str):
        out.append(f"| `{_curie(a)}` | {_label(kb, a, RDFS.label, 'zh')} | {_label(kb, a, SKOS.definition, 'en')} |")
    out.append("")
    passing = sorted((kb_root().parent / "examples").glob("*/pass.ttl"))
    example = passing[0] if passing else None
    if example is not None:
        name = example.relative_to(kb_root().parent).as_posix()
        out += [
            "## A complete worked example",
            "",
            f"`{name}` — validate it with `medpolicy validate {name} --policy {example.parent.name} --lang en`:",
            "",
            "```turtle",
            example.read_text(encoding="utf-8").rstrip(),
            "```",
            "",
        ]
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(generate())
