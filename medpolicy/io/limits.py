"""Bounds on one input file (:class:`Limits`: size, triples, literal and IRI length, nesting depth), enforced
before and while a parser runs."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory

from medpolicy.errors import InputError
from medpolicy.io.encodings import xml_as_utf8
from medpolicy.io.formats import line_of

__all__ = [
    "LimitExceeded",
    "LimitedMemory",
    "Limits",
    "check_graph",
    "check_json_nesting",
    "check_nesting",
    "read_bytes",
    "read_limited",
]


@dataclass(frozen=True)
class Limits:
    """Bounds on one input file. Each can be set by the environment variable named in :attr:`ENV`."""

    max_bytes: int = 20 * 1024 * 1024
    """Size of the file in bytes."""
    max_triples: int = 20_000
    """Statements read (a complete application has a few hundred)."""
    max_literal: int = 32_768
    """Characters of one literal."""
    max_iri: int = 4_096
    """Characters of one IRI."""
    max_depth: int = 40
    """Nesting: ``[``/``(`` in Turtle, objects/arrays in JSON, elements in RDF/XML."""
    max_seconds: int = 60
    """Wall-clock seconds one validation may take (see :mod:`medpolicy.guard`)."""

    @staticmethod
    def env_names() -> dict[str, str]:
        return {f.name: "MEDPOLICY_" + f.name.upper() for f in fields(Limits)}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by ``MEDPOLICY_MAX_BYTES``, ``MEDPOLICY_MAX_TRIPLES``, … where set."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, var in cls.env_names().items():
            raw = environ.get(var, "").strip().replace("_", "")
            if not raw:
                continue
            if not raw.isdigit() or int(raw) <= 0:
                raise InputError(f"{var}={environ[var]!r}: expected a positive whole number", where=var)
            values[name] = int(raw)
        return cls(**values)


class LimitExceeded(Exception):
    pass


class LimitedMemory(Memory):  # type: ignore[misc]
    """An in-memory store that refuses to grow past the limits (checked as each statement is added)."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self._limits = limits
        self._added = 0

    def _check(self, triple: tuple[Any, Any, Any]) -> None:
        self._added += 1
        if self._added > self._limits.max_triples:
            raise LimitExceeded(
                f"more than {self._limits.max_triples} triples (limit max_triples, MEDPOLICY_MAX_TRIPLES)"
            )
        for term in triple:
            _check_term(term, self._limits)

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self._check(triple)
        super().add(triple, context, quoted)

    def addN(self, quads: Iterable[Any]) -> None:  # noqa: N802 - rdflib's name
        for s, p, o, c in quads:
            self.add((s, p, o), c)


def _check_term(term: object, limits: Limits) -> None:
    if isinstance(term, Literal) and len(term) > limits.max_literal:
        raise LimitExceeded(
            f"a literal of {len(term)} characters (at most {limits.max_literal}; limit max_literal, "
            f"MEDPOLICY_MAX_LITERAL): {str(term)[:40]!r}…"
        )
    if isinstance(term, URIRef) and len(term) > limits.max_iri:
        raise LimitExceeded(
            f"an IRI of {len(term)} characters (at most {limits.max_iri}; limit max_iri, MEDPOLICY_MAX_IRI): "
            f"{str(term)[:40]!r}…"
        )


def check_graph(graph: Graph, limits: Limits, name: str) -> None:
    if len(graph) > limits.max_triples:
        raise InputError(
            f"more than {limits.max_triples} triples (limit max_triples, MEDPOLICY_MAX_TRIPLES)", file=name
        )
    for triple in graph:
        try:
            for term in triple:
                _check_term(term, limits)
        except LimitExceeded as exc:
            raise InputError(str(exc), file=name) from None


_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|\\."
    r"|[\[\]()]",
    re.S,
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def check_nesting(text: str, fmt: str, limits: Limits, name: str) -> None:
    """Refuse input nested deeper than ``max_depth`` before a recursive parser sees it."""
    if fmt in ("turtle", "json-ld"):
        pattern, opening = (_TURTLE_TOKENS, "[(") if fmt == "turtle" else (_JSON_TOKENS, "[{")
        depth = 0
        for match in pattern.finditer(text):
            token = match.group()
            if len(token) != 1:
                continue
            if token in opening:
                depth += 1
                if depth > limits.max_depth:
                    raise InputError(
                        f"nested deeper than {limits.max_depth} levels (limit max_depth, MEDPOLICY_MAX_DEPTH)",
                        file=name,
                        where=line_of(text, match.start()),
                    )
            else:
                depth = max(0, depth - 1)
    elif fmt == "xml":
        _check_xml(text, limits, name)


def _check_xml(text: str, limits: Limits, name: str) -> None:
    """RDF/XML: no DOCTYPE or ENTITY (expansion bombs, external files), bounded element depth."""
    match = re.search(r"<!(DOCTYPE|ENTITY)", text, re.I)
    if match:
        raise InputError(
            f"<!{match.group(1).upper()}> declarations are refused (entities are not expanded, nothing is fetched)",
            file=name,
            where=line_of(text, match.start()),
        )
    from xml.parsers import expat

    parser = expat.ParserCreate(encoding="utf-8")
    depth = 0

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > limits.max_depth:
            raise InputError(
                f"XML elements nested deeper than {limits.max_depth} levels (limit max_depth, MEDPOLICY_MAX_DEPTH)",
                file=name,
                where=f"line {parser.CurrentLineNumber}",
            )

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    def refuse_doctype(*_: object) -> None:
        raise InputError("<!DOCTYPE> declarations are refused", file=name, where=f"line {parser.CurrentLineNumber}")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(xml_as_utf8(text).encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise InputError(
            f"not valid xml: {expat.ErrorString(exc.code)}", file=name, where=f"line {exc.lineno}"
        ) from exc


def read_bytes(name: str, limits: Limits) -> bytes:
    too_big = f"larger than {limits.max_bytes} bytes (limit max_bytes, MEDPOLICY_MAX_BYTES)"
    if name == "-":
        data: bytes = sys.stdin.buffer.read(limits.max_bytes + 1)
    else:
        path = Path(name)
        try:
            if not path.is_file():
                raise InputError("no such file" if not path.exists() else "not a regular file", file=name)
            if path.stat().st_size > limits.max_bytes:
                raise InputError(too_big, file=name)
            with path.open("rb") as handle:
                data = handle.read(limits.max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", file=name) from exc
    if len(data) > limits.max_bytes:
        raise InputError(too_big, file=name)
    return data


def read_limited(name: str, limits: Limits | None = None) -> bytes:
    """The bytes of a file (or ``-`` for standard input), at most ``max_bytes`` of them, else InputError."""
    return read_bytes(name, limits or Limits.from_env())


def check_json_nesting(text: str, name: str, limits: Limits | None = None) -> None:
    """Refuse JSON nested deeper than ``max_depth`` before :mod:`json` (which recurses) reads it."""
    check_nesting(text, "json-ld", limits or Limits.from_env(), name)
