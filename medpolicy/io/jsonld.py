"""JSON and JSON-LD input: no duplicate keys, contexts only local (our own context IRI is the bundled copy), and
a plain JSON application read through the applicant model."""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

from medpolicy.errors import InputError
from medpolicy.io.fetching import no_fetching, quiet_rdflib
from medpolicy.io.formats import printable

__all__ = ["OUR_CONTEXT", "load_json", "local_contexts", "plain_application"]

OUR_CONTEXT = "https://w3id.org/medpolicy/context.jsonld"


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused (json would silently keep the last value)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"the key {printable(key)[:80]!r} is given twice in one object; give it once")
        out[key] = value
    return out


def load_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        raise InputError(str(exc), file=name) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=name, where=f"line {exc.lineno}") from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"not valid JSON: {str(exc)[:200]}", file=name) from exc


def local_contexts(node: object, name: str, path: str = "") -> object:
    """Replace our own context IRI by the bundled context; refuse any other context given by IRI, and @import.

    Contexts are looked for everywhere: at the top, in nested node objects and ``@graph``, and in term
    definitions (scoped contexts), so that the parser never has a context to fetch.
    """
    if isinstance(node, list):
        return [local_contexts(item, name, f"{path}[{i}]") for i, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        where = printable(f"{path}/{key}" if path else str(key))[:200]
        if key == "@import":
            raise InputError(
                f"JSON-LD @import {str(value)[:200]!r} is refused (nothing is fetched); inline the imported context",
                file=name,
                where=where,
            )
        if key == "@context":
            value = _context(value, name, where)
        out[key] = local_contexts(value, name, where)
    return out


def _context(value: object, name: str, where: str) -> object:
    if isinstance(value, list):
        return [_context(v, name, where) for v in value]
    if isinstance(value, str):
        if value.rstrip("#") == OUR_CONTEXT:
            from medpolicy.applicant.model import context

            return context()["@context"]
        raise InputError(
            f"remote or file @context {value[:200]!r} is refused (nothing is fetched); inline the "
            f"context or use {OUR_CONTEXT!r}, which is bundled",
            file=name,
            where=where,
        )
    if value is not None and not isinstance(value, dict):
        raise InputError(f"@context must be an object, a list or an IRI, not {value!r}"[:200], file=name, where=where)
    return value


def plain_application(data: Any, name: str) -> Graph | None:
    """A JSON file without ``@context`` that holds an application in the pydantic model's shape."""
    if not isinstance(data, dict) or "@context" in data or "units" not in data:
        return None
    from pydantic import ValidationError

    from medpolicy.applicant.model import Application

    try:
        application = Application.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(
            f"{first['msg']}{more} (expected by the applicant model; see `medpolicy schema`)",
            file=name,
            where=f"field {field}",
        ) from exc
    # the bundled context is a file of the package: read it before the guard, which refuses every file read
    document = json.dumps(application.to_jsonld(), ensure_ascii=False)
    try:
        with no_fetching(name), quiet_rdflib():
            return Graph().parse(data=document, format="json-ld")
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"the application cannot be read as RDF: {str(exc)[:200]}", file=name) from exc
