"""Each SHACL result traced to its clause, as a language-free :class:`Finding`; what the engine could not see.

A result names its shape; the shape (or the parameter its value is checked against) names the clause. The
finding holds who (the applicant's own label, in both languages), what, the value found, the threshold and the
message of the shape in both languages — the renderer picks one.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import BNode, Node

from medpolicy.i18n import LANGS, Both, Msg, Param, words
from medpolicy.kb.explain import expected_msg, fix_msg, found_text, unit_both
from medpolicy.kb.labels import literal_words, path_both, property_label
from medpolicy.kb.models import Clause, Parameter
from medpolicy.kb.namespaces import MP, SH
from medpolicy.kb.store import local_name
from medpolicy.validation.finding_numbers import finding_numbers
from medpolicy.validation.prepare import Prepared
from medpolicy.validation.report import Finding, Text
from medpolicy.validation.statuses import joined
from medpolicy.validation.targets import empty_targets

__all__ = ["EngineResult", "describe", "invalid_values", "name_of", "not_provided", "trace"]

_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, MP.certificateNumber, MP.creditCode)
_CJK = re.compile(r"[\u3400-\u9fff]")
_COUNTS = {SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent}
Params = dict[str, tuple[Clause, Parameter]]
ByClause = defaultdict[str, list[Finding]]


class EngineResult:
    """One ``sh:ValidationResult`` of the engine's report graph."""

    def __init__(self, graph: Graph, node: Node) -> None:
        self.focus = graph.value(node, SH.focusNode)
        self.path = graph.value(node, SH.resultPath)
        self.value = graph.value(node, SH.value)
        self.shape = graph.value(node, SH.sourceShape)
        self.warning = graph.value(node, SH.resultSeverity) != SH.Violation
        self.messages = list(graph.objects(node, SH.resultMessage))
        self.component = graph.value(node, SH.sourceConstraintComponent)
        self.constraint = graph.value(node, SH.sourceConstraint)

    def sort_key(self) -> list[str]:
        return [str(t) for t in (self.shape, self.focus, self.path, self.value, self.component, *self.messages)]


def _path_values(data: Graph, focus: Node, path: Node | None, shapes: Graph) -> list[Node]:
    """Values of a SHACL path (a predicate or an alternative of predicates) at the focus node."""
    if path is None:
        return []
    if isinstance(path, URIRef):
        return list(data.objects(focus, path))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return [v for p in Collection(shapes, alternatives) for v in data.objects(focus, p)]  # type: ignore[arg-type]
    return []


def _label(graph: Graph, node: Node | None, lang: str, depth: int = 0) -> str | None:
    """A readable name for a node in ``lang``: its label, or its owner's label and the property to it.

    English output never falls back to a Chinese label: it uses the IRI's last segment instead.
    """
    if node is None:
        return None
    best: str | None = None
    for prop in _LABELS:
        if prop == MP.creditCode and lang == "en" and isinstance(node, URIRef):
            continue  # a name, not a code: the IRI's last segment below
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                if value.language == lang:
                    return str(value)
                if lang == "zh" or not _CJK.search(str(value)):
                    best = best or str(value)
    if best:
        return best
    if isinstance(node, BNode) and depth < 3:
        for owner, prop in graph.subject_predicates(node):
            owner_label = _label(graph, owner, lang, depth + 1)
            if owner_label:
                return f"{owner_label} / {local_name(prop)}"
    return local_name(node) if isinstance(node, URIRef) else None


def name_of(graph: Graph, node: Node | None, fallback: str | None = None) -> Both | None:
    """The node's name in both languages (see :func:`_label`), else ``fallback``; None when it has none."""
    zh, en = (_label(graph, node, lang) or fallback for lang in LANGS)
    if zh is None and en is None:
        return None
    return Both(zh=zh or "", en=en or "")


def _top_shapes(shapes: Graph, shape: Node) -> set[Node]:
    parents = set(shapes.subjects(SH.property, shape)) | set(shapes.subjects(SH.node, shape))
    if not parents:
        return {shape}
    tops: set[Node] = set()
    for parent in parents:
        tops |= _top_shapes(shapes, parent)
    return tops


def _path_words(shapes: Graph, result: EngineResult) -> Text:
    """The result's path in words; a complex path (a blank node of the results) is read from its shape."""
    if isinstance(result.path, BNode) and result.shape is not None:
        declared = shapes.value(result.shape, SH.path)
        if declared is not None:
            return path_both(shapes, declared)
    if result.path is None:
        return ""
    return Both(zh=property_label(result.path, "zh"), en=property_label(result.path, "en"))


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile("(?s)" + "(.*?)".join(re.escape(p) for p in parts))


def _message_in(result: EngineResult, shapes: Graph, lang: str) -> str:
    """The result's message in ``lang``.

    pySHACL drops the language tag of a SPARQL message once it fills in its ``{?var}`` slots, so each filled
    message is matched against the shape's templates to find the one written in ``lang``.
    """
    tagged = next((str(m) for m in result.messages if getattr(m, "language", None) == lang), None)
    if tagged:
        return tagged
    for holder in (result.constraint, result.shape):
        if holder is None:
            continue
        templates = [m for m in shapes.objects(holder, SH.message) if getattr(m, "language", None) == lang]
        for template in templates:
            pattern = _template_regex(str(template))
            for message in result.messages:
                if pattern.fullmatch(str(message)):
                    return str(message)
        if templates and "{" not in str(templates[0]):
            return str(templates[0])
    wanted = [str(m) for m in result.messages if bool(_CJK.search(str(m))) == (lang == "zh")]
    return wanted[0] if wanted else next((str(m) for m in result.messages), "")


def _notes(prepared: Prepared, node: Node) -> Text:
    return joined([Both(zh=zh, en=en) for zh, en in prepared.notes.get(node, [])])


def describe(result: EngineResult) -> str:
    """A SHACL result that no clause could be found for, in one line."""
    parts = [f"shape {result.shape}", f"focus {result.focus}"]
    if result.value is not None:
        parts.append(f"value {result.value}")
    if result.messages:
        parts.append(str(result.messages[0]))
    return "; ".join(parts)


def invalid_values(prepared: Prepared, reported: set[Node | None], params: Params, by_clause: ByClause) -> None:
    """A value that preparing found unusable (not a number, no answer, two units …) fails its parameter's clause,
    whether or not a shape reads it."""
    data = prepared.graph
    for node, param_id in prepared.invalid.items():
        if node in reported or param_id not in params:
            continue
        clause, param = params[param_id]
        owner = next(iter(data.subjects(None, node)), None)
        by_clause[clause.id].append(
            Finding(
                focus=name_of(data, owner),
                path=Both(zh=param.subject, en=param.subject_en),
                value=None,  # the message says what is wrong with the value as given
                expected=expected_msg(param),
                message=_notes(prepared, node),
                hint=fix_msg(param),
                severity="violation",
                origin="value",
            )
        )


def not_provided(shapes: Graph, ontology: Graph, data: Graph, by_clause: ByClause) -> None:
    """A clause whose shape found nothing to check fails: the facts it reads were not provided."""
    for empty in empty_targets(shapes, ontology, data):
        what: dict[str, Param] = {"what": empty.what}
        by_clause[empty.clause].append(
            Finding(
                path=empty.what,
                value=Msg(key="validation.trace_not_provided"),
                message=Msg(key="validation.trace_not_provided_what", params=what),
                hint=Msg(key="validation.trace_give", params=what),
                severity="violation",
                origin="absent",
            )
        )


def _found(
    result: EngineResult, prepared: Prepared, param: Parameter | None, value_node: Node | None, shapes: Graph
) -> Text | None:
    """The value the result is about, as given (and as compared, when the units differ)."""
    data = prepared.graph
    if value_node is not None:
        normalised = data.value(value_node, MP.normalizedValue)
        boolean = data.value(value_node, MP.booleanValue)
        original = prepared.original.get(value_node)
        shown = None if normalised is None else str(normalised)
        zh, en = (found_text(original, shown, param, lang) for lang in LANGS)
        if zh is None and isinstance(boolean, Literal):
            return literal_words(boolean)
        return None if zh is None or en is None else (zh if zh == en else Both(zh=zh, en=en))
    if result.value is not None and param is not None and str(result.value) == param.id:
        return Msg(key="validation.statuses_not_given")
    if result.value is not None:
        if not isinstance(result.value, Literal):
            return name_of(data, result.value)
        found = literal_words(result.value)
        if param is None:
            return found
        unit = unit_both(param)
        zh, en = (f"{words(found, lang)} {words(unit, lang)}".strip() for lang in LANGS)
        return zh if zh == en else Both(zh=zh, en=en)
    if result.component in _COUNTS and result.focus is not None and result.shape is not None:
        path = shapes.value(result.shape, SH.path)
        return str(len(_path_values(data, result.focus, path, shapes)))
    return None


def trace(result: EngineResult, shapes: Graph, prepared: Prepared, params: Params) -> list[tuple[str, Finding]]:
    """The clauses a result is about, each with the finding it makes."""
    data = prepared.graph
    tops = _top_shapes(shapes, result.shape) if result.shape is not None else set()
    clause_ids = [str(c) for top in tops for c in shapes.objects(top, MP.clause)]
    param: Parameter | None = None
    value_node: Node | None = None
    if result.value is not None and str(result.value) in params:
        clause, param = params[str(result.value)]
    elif result.value is not None and data.value(result.value, MP.forParameter) is not None:
        value_node = result.value
        key = str(data.value(result.value, MP.forParameter))
        if key not in params:
            return []
        clause, param = params[key]
    else:
        threshold = next((t for top in tops for t in shapes.objects(top, MP.thresholdParameter)), None)
        if threshold is not None and str(threshold) in params:
            param = params[str(threshold)][1]
    if param is not None and not clause_ids:
        clause_ids = [clause.id]
    if not clause_ids:
        return []
    zh, en = (_message_in(result, shapes, lang) for lang in LANGS)
    message: Text = Both(zh=zh, en=en)
    if value_node is not None and prepared.notes.get(value_node):
        message = _notes(prepared, value_node)
    focus = value_node or result.focus
    owner = next(iter(data.subjects(None, focus)), None) if isinstance(focus, BNode) else None
    path: Text | None = None if result.path is None else _path_words(shapes, result)
    if param is not None:
        path = Both(zh=param.subject, en=param.subject_en)
    finding = Finding(
        focus=name_of(data, owner if value_node is not None and owner is not None else focus),
        focus_iri=None if focus is None or isinstance(focus, BNode) else str(focus),
        path=path,
        value=_found(result, prepared, param, value_node, shapes),
        expected=None if param is None else expected_msg(param),
        message=message,
        hint=None if param is None else fix_msg(param),
        severity="warning" if result.warning else "violation",
        **finding_numbers(data, prepared.original, param, value_node, result.value, focus),
    )
    return [(c, finding) for c in clause_ids]
