"""Reading applicant graphs: the format by extension or flag, ``-`` for standard input.

Every error names the file and, where the parser says it, the line; nothing is fetched from the network.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rdflib import Graph

from medpolicy.errors import InputError

__all__ = ["FORMATS", "guess_format", "read_graph"]

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".nt": "nt",
    ".nq": "nquads",
}
FORMAT_NAMES = {"turtle", "json-ld", "xml", "nt", "nquads"}
MAX_BYTES = 20 * 1024 * 1024
MAX_JSON_DEPTH = 64
OUR_CONTEXT = "https://w3id.org/medpolicy/context.jsonld"


def _refuse_xml_entities(text: str, name: str) -> None:
    """RDF/XML with a DOCTYPE can declare entities (expansion bombs, external files): refuse it whole."""
    match = re.search(r"<!(DOCTYPE|ENTITY)", text, re.I)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise InputError(
            f"<!{match.group(1)}> declarations are refused (entities are not expanded)", file=name, where=f"line {line}"
        )


def _local_contexts(node: object, name: str, depth: int = 0) -> object:
    """Replace our own context IRI by the bundled context; refuse any other remote or file context."""
    if depth > MAX_JSON_DEPTH:
        raise InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", file=name)
    if isinstance(node, list):
        return [_local_contexts(item, name, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "@import":
            raise InputError("JSON-LD @import is refused (nothing is fetched)", file=name, where="@import")
        if key == "@context":
            value = _context(value, name)
        out[key] = _local_contexts(value, name, depth + 1)
    return out


def _context(value: object, name: str) -> object:
    if isinstance(value, list):
        return [_context(v, name) for v in value]
    if isinstance(value, str):
        if value == OUR_CONTEXT:
            from medpolicy.applicant import context

            return context()["@context"]
        raise InputError(
            f"remote or file @context {value!r} is refused (nothing is fetched); inline the "
            f"context or use {OUR_CONTEXT!r}, which is bundled",
            file=name,
            where="@context",
        )
    return value


def guess_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot tell the RDF format from {suffix or 'no extension'!r}; use one of "
            f"{', '.join(sorted(FORMATS))} or --input-format",
            file=name,
        )
    return FORMATS[suffix]


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 (byte {exc.start}): save the file as UTF-8", file=name) from exc
        raise InputError("encoded as GB18030/GBK, not UTF-8: save the file as UTF-8", file=name) from exc


def _where(message: str) -> str | None:
    match = re.search(r"line (\d+)", message)
    return f"line {match.group(1)}" if match else None


def _plain_application(text: str, name: str) -> Graph | None:
    """A JSON file without ``@context`` that holds an application in the pydantic model's shape."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=name, where=f"line {exc.lineno}") from exc
    if not isinstance(data, dict) or "@context" in data or "units" not in data:
        return None
    from pydantic import ValidationError

    from medpolicy.applicant import Application

    try:
        return Application.model_validate(data).to_graph()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"{first['msg']} (expected by the applicant model; see `medpolicy schema`)",
            file=name,
            where=f"field {field}",
        ) from exc


def read_graph(source: str | Path, fmt: str | None = None) -> Graph:
    """Parse an applicant file (or ``-`` for standard input) into a graph."""
    name = str(source)
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(sorted(FORMAT_NAMES))}", file=name)
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        fmt = fmt or "turtle"
    else:
        path = Path(name)
        if not path.is_file():
            raise InputError("no such file", file=name)
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB", file=name)
        fmt = fmt or guess_format(name)
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise InputError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB", file=name)
    text = _decode(data, name)
    if fmt == "xml":
        _refuse_xml_entities(text, name)
    if fmt == "json-ld":
        plain = _plain_application(text, name)
        if plain is not None:
            return plain
        import json

        text = json.dumps(_local_contexts(json.loads(text), name), ensure_ascii=False)
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt)
    except RecursionError as exc:
        raise InputError("nested too deeply", file=name) from exc
    except Exception as exc:  # each rdflib parser has its own exception types
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"not valid {fmt}: {message[:300]}", file=name, where=_where(str(exc))) from exc
    if len(graph) == 0:
        raise InputError(f"no triples read as {fmt}", file=name)
    return graph
