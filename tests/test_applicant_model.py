"""One applicant model: the pydantic model, the JSON-LD context, the vocabulary and the shapes agree.

Every field of the model is a context term; every context term names a term of the vocabulary; every
applicant-side property of the vocabulary, and every property a shape reads, can be said in JSON; and each
bundled example, converted to the JSON model, gets the same verdict on every clause — in a fresh process.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from medpolicy.applicant.model import Application, context
from medpolicy.applicant.rdf import from_graph
from medpolicy.applicant.schema import STRUCTURAL, term_iris
from medpolicy.io.inputs import read_graph
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.kb.vocabulary import set_by_validator
from medpolicy.validation.run import validate
from tests.conftest import NOTICES, ROOT

APPLICANT_CLASSES = {
    MP[c]
    for c in (
        "Application Proposal Consortium Unit Person Product RegistrationCertificate ParameterValue RdFigure "
        "ResearchProject RdInstitution Standard IntellectualProperty Incident DishonestyRecord Evidence"
    ).split()
}
POLICY_CLASSES = {MP.PolicyDocument, MP.Clause, MP.Parameter, MP.Regulation}
# annotations of shapes and parameters, never said by an applicant
SHAPE_TERMS = {MP.clause, MP.thresholdParameter, MP.checksParameters, MP.token, MP.emptyTargetPasses, MP.readingName}
# the witness generator's annotations of shapes (docs/witness.md)
SHAPE_TERMS |= {MP.witness, MP.turtle, MP.repeat, MP.miss, MP.witnessAsOf}
# fields that shape the model rather than name a term (see medpolicy.applicant_schema.STRUCTURAL)
NOT_TERMS = {"kind", "units", "consortium_name", "consortium_name_en"}
EXAMPLES = sorted(p for pid in NOTICES for p in (ROOT / "examples" / pid).glob("*.ttl"))


def _models(cls: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[type[BaseModel]]:
    seen = seen if seen is not None else set()
    if cls in seen:
        return seen
    seen.add(cls)
    for field in cls.model_fields.values():
        for arg in [field.annotation, *_args(field.annotation)]:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                _models(arg, seen)
    return seen


def _args(annotation: object) -> list[object]:
    out: list[object] = []
    for arg in typing.get_args(annotation):
        out += [arg, *_args(arg)]
    return out


def _fields() -> set[str]:
    return {name for model in _models(Application) for name in model.model_fields}


@pytest.fixture(scope="module")
def ontology(kb: KnowledgeBase) -> Graph:
    return kb.ontology


def _applicant_side(ontology: Graph) -> set[URIRef]:
    props = {
        p
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
        for p in ontology.subjects(RDF.type, t)
        if isinstance(p, URIRef) and str(p).startswith(str(MP))
    }
    out = set()
    for p in props - SHAPE_TERMS:
        domains = set(ontology.objects(p, RDFS.domain))
        if not domains & POLICY_CLASSES:
            out.add(p)
    return out


def _said(iris: set[str], ontology: Graph, prop: URIRef) -> bool:
    """Said in JSON: the property itself, or one of its sub-properties (mp:member through the lead roles)."""
    subs = {str(s) for s in ontology.subjects(RDFS.subPropertyOf, prop)}
    return str(prop) in iris or bool(subs & iris)


def test_every_field_is_a_context_term() -> None:
    terms = set(context()["@context"])
    assert sorted(_fields() - terms - NOT_TERMS) == []
    assert NOT_TERMS <= set(STRUCTURAL)


def test_every_context_term_is_in_the_vocabulary(ontology: Graph) -> None:
    defined = set(ontology.subjects()) | {RDFS.label}
    missing = sorted(t for t, iri in term_iris().items() if URIRef(iri) not in defined)
    assert missing == []


def test_every_context_term_is_a_field_or_a_type_or_a_value(ontology: Graph) -> None:
    """No term of the context is dead: it is a field, a class, or a concept an enumerated field allows."""
    allowed = {
        str(a)
        for model in _models(Application)
        for field in model.model_fields.values()
        for a in _args(field.annotation)
        if isinstance(a, str)
    }
    classes = {t for t, iri in term_iris().items() if (URIRef(iri), RDF.type, OWL.Class) in ontology}
    links = {"consortium"}  # the application's link to its consortium node, written by Application.to_jsonld
    dead = sorted(set(term_iris()) - _fields() - classes - allowed - links)
    assert dead == []


def test_enumerations_match_the_taxonomies(ontology: Graph) -> None:
    iris = term_iris()
    for model in _models(Application):
        for name, field in model.model_fields.items():
            values = {a for a in _args(field.annotation) if isinstance(a, str)}
            if not values or name == "kind":  # the kinds are classes, not concepts
                continue
            schemes = {s for v in values for s in ontology.objects(URIRef(iris[v]), SKOS.inScheme)}
            assert len(schemes) == 1, (model.__name__, name, schemes)
            members = {str(c) for c in ontology.subjects(SKOS.inScheme, next(iter(schemes)))}
            assert {iris[v] for v in values} == members, (model.__name__, name)


def test_every_applicant_property_of_the_vocabulary_can_be_said_in_json(ontology: Graph) -> None:
    iris = set(term_iris().values())
    unsaid = sorted(
        str(p) for p in _applicant_side(ontology) - set_by_validator(ontology) if not _said(iris, ontology, p)
    )
    assert unsaid == []


def _read_by_shapes(kb: KnowledgeBase) -> set[URIRef]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in [*(ROOT / "shapes").glob("*.ttl")])
    text += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "policies").glob("*/shapes.ttl"))
    return {MP[m] for m in re.findall(r"\bmp:([A-Za-z]\w*)", text)}


def test_every_property_a_shape_reads_can_be_said_in_json(kb: KnowledgeBase, ontology: Graph) -> None:
    iris = set(term_iris().values())
    read = _read_by_shapes(kb)
    assert sorted(str(t) for t in read if (t, None, None) not in ontology) == []  # every term is defined
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    props = {p for p in read if any((p, RDF.type, k) in ontology for k in kinds)}
    applicant = props & _applicant_side(ontology)
    assert {MP.rdInstitution, MP.intellectualProperty, MP.province, MP.dishonestyRecord} <= applicant
    assert {MP.incidentKind, MP.centralFunds, MP.localFiscalFunds, MP.institutionKind} <= applicant
    unsaid = sorted(str(p) for p in applicant - set_by_validator(ontology) if not _said(iris, ontology, p))
    assert unsaid == []
    # what is not applicant-side is the policy's own description or the shapes' annotations
    unknown = sorted(str(p) for p in props - applicant - SHAPE_TERMS if not set(ontology.objects(p, RDFS.domain)))
    assert unknown == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_examples_convert_to_the_model_without_loss(path: Path) -> None:
    application, left = from_graph(read_graph(path))
    assert left == []
    assert application.units


def _as_of(path: Path) -> str:
    match = re.search(r"^# as-of: (\S+)", path.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else "2025-10-15"


# a fresh interpreter per file costs ~8 s: the passing example of each notice, and rd_2019's 5.2.1 direction
PASSING = [p for p in EXAMPLES if p.stem == "pass" or p.name == "pass-d5-2-1.ttl"]
# one failing example per notice in process (a validation costs ~2.5 s); all of them convert without loss above
FAILING = [next(p for p in EXAMPLES if p.parent.name == pid and p.stem.startswith("fail")) for pid in NOTICES]


@pytest.mark.parametrize("path", PASSING, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example_as_plain_json_gets_the_same_verdict_in_a_fresh_process(
    path: Path, tmp_path: Path, kb: KnowledgeBase
) -> None:
    application, _ = from_graph(read_graph(path))
    plain = tmp_path / f"{path.stem}.json"
    plain.write_text(application.model_dump_json(exclude_none=True, indent=1), encoding="utf-8")
    assert "@context" not in plain.read_text(encoding="utf-8")
    as_of = _as_of(path)
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", "validate", str(plain), "--policy", application.policy]
        + ["--as-of", as_of, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr + done.stdout[:2000]
    from_json = {r["clause"]: r["status"] for r in json.loads(done.stdout)["results"]}
    turtle = validate(path, application.policy, as_of=dt.date.fromisoformat(as_of), kb=kb)
    assert from_json == {r.clause: r.status for r in turtle.results}


@pytest.mark.parametrize("path", FAILING, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_failing_example_as_json_fails_the_same_clauses(path: Path, kb: KnowledgeBase) -> None:
    application, _ = from_graph(read_graph(path))
    as_of = dt.date.fromisoformat(_as_of(path))
    a = validate(path, application.policy, as_of=as_of, kb=kb)
    b = validate(application.to_graph(), application.policy, as_of=as_of, kb=kb)
    assert [r.clause for r in a.failed] == [r.clause for r in b.failed] and a.failed
    assert {r.clause: r.status for r in a.results} == {r.clause: r.status for r in b.results}


def test_schema_has_chinese_and_english_titles() -> None:
    done = subprocess.run([sys.executable, "-m", "medpolicy", "schema"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for name, model in [("Application", data), *data["$defs"].items()]:
        assert cjk.search(model["title"]) and re.search("[a-z]", model["title"]), name
        for field, prop in model["properties"].items():
            assert cjk.search(prop["x-title-zh"]) and not cjk.search(prop["x-title-en"]), (name, field)
            assert prop["title"] == f"{prop['x-title-zh']} / {prop['x-title-en']}", (name, field)
    funds = data["properties"]["central_funds"]
    assert funds["x-iri"] == str(MP.centralFunds) and "万元" in funds["x-description-zh"]


def test_the_bundled_json_example_is_the_turtle_example() -> None:
    """examples/chongqing/pass.json is pass.ttl in the JSON model: the two cannot drift apart."""
    application, _ = from_graph(read_graph(ROOT / "examples" / "chongqing" / "pass.ttl"))
    bundled = Application.model_validate_json((ROOT / "examples" / "chongqing" / "pass.json").read_text("utf-8"))
    assert bundled == application
