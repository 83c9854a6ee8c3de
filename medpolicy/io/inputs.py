"""Reading applicant graphs safely: the format by extension or flag, ``-`` for standard input.

Every input format goes through :func:`read_graph`, which

- never touches the network or other files: JSON-LD contexts given by IRI and ``@import`` are refused
  (our own context IRI is replaced by the bundled copy), RDF/XML with a ``<!DOCTYPE>`` or ``<!ENTITY>`` is
  refused, and while a parser runs a refusing document loader and an audit hook turn any attempt to fetch,
  open a socket or read another file into an :class:`~medpolicy.errors.InputError`;
- enforces :class:`Limits` (file size, triples, literal and IRI length, nesting depth), configurable by
  argument or environment variable;
- reads UTF-8 (with or without BOM) and UTF-16 with a BOM; GB18030/GBK is read when the file declares it
  (RDF/XML) or when asked (``encoding="gb18030"``, ``MEDPOLICY_INPUT_ENCODING``), otherwise refused with the
  encoding named; text that is Chinese garbled through Latin-1 (mojibake) is refused;
- merges named graphs (N-Quads, JSON-LD ``@graph`` with an ``@id``) into the one graph that is validated.

Every error names the file and, where known, the line or field.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from rdflib import Graph

from medpolicy.errors import InputError
from medpolicy.io.encodings import ENCODING_ENV, decode, refuse_mojibake, xml_as_utf8
from medpolicy.io.fetching import no_fetching, quiet_rdflib
from medpolicy.io.formats import FORMAT_NAMES, FORMATS, guess_format, line_in_message, line_of, syntax_message
from medpolicy.io.jsonld import load_json, local_contexts, plain_application
from medpolicy.io.limits import (
    LimitedMemory,
    LimitExceeded,
    Limits,
    check_graph,
    check_json_nesting,
    check_nesting,
    read_bytes,
    read_limited,
)

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "Limits",
    "check_json_nesting",
    "guess_format",
    "no_fetching",
    "quiet_rdflib",
    "read_graph",
    "read_limited",
]


def read_graph(
    source: str | Path,
    fmt: str | None = None,
    *,
    limits: Limits | None = None,
    encoding: str | None = None,
) -> Graph:
    """Parse an applicant file (or ``-`` for standard input) into one graph (named graphs are merged).

    ``limits`` defaults to :meth:`Limits.from_env`; ``encoding`` to ``$MEDPOLICY_INPUT_ENCODING`` or UTF-8.
    Raises :class:`~medpolicy.errors.InputError` for anything that cannot be read safely and completely.
    """
    name = str(source)
    limits = limits or Limits.from_env()
    encoding = encoding or os.environ.get(ENCODING_ENV) or None
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(sorted(FORMAT_NAMES))}", file=name)
    fmt = fmt or ("turtle" if name == "-" else guess_format(name))
    data = read_bytes(name, limits)
    text = decode(data, name, fmt, encoding)
    if "\x00" in text:
        raise InputError("contains NUL characters: not a text file", file=name, where=line_of(text, text.index("\x00")))
    refuse_mojibake(text, name)
    check_nesting(text, fmt, limits, name)
    if fmt == "xml":
        text = xml_as_utf8(text)
    if fmt == "json-ld":
        document = load_json(text, name)
        plain = plain_application(document, name)
        if plain is not None:
            check_graph(plain, limits, name)
            return plain
        if not isinstance(document, dict | list):
            raise InputError("a JSON-LD document must be an object or an array", file=name)
        text = json.dumps(local_contexts(document, name), ensure_ascii=False)
    store = LimitedMemory(limits)
    sink = Graph(store=store)
    try:
        with no_fetching(name), quiet_rdflib():
            sink.parse(data=text, format=fmt)
    except InputError:
        raise
    except LimitExceeded as exc:
        raise InputError(str(exc), file=name) from None
    except RecursionError as exc:
        raise InputError(
            f"nested too deeply to parse (limit max_depth, MEDPOLICY_MAX_DEPTH={limits.max_depth})", file=name
        ) from exc
    except Exception as exc:  # each rdflib parser has its own exception types
        raise InputError(syntax_message(exc, fmt, text), file=name, where=line_in_message(str(exc))) from exc
    graph = Graph()
    for prefix, namespace in sink.namespaces():
        graph.bind(prefix, namespace, override=False)
    for (s, p, o), _contexts in store.triples((None, None, None), None):
        graph.add((s, p, o))
    if len(graph) == 0:
        raise InputError(f"no triples read as {fmt}", file=name)
    return graph
