"""Vocabulary IRIs are exact: a term that is not the vocabulary's but differs from one only by case, by look-alike
letters (Cyrillic ``а`` for Latin ``a``, fullwidth forms) or, in the ontology or taxonomy namespace, by an edit
distance of 1–2 is refused, naming the term and the one meant (ignoring it would drop the fact it carries)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.kb.namespaces import BASE, MP, MPX
from medpolicy.validation.prepared import node_label, term_name

__all__ = ["Vocabulary", "check_iris"]


# look-alike letters (Cyrillic, Greek) folded to Latin when comparing IRIs
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕкмнтвАВЕКМНОРСТХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριντυκ",
    "aeopcyxijskmhtbABEKMHOPCTXIJSABEZHIKMNOPTYXaopivtuk",
)


def _skeleton(text: str) -> str:
    return (
        unicodedata.normalize("NFKC", "".join(c for c in text if unicodedata.category(c) != "Cf"))
        .translate(_CONFUSABLES)
        .casefold()
    )


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class Vocabulary:
    """The terms an applicant may use: the ontology's and the policy's IRIs."""

    def __init__(self, ontology: Graph, policy: Graph) -> None:
        self.terms: set[str] = set()
        for graph in (ontology, policy):
            for s in graph.subjects():
                if isinstance(s, URIRef) and str(s).startswith(BASE):
                    self.terms.add(str(s))
        self.skeletons: dict[str, str] = {}
        for term in self.terms:
            self.skeletons.setdefault(_skeleton(term), term)
        self.near: dict[str, list[str]] = defaultdict(list)  # namespace → local names open to edit distance
        for term in self.terms:
            for namespace in (str(MP), str(MPX)):
                if term.startswith(namespace):
                    self.near[namespace].append(term[len(namespace) :])

    def meant(self, term: str) -> str | None:
        """The vocabulary term a near-miss ``term`` was meant to be, or None."""
        if term in self.terms:
            return None
        exact = self.skeletons.get(_skeleton(term))
        if exact is not None:
            return exact
        skeleton = _skeleton(term)
        for namespace, names in self.near.items():
            if not skeleton.startswith(_skeleton(namespace)):
                continue
            local = term[len(namespace) :] if term.startswith(namespace) else skeleton[len(_skeleton(namespace)) :]
            best = min(names, key=lambda n: _distance(local.casefold(), n.casefold()), default=None)
            if best is not None and _distance(local.casefold(), best.casefold()) <= 2:
                return namespace + best
        return None


def check_iris(data: Graph, vocabulary: Vocabulary) -> None:
    problems: list[str] = []
    first: Node | None = None
    seen: set[Node] = set()
    for s, p, o in data:
        for term, place in ((p, "property"), (o if p == RDF.type else None, "class"), (o, "value")):
            if not isinstance(term, URIRef) or term in seen:
                continue
            seen.add(term)
            meant = vocabulary.meant(str(term))
            if meant is not None:
                first = s if first is None else first
                shown = "".join(c if c.isascii() and c.isprintable() else f"\\u{ord(c):04x}" for c in str(term))
                meant_name = term_name(URIRef(meant))
                problems.append(
                    f"the {place} <{shown[:120]}> is not a term of the vocabulary; did you mean {meant_name}?"
                )
    if problems and first is not None:
        more = f" (and {len(problems) - 6} more)" if len(problems) > 6 else ""
        raise InputError("; ".join(problems[:6]) + more, where=f"field {node_label(data, first)}")
