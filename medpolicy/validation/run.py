"""Validate an applicant graph against a policy and explain every clause.

file → safe parse → prepare (drop untrusted triples, derive generic facts) → pySHACL with the
policy's shapes → each SHACL result traced to its clause → a typed :class:`Report` listing every
clause of the policy as pass / fail / warning / manual / not_applicable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import BNode, Node

from medpolicy.errors import InputError, PolicyLoadError, UnknownArgumentError
from medpolicy.io.guard import guarded
from medpolicy.io.inputs import Limits, quiet_rdflib, read_graph
from medpolicy.kb.applicability import Applicability
from medpolicy.kb.calls import call_status
from medpolicy.kb.explain import expected_text, fix_hint, found_text, unit_text
from medpolicy.kb.labels import display_literal, path_label, property_label
from medpolicy.kb.models import Clause, Parameter
from medpolicy.kb.namespaces import MP, SH
from medpolicy.kb.readings import apply_readings
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.validation.finding_numbers import finding_numbers
from medpolicy.validation.prepare import Prepared, prepare
from medpolicy.validation.report import Finding, Report
from medpolicy.validation.shacl import run_shacl

__all__ = ["validate"]

_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, MP.certificateNumber, MP.creditCode)
_CJK = re.compile(r"[\u3400-\u9fff]")
_COUNTS = {SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent}


def _path_values(data: Graph, focus: Node, path: Node | None, shapes: Graph) -> list[Node]:
    """Values of a SHACL path (a predicate or an alternative of predicates) at the focus node."""
    if path is None:
        return []
    if isinstance(path, URIRef):
        return list(data.objects(focus, path))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        from rdflib.collection import Collection

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


def _top_shapes(shapes: Graph, shape: Node) -> set[Node]:
    parents = set(shapes.subjects(SH.property, shape)) | set(shapes.subjects(SH.node, shape))
    if not parents:
        return {shape}
    tops: set[Node] = set()
    for parent in parents:
        tops |= _top_shapes(shapes, parent)
    return tops


def _path_words(shapes: Graph, result: _Result, lang: str) -> str:
    """The result's path in words; a complex path (a blank node of the results) is read from its shape."""
    if isinstance(result.path, BNode) and result.shape is not None:
        declared = shapes.value(result.shape, SH.path)
        if declared is not None:
            return path_label(shapes, declared, lang)
    return property_label(result.path, lang) if result.path is not None else ""


class _Result:
    def __init__(self, graph: Graph, node: Node) -> None:
        self.focus = graph.value(node, SH.focusNode)
        self.path = graph.value(node, SH.resultPath)
        self.value = graph.value(node, SH.value)
        self.shape = graph.value(node, SH.sourceShape)
        self.warning = graph.value(node, SH.resultSeverity) != SH.Violation
        self.messages = list(graph.objects(node, SH.resultMessage))
        self.component = graph.value(node, SH.sourceConstraintComponent)
        self.constraint = graph.value(node, SH.sourceConstraint)
        self.constraint_path: Node | None = None


def validate(
    source: Graph | str | Path,
    policy: str,
    *,
    lang: str = "zh",
    as_of: dt.date | None = None,
    input_format: str | None = None,
    strict: bool = False,
    kb: KnowledgeBase | None = None,
    readings: Mapping[str, str] | None = None,
    engine: str | None = None,
) -> Report:
    """Validate an applicant (a graph, or a file path) against one policy; return the full report.

    ``strict`` reads every 原则上 (in principle) clause as a hard requirement: its warnings become fails.
    ``readings`` switches ambiguous parameters to another recorded reading (``{"a1-p05-i4-p1": "MHz"}``; see
    :mod:`medpolicy.readings`). ``engine`` names the SHACL engine (``turbo``, the default, or ``pyshacl``, the
    reference; see :mod:`medpolicy.engine_shacl`).
    """
    if lang not in {"zh", "en"}:
        raise UnknownArgumentError(f"unknown language {lang!r}; use zh or en", argument="lang")
    kb = kb or KnowledgeBase.default()
    as_of = as_of or dt.date.today()
    applicant = source if isinstance(source, Graph) else read_graph(source, input_format)
    policy_graph, reading_notes = apply_readings(kb.policy_graph(policy), readings or {})
    shapes = kb.shapes_graph(policy)
    try:
        with quiet_rdflib(), guarded(None if isinstance(source, Graph) else str(source), Limits.from_env().max_seconds):
            prepared = prepare(applicant, policy_graph, kb.ontology, as_of)
            # always a parsed graph: pySHACL would read a str starting with http: as a URL
            _conforms, results_graph = run_shacl(prepared.graph, shapes, engine)
    except InputError as exc:
        if exc.file is None and not isinstance(source, Graph):
            exc.file = str(source)
        raise
    except RecursionError as exc:
        raise InputError(
            "the applicant graph is nested too deeply to validate",
            file=None if isinstance(source, Graph) else str(source),
        ) from exc
    except (ValueError, UnicodeError) as exc:  # an IRI or a text the engine cannot read (unpaired surrogates …)
        raise InputError(
            f"the applicant graph holds an IRI or text that cannot be validated: {str(exc)[:160]}",
            file=None if isinstance(source, Graph) else str(source),
        ) from exc
    if not isinstance(results_graph, Graph):  # pySHACL returns a ValidationFailure for a broken shapes graph
        raise PolicyLoadError(f"the shapes of {policy} cannot be run: {results_graph}", file=f"policies/{policy}")
    nested = set(results_graph.objects(None, SH.detail))
    results = [
        _Result(results_graph, r) for r in results_graph.subjects(RDF.type, SH.ValidationResult) if r not in nested
    ]
    results.sort(key=lambda r: [str(t) for t in (r.shape, r.focus, r.path, r.value, r.component, *r.messages)])
    by_clause: dict[str, list[Finding]] = defaultdict(list)
    params = {p.id: (c, p) for c in kb.clauses(policy) for p in c.parameters}
    traced_to: list[tuple[_Result, set[str]]] = []
    for result in results:
        traced = _trace(result, shapes, prepared, params, lang)
        traced_to.append((result, {clause_id for clause_id, _ in traced}))
        for clause_id, finding in traced:
            by_clause[clause_id].append(finding)
    _invalid_values(prepared, {r.value for r in results}, params, lang, by_clause)
    _not_provided(shapes, kb.ontology, prepared.graph, lang, by_clause)
    for zh, en in reading_notes:
        prepared.note(URIRef(kb.policy(policy).iri), zh, en)
    report = _report(kb, policy, source, as_of, lang, strict, prepared, by_clause)
    # every engine result is explained by a clause the report shows as failing, warning or for review — or listed
    shown = {r.clause for r in report.results if r.status in ("fail", "warning", "manual")}
    untraced = [_describe(result) for result, clauses in traced_to if not clauses & shown]
    return report.model_copy(update={"untraced": untraced})


def _describe(result: _Result) -> str:
    """A SHACL result that no clause could be found for, in one line."""
    parts = [f"shape {result.shape}", f"focus {result.focus}"]
    if result.value is not None:
        parts.append(f"value {result.value}")
    if result.messages:
        parts.append(str(result.messages[0]))
    return "; ".join(parts)


def _invalid_values(
    prepared: Prepared,
    reported: set[Node | None],
    params: dict[str, tuple[Clause, Parameter]],
    lang: str,
    by_clause: dict[str, list[Finding]],
) -> None:
    """A value that preparing found unusable (not a number, no answer, two units …) fails its parameter's clause,
    whether or not a shape reads it."""
    data = prepared.graph
    for node, param_id in prepared.invalid.items():
        if node in reported or param_id not in params:
            continue
        clause, param = params[param_id]
        notes = prepared.notes.get(node, [])
        owner = next(iter(data.subjects(None, node)), None)
        by_clause[clause.id].append(
            Finding(
                focus=_label(data, owner, lang),
                path=param.subject if lang == "zh" else param.subject_en,
                value=None,  # the message says what is wrong with the value as given
                expected=expected_text(param, lang),
                message=("；" if lang == "zh" else "; ").join(n[0] if lang == "zh" else n[1] for n in notes),
                hint=fix_hint(param, lang),
                severity="violation",
                origin="value",
            )
        )


def _not_provided(shapes: Graph, ontology: Graph, data: Graph, lang: str, by_clause: dict[str, list[Finding]]) -> None:
    """A clause whose shape found nothing to check fails: the facts it reads were not provided."""
    from medpolicy.validation.targets import empty_targets

    for empty in empty_targets(shapes, ontology, data):
        what = empty.what_zh if lang == "zh" else empty.what_en
        by_clause[empty.clause].append(
            Finding(
                path=what,
                value="未提供" if lang == "zh" else "not provided",
                message=f"未提供：{what}" if lang == "zh" else f"not provided: {what}",
                hint=f"请提供{what}" if lang == "zh" else f"give the {what}",
                severity="violation",
                origin="absent",
            )
        )


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile("(?s)" + "(.*?)".join(re.escape(p) for p in parts))


def _message(result: _Result, shapes: Graph, lang: str) -> str:
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


def _trace(
    result: _Result,
    shapes: Graph,
    prepared: Prepared,
    params: dict[str, tuple[Clause, Parameter]],
    lang: str,
) -> list[tuple[str, Finding]]:
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
    message = _message(result, shapes, lang)
    focus = value_node or result.focus
    owner = next(iter(data.subjects(None, focus)), None) if isinstance(focus, BNode) else None
    focus_label = _label(data, owner if value_node is not None and owner is not None else focus, lang)
    found: str | None = None
    if value_node is not None:
        normalised = data.value(value_node, MP.normalizedValue)
        boolean = data.value(value_node, MP.booleanValue)
        found = found_text(
            prepared.original.get(value_node), None if normalised is None else str(normalised), param, lang
        )
        if found is None and isinstance(boolean, Literal):
            found = display_literal(boolean, lang)
        notes = prepared.notes.get(value_node, [])
        if notes:
            message = "；".join(n[0] for n in notes) if lang == "zh" else "; ".join(n[1] for n in notes)
    elif result.value is not None and param is not None and str(result.value) == param.id:
        found = "未提供" if lang == "zh" else "not given"
    elif result.value is not None:
        found = (
            display_literal(result.value, lang)
            if isinstance(result.value, Literal)
            else _label(data, result.value, lang)
        )
        if found is not None and param is not None and isinstance(result.value, Literal):
            found = f"{found} {unit_text(param, lang)}".strip()
    elif result.component in _COUNTS and result.focus is not None and result.shape is not None:
        path = shapes.value(result.shape, SH.path)
        found = str(len(_path_values(data, result.focus, path, shapes)))
    finding = Finding(
        focus=focus_label,
        focus_iri=None if focus is None or isinstance(focus, BNode) else str(focus),
        path=param.subject
        if param is not None and lang == "zh"
        else (
            param.subject_en
            if param is not None
            else (None if result.path is None else _path_words(shapes, result, lang))
        ),
        value=found,
        expected=None if param is None else expected_text(param, lang),
        message=message,
        hint=None if param is None else fix_hint(param, lang),
        severity="warning" if result.warning else "violation",
        **finding_numbers(data, prepared.original, param, value_node, result.value, focus),
    )
    return [(c, finding) for c in clause_ids]


def _report(
    kb: KnowledgeBase,
    policy: str,
    source: Graph | str | Path,
    as_of: dt.date,
    lang: str,
    strict: bool,
    prepared: Prepared,
    by_clause: dict[str, list[Finding]],
) -> Report:
    from medpolicy.validation.statuses import clause_status

    data = prepared.graph
    applies_for = [str(o) for a in data.subjects(RDF.type, MP.Application) for o in data.objects(a, MP.appliesFor)]
    scope = Applicability(kb, policy, applies_for)
    shaped = kb.shaped_clauses(policy)
    given = _given_parameters(data)
    chosen = {str(v) for v in data.objects(None, MP.selectedVariant)}
    evidence = _evidence(data, lang)
    results = []
    for clause in kb.clauses(policy):
        applicable = scope.applies(clause)
        results.append(
            clause_status(
                clause,
                by_clause.get(clause.id, []),
                lang=lang,
                strict=strict,
                applicable=applicable,
                shaped=clause.id in shaped,
                in_scope=scope.in_scope(clause),
                missing=_missing_values(clause, given, chosen),
                evidence=evidence.get(clause.id, []),
                other_alternative=_other_alternative(clause, chosen, kb),
            )
        )
    summary = {
        s: sum(1 for r in results if r.status == s) for s in ("pass", "fail", "warning", "manual", "not_applicable")
    }
    doc = kb.policy(policy)
    title = doc.title if lang == "zh" else (doc.title_en or doc.title)
    notes = [n[0] if lang == "zh" else n[1] for ns in prepared.notes.values() for n in ns]
    call = call_status(doc, as_of)
    if call == "draft":
        notes.insert(
            0,
            "本文件为征求意见稿，不能据此申报"
            if lang == "zh"
            else "this document is a draft for comments: no application can be made under it",
        )
    elif call == "closed":
        notes.insert(
            0,
            f"核查日期 {as_of.isoformat()} 已过申报截止日期（{doc.deadline}）"
            if lang == "zh"
            else f"the date of the check {as_of.isoformat()} is past the application deadline ({doc.deadline})",
        )
    return Report(
        policy=policy,
        policy_title=title,
        source="(graph)" if isinstance(source, Graph) else str(source),
        as_of=as_of.isoformat(),
        lang=lang,
        conforms=summary["fail"] == 0,
        summary=summary,
        results=results,
        ignored_triples=prepared.ignored,
        notes=notes,
        call=call,
    )


def _missing_values(clause: Clause, given: set[str], chosen: set[str]) -> list[Parameter]:
    """Parameters of the clause with no value: all of the common ones, and those of the best alternative."""
    common = [p for p in clause.parameters if p.variant is None and p.id not in given]
    variants: dict[str, list[Parameter]] = defaultdict(list)
    for p in clause.parameters:
        if p.variant is not None:
            variants[p.variant].append(p)
    if not variants:
        return common
    if chosen & set(variants):
        name = next(v for v in variants if v in chosen)
        return common + [p for p in variants[name] if p.id not in given]
    gaps = sorted(([p for p in ps if p.id not in given] for ps in variants.values()), key=len)
    return common + gaps[0]


def _other_alternative(clause: Clause, chosen: set[str], kb: KnowledgeBase) -> str | None:
    """The alternative the product chose, when every parameter of ``clause`` belongs to another alternative of the
    same product, scenario or direction (the clauses sharing its ``mp:partOf``)."""
    variants = {p.variant for p in clause.parameters}
    if not chosen or not clause.parameters or None in variants or variants & chosen or clause.part_of is None:
        return None
    siblings = {
        p.variant for c in kb.clauses(clause.policy) if c.part_of == clause.part_of for p in c.parameters if p.variant
    }
    mine = chosen & siblings
    return "、".join(sorted(mine)) if mine else None


def _given_parameters(data: Graph) -> set[str]:
    return {str(p) for p in data.objects(None, MP.forParameter)}


def _evidence(data: Graph, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for ev, clause in data.subject_objects(MP.supportsClause):
        title = _label(data, ev, lang) or local_name(ev)
        where = data.value(ev, MP.location)
        out[str(clause)].append(
            f"{title}（{where}）" if where and lang == "zh" else f"{title} ({where})" if where else title
        )
    # a graph's triples come in no fixed order: the report lists the evidence in one
    return {clause: sorted(items) for clause, items in out.items()}
