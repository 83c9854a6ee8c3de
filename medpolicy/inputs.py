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
    if fmt == "json-ld":
        plain = _plain_application(text, name)
        if plain is not None:
            return plain
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
