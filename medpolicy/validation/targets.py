"""Which clause-tied shapes found nothing to check: absence of data is never a pass.

A shape tied to a clause (``mp:clause``) whose targets select no focus node in the applicant's data did not
check anything: the facts it reads were not provided. Unless the shape says that an empty target is the
compliant state (``mp:emptyTargetPasses true``: no incident, no dishonesty record), its clause fails as
"not provided". The targets are evaluated as SHACL defines them (``sh:targetClass``, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` and SPARQL-based targets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal
from rdflib.term import Node

from medpolicy.kb.namespaces import MP, SH
from medpolicy.kb.terms import local_name, term_label

__all__ = ["EmptyTarget", "empty_targets"]


@dataclass(frozen=True)
class EmptyTarget:
    """A shape tied to ``clause`` that had no focus node; ``what`` names the missing facts (zh, en)."""

    clause: str
    shape: str
    what_zh: str
    what_en: str


def _label(ontology: Graph, term: Node, lang: str) -> str:
    return term_label(ontology, term, lang) or local_name(term)


def _has_focus(shapes: Graph, shape: Node, data: Graph) -> bool | None:
    """Whether the shape's targets select a focus node; None when the shape declares no target."""
    declared = False
    selectors: tuple[tuple[Node, Callable[[Node], Iterable[object]]], ...] = (
        (SH.targetClass, lambda cls: data.subjects(RDF.type, cls)),
        (SH.targetNode, lambda node: data.predicate_objects(node)),
        (SH.targetSubjectsOf, lambda prop: data.subject_objects(prop)),
        (SH.targetObjectsOf, lambda prop: data.subject_objects(prop)),
    )
    for kind, select_in_data in selectors:
        for term in shapes.objects(shape, kind):
            declared = True
            if next(iter(select_in_data(term)), None) is not None:
                return True
    for target in shapes.objects(shape, SH.target):
        declared = True
        select = shapes.value(target, SH.select)
        if select is None:
            return True  # a target type we do not evaluate: assume it selected something
        if len(data.query(_with_prefixes(shapes, target, str(select)))) > 0:
            return True
    return False if declared else None


def _with_prefixes(shapes: Graph, holder: Node, query: str) -> str:
    lines = []
    for source in shapes.objects(holder, SH.prefixes):
        for decl in shapes.objects(source, SH.declare):
            prefix, namespace = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines + [query])


def _what(shapes: Graph, ontology: Graph, shape: Node) -> tuple[str, str]:
    """The facts a shape reads, named by its target (``牵头医疗机构 (mp:leadHospital)``) or its label."""
    terms = [
        *shapes.objects(shape, SH.targetObjectsOf),
        *shapes.objects(shape, SH.targetSubjectsOf),
        *shapes.objects(shape, SH.targetClass),
        *shapes.objects(shape, SH.targetNode),
    ]
    if terms:
        term = terms[0]
        qname = f"mp:{local_name(term)}" if str(term).startswith(str(MP)) else local_name(term)
        return f"{_label(ontology, term, 'zh')}（{qname}）", f"{_label(ontology, term, 'en')} ({qname})"
    return _label(shapes, shape, "zh"), _label(shapes, shape, "en")


def empty_targets(shapes: Graph, ontology: Graph, data: Graph) -> list[EmptyTarget]:
    """Clause-tied shapes whose targets selected nothing, except those for which nothing to check is a pass."""
    found = []
    for shape, clause in shapes.subject_objects(MP.clause):
        if shapes.value(shape, MP.emptyTargetPasses) == Literal(True):
            continue
        if _has_focus(shapes, shape, data) is False:
            zh, en = _what(shapes, ontology, shape)
            found.append(EmptyTarget(str(clause), str(shape), zh, en))
    return found
