"""The namespaces of the vocabulary and of the standard vocabularies it reuses."""

from __future__ import annotations

from rdflib import Namespace

__all__ = ["BASE", "CCCEV", "ELI", "MP", "MPT", "MPX", "ORG", "POLICY", "QUDT", "SH"]

BASE = "https://w3id.org/medpolicy/"
MP = Namespace(BASE + "ontology#")
MPT = Namespace(BASE + "topic/")
MPX = Namespace(BASE + "taxonomy/")
POLICY = BASE + "policy/"
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CCCEV = Namespace("http://data.europa.eu/m8g/")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
SH = Namespace("http://www.w3.org/ns/shacl#")
