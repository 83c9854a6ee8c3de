"""Faithfulness lint of a policy folder: the checks the tests run, usable while authoring.

``python -m medpolicy.authoring.lint policies/2025_national`` prints one line per problem and exits 1 if any.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, Graph, Literal
from rdflib.collection import Collection

from medpolicy.authoring.sourcetext import squash
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.kb.vocabulary import check_modes, clause_kinds

__all__ = ["lint_policy"]

COMPARATORS = {">=", ">", "<=", "<", "==", "!=", "in", "between", "bool", "before", "after"}
CHINESE_NUMERALS = {
    1: ("一",),
    2: ("二", "两"),
    3: ("三",),
    4: ("四",),
    5: ("五",),
    6: ("六",),
    7: ("七",),
    8: ("八",),
    9: ("九",),
    10: ("十",),
}


def _number_forms(value: Literal) -> list[str]:
    """The ways a number can be printed in a notice: 15, 1.5, 0.3, 30000, 3.0."""
    py = value.toPython()
    if isinstance(py, bool) or not isinstance(py, (int, float, Decimal)):
        return [str(value)]
    d = Decimal(str(py))
    forms = {str(value), format(d.normalize(), "f")}
    if d == d.to_integral_value():
        forms.add(str(int(d)))
        forms.update(CHINESE_NUMERALS.get(int(d), ()))
    return sorted(forms)


def _local(term: object) -> str:
    return re.split(r"[#/]", str(term))[-1]


def lint_graph(graph: Graph, source: str, ontology: Graph | None = None) -> list[str]:
    """Return the problems of one policy's notice graph against its source text (kinds and check modes are the
    members of the vocabulary's schemes: ``ontology``, by default the knowledge base's)."""
    if ontology is None:
        ontology = KnowledgeBase.default().ontology
    kinds, checks = clause_kinds(ontology), check_modes(ontology)
    problems: list[str] = []
    squashed = squash(source)
    orders: dict[int, str] = {}
    for clause in graph.subjects(RDF.type, MP.Clause):
        cid = _local(clause)
        texts = list(graph.objects(clause, MP.text))
        if len(texts) != 1:
            problems.append(f"{cid}: {len(texts)} mp:text (need exactly 1)")
            continue
        text = str(texts[0])
        if squash(text) not in squashed:
            problems.append(f"{cid}: text is not in source.txt: {text[:60]!r}")
        if not any(getattr(g, "language", None) == "en" for g in graph.objects(clause, MP.gloss)):
            problems.append(f"{cid}: no English mp:gloss")
        for prop in (MP.section, MP.kind, MP.topic, MP.check, MP.inDocument, MP.order):
            if len(list(graph.objects(clause, prop))) != 1:
                problems.append(f"{cid}: needs exactly one {_local(prop)}")
        kind = graph.value(clause, MP.kind)
        if kind is not None and kind not in kinds:
            problems.append(f"{cid}: unknown kind {_local(kind)}")
        check = graph.value(clause, MP.check)
        if check is not None and check not in checks:
            problems.append(f"{cid}: unknown check {_local(check)}")
        if check is not None and check == MP.Manual and graph.value(clause, MP.evidence) is None:
            problems.append(f"{cid}: manual clause without mp:evidence")
        order = graph.value(clause, MP.order)
        if order is not None:
            if int(order) in orders:
                problems.append(f"{cid}: mp:order {order} also used by {orders[int(order)]}")
            orders[int(order)] = cid
        for param in graph.objects(clause, MP.parameter):
            problems.extend(_lint_parameter(graph, cid, param, text))
    return problems


def _lint_parameter(graph: Graph, cid: str, param: object, text: str) -> list[str]:
    pid = _local(param)
    problems: list[str] = []
    comparator = str(graph.value(param, MP.comparator) or "")
    if comparator not in COMPARATORS:
        problems.append(f"{pid}: comparator {comparator!r} not one of {sorted(COMPARATORS)}")
    quote = graph.value(param, MP.quote)
    if quote is None:
        problems.append(f"{pid}: no mp:quote")
        return problems
    if squash(str(quote)) not in squash(text):
        problems.append(f"{pid}: quote {str(quote)!r} is not in the text of {cid}")
    values: list[Literal] = []
    value = graph.value(param, MP.value)
    if isinstance(value, Literal):
        values.append(value)
    vlist = graph.value(param, MP.valueList)
    if vlist is not None:
        values.extend(v for v in Collection(graph, vlist) if isinstance(v, Literal))
    if not values:
        problems.append(f"{pid}: no mp:value / mp:valueList")
    if comparator in {"in", "between"} and vlist is None:
        problems.append(f"{pid}: {comparator} needs mp:valueList")
    if graph.value(param, MP.unitCode) is None or graph.value(param, MP.unit) is None:
        problems.append(f"{pid}: needs mp:unit and mp:unitCode")
    if not any(getattr(s, "language", None) == "en" for s in graph.objects(param, MP.subject)):
        problems.append(f"{pid}: no English mp:subject")
    if comparator in {"bool", "before", "after"}:
        return problems
    for v in values:
        if not any(form in squash(str(quote)) for form in _number_forms(v)):
            problems.append(f"{pid}: value {v} not printed in its quote {str(quote)!r}")
    return problems


def lint_policy(folder: Path) -> list[str]:
    graph = Graph()
    for path in sorted(folder.glob("notice*.ttl")):
        graph.parse(path, format="turtle")
    return lint_graph(graph, (folder / "source.txt").read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    problems: list[str] = []
    for arg in argv:
        problems.extend(f"{Path(arg).name}/{p}" for p in lint_policy(Path(arg)))
    print("\n".join(problems) if problems else "no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
