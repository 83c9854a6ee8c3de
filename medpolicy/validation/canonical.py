"""Canonical text: NFKC without format characters or spaces next to Chinese; identifiers upper-cased without
spaces; a province by its Chinese name (Latin names mapped through the province scheme's labels)."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from medpolicy.kb.namespaces import MPX

__all__ = ["HAS_CJK", "LATIN", "canonical_identifier", "canonical_province", "canonical_text", "province_names"]


_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
SPACE_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
HAS_CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
_PROVINCE_SUFFIXES = (" province", " municipality", " autonomous region", " sar", " shi", " sheng")


def canonical_text(text: str) -> str:
    """NFKC, without format characters (zero-width space, BOM, bidi controls), no spaces next to Chinese."""
    cleaned = "".join(c for c in text if unicodedata.category(c) != "Cf")
    folded = unicodedata.normalize("NFKC", cleaned)
    return SPACE_NEAR_CJK.sub("", folded).strip()


def canonical_identifier(text: str) -> str:
    """An identifier (credit code, certificate number): canonical text without any space, upper case."""
    return re.sub(r"\s+", "", canonical_text(text)).upper()


def province_names(ontology: Graph) -> dict[str, str]:
    """Latin names of provinces (lower case, @en labels and alternative labels) → the Chinese label."""
    out: dict[str, str] = {}
    for concept in ontology.subjects(SKOS.inScheme, MPX.provinces):
        labels = ontology.objects(concept, SKOS.prefLabel)
        chinese = next((str(v) for v in labels if getattr(v, "language", None) == "zh"), None)
        if chinese is None:
            continue
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for value in ontology.objects(concept, prop):
                if isinstance(value, Literal) and value.language != "zh":
                    out[str(value).casefold()] = chinese
    return out


def canonical_province(text: str, provinces: dict[str, str]) -> str | None:
    """The Chinese name of a province given in Chinese or in Latin letters; None when it is not known."""
    value = canonical_text(text)
    if HAS_CJK.search(value) or not LATIN.search(value):
        return value
    key = re.sub(r"\s+", " ", value.casefold().replace("-", " ")).strip()
    for suffix in _PROVINCE_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)].strip()
    return provinces.get(key) or provinces.get(key.replace(" ", ""))
