"""Validate an applicant graph against a policy and explain every clause.

file → safe parse → prepare (drop untrusted triples, derive generic facts) → pySHACL with the
policy's shapes → each SHACL result traced to its clause → a typed :class:`Report` listing every
clause of the policy as pass / fail / warning / manual / not_applicable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from medpolicy.errors import InputError, PolicyLoadError
from medpolicy.i18n import Both, Msg, check_lang, words
from medpolicy.io.guard import guarded
from medpolicy.io.inputs import Limits, quiet_rdflib, read_graph
from medpolicy.kb.applicability import Applicability
from medpolicy.kb.calls import call_status
from medpolicy.kb.models import Clause, Parameter
from medpolicy.kb.namespaces import MP, SH
from medpolicy.kb.readings import apply_readings
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.validation.prepare import Prepared, prepare
from medpolicy.validation.report import Finding, Report, Text
from medpolicy.validation.shacl import run_shacl
from medpolicy.validation.statuses import clause_status
from medpolicy.validation.trace import EngineResult, describe, invalid_values, name_of, not_provided, trace

__all__ = ["validate"]


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
    lang = check_lang(lang)
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
    nodes = (r for r in results_graph.subjects(RDF.type, SH.ValidationResult) if r not in nested)
    results = sorted((EngineResult(results_graph, r) for r in nodes), key=EngineResult.sort_key)
    by_clause: defaultdict[str, list[Finding]] = defaultdict(list)
    params = {p.id: (c, p) for c in kb.clauses(policy) for p in c.parameters}
    traced_to: list[tuple[EngineResult, set[str]]] = []
    for result in results:
        traced = trace(result, shapes, prepared, params)
        traced_to.append((result, {clause_id for clause_id, _ in traced}))
        for clause_id, finding in traced:
            by_clause[clause_id].append(finding)
    invalid_values(prepared, {r.value for r in results}, params, by_clause)
    not_provided(shapes, kb.ontology, prepared.graph, by_clause)
    for zh, en in reading_notes:
        prepared.note(URIRef(kb.policy(policy).iri), zh, en)
    report = _report(kb, policy, source, as_of, lang, strict, prepared, by_clause)
    # every engine result is explained by a clause the report shows as failing, warning or for review — or listed
    shown = {r.clause for r in report.results if r.status in ("fail", "warning", "manual")}
    untraced = [describe(result) for result, clauses in traced_to if not clauses & shown]
    return report.model_copy(update={"untraced": untraced})


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
    data = prepared.graph
    applies_for = [str(o) for a in data.subjects(RDF.type, MP.Application) for o in data.objects(a, MP.appliesFor)]
    scope = Applicability(kb, policy, applies_for)
    shaped = kb.shaped_clauses(policy)
    given = _given_parameters(data)
    chosen = {str(v) for v in data.objects(None, MP.selectedVariant)}
    evidence = _evidence(data)
    results = []
    for clause in kb.clauses(policy):
        applicable = scope.applies(clause)
        results.append(
            clause_status(
                clause,
                by_clause.get(clause.id, []),
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
    notes: list[Text] = [Both(zh=zh, en=en) for ns in prepared.notes.values() for zh, en in ns]
    call = call_status(doc, as_of)
    if call == "draft":
        notes.insert(0, Msg(key="validation.run_draft"))
    elif call == "closed":
        notes.insert(
            0, Msg(key="validation.run_closed", params={"as_of": as_of.isoformat(), "deadline": str(doc.deadline)})
        )
    return Report(
        policy=policy,
        policy_title=Both(zh=doc.title, en=doc.title_en or doc.title),
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


def _evidence(data: Graph) -> dict[str, list[Text]]:
    out: dict[str, list[Text]] = defaultdict(list)
    for ev, clause in data.subject_objects(MP.supportsClause):
        title = name_of(data, ev, local_name(ev)) or local_name(ev)
        where = data.value(ev, MP.location)
        out[str(clause)].append(
            Msg(key="validation.run_evidence_at", params={"title": title, "where": str(where)}) if where else title
        )
    # a graph's triples come in no fixed order: here the Chinese words' order; rendered, the order of the words shown
    return {clause: sorted(items, key=lambda t: (words(t, "zh"), words(t, "en"))) for clause, items in out.items()}
