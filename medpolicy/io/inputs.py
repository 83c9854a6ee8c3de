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
import logging
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory

from medpolicy.errors import InputError

__all__ = ["FORMATS", "FORMAT_NAMES", "Limits", "guess_format", "no_fetching", "quiet_rdflib", "read_graph"]

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
OUR_CONTEXT = "https://w3id.org/medpolicy/context.jsonld"
ENCODING_ENV = "MEDPOLICY_INPUT_ENCODING"


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


# -- no fetching: a refusing document loader and an audit hook, active only while a parser runs ------------------


class _FetchRefused(Exception):
    """Raised inside a parser when it tries to reach the network or another file."""


class _GuardState(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        self.refused: list[str] = []


_STATE = _GuardState()
_INSTALL_LOCK = threading.Lock()
_INSTALLED = False
_NETWORK_EVENTS = {
    "socket.__new__",
    "socket.bind",
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyaddr",
    "socket.gethostbyname",
    "socket.gethostname",
    "socket.getnameinfo",
    "socket.sendmsg",
    "socket.sendto",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
    "webbrowser.open",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
}
# reading Python code (a lazily imported module) stays allowed while parsing; any other file is refused
_CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pyd", ".so", ".dylib")


def _refuse(what: str) -> None:
    _STATE.refused.append(what)
    raise _FetchRefused(f"{what} refused")


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _STATE.depth:
        return
    if event in _NETWORK_EVENTS:
        _refuse(f"{event} to {args[1]!r}" if event == "socket.connect" and len(args) > 1 else event)
    elif event == "open" and args:
        path = args[0]
        mode = args[1] if len(args) > 1 else "r"
        if isinstance(path, int) or path is None:
            return
        name = os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else str(path)
        if not name.endswith(_CODE_SUFFIXES) or (isinstance(mode, str) and any(c in mode for c in "wax+")):
            _refuse(f"opening {name}")


def _refusing_loader(self: Any, source: str, base: str | None, referenced: Any) -> Any:
    if _STATE.depth:
        _refuse(f"fetching the JSON-LD context {source!r}")
    return _ORIGINAL_LOADER(self, source, base, referenced)  # pragma: no cover - outside our parsing


_ORIGINAL_LOADER: Any = None


def _install() -> None:
    global _INSTALLED, _ORIGINAL_LOADER
    with _INSTALL_LOCK:
        if _INSTALLED:
            return
        sys.addaudithook(_audit)
        try:  # rdflib's only loader of remote/file contexts and @import; if it is renamed, the audit hook remains
            from rdflib.plugins.shared.jsonld.context import Context

            _ORIGINAL_LOADER = Context._fetch_context
            Context._fetch_context = _refusing_loader  # type: ignore[method-assign]
        except (ImportError, AttributeError):  # pragma: no cover - a future rdflib
            pass
        # import every parser now, so that no module is loaded while the guard is on
        import rdflib.plugins.parsers.jsonld
        import rdflib.plugins.parsers.notation3
        import rdflib.plugins.parsers.nquads
        import rdflib.plugins.parsers.ntriples
        import rdflib.plugins.parsers.rdfxml  # noqa: F401
        from rdflib import plugin
        from rdflib.parser import Parser

        for name in FORMAT_NAMES:
            plugin.get(name, Parser)
        _INSTALLED = True


@contextmanager
def no_fetching(name: str) -> Iterator[None]:
    """While the block runs in this thread, any network access, subprocess or file read raises InputError.

    The refusal wins over whatever error the parser made of it, so the message says what was refused.
    """
    _install()
    outer = _STATE.depth == 0
    if outer:
        _STATE.refused = []
    _STATE.depth += 1
    try:
        yield
    except Exception:
        if outer and _STATE.refused:
            raise _refusal(name) from None
        raise
    finally:
        _STATE.depth -= 1
    if outer and _STATE.refused:
        raise _refusal(name)


def _refusal(name: str) -> InputError:
    what = _STATE.refused[0]
    _STATE.refused = []
    return InputError(f"{what} refused: nothing is fetched while reading input; inline the data instead", file=name)


# -- limits while parsing ------------------------------------------------------------------------------------------


class _LimitExceeded(Exception):
    pass


class _LimitedMemory(Memory):  # type: ignore[misc]
    """An in-memory store that refuses to grow past the limits (checked as each statement is added)."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self._limits = limits
        self._added = 0

    def _check(self, triple: tuple[Any, Any, Any]) -> None:
        self._added += 1
        if self._added > self._limits.max_triples:
            raise _LimitExceeded(
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
        raise _LimitExceeded(
            f"a literal of {len(term)} characters (at most {limits.max_literal}; limit max_literal, "
            f"MEDPOLICY_MAX_LITERAL): {str(term)[:40]!r}…"
        )
    if isinstance(term, URIRef) and len(term) > limits.max_iri:
        raise _LimitExceeded(
            f"an IRI of {len(term)} characters (at most {limits.max_iri}; limit max_iri, MEDPOLICY_MAX_IRI): "
            f"{str(term)[:40]!r}…"
        )


def _check_graph(graph: Graph, limits: Limits, name: str) -> None:
    if len(graph) > limits.max_triples:
        raise InputError(
            f"more than {limits.max_triples} triples (limit max_triples, MEDPOLICY_MAX_TRIPLES)", file=name
        )
    for triple in graph:
        try:
            for term in triple:
                _check_term(term, limits)
        except _LimitExceeded as exc:
            raise InputError(str(exc), file=name) from None


def _line(text: str, pos: int) -> str:
    return f"line {text.count(chr(10), 0, pos) + 1}"


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


def _check_nesting(text: str, fmt: str, limits: Limits, name: str) -> None:
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
                        where=_line(text, match.start()),
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
            where=_line(text, match.start()),
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
        parser.Parse(_xml_as_utf8(text).encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise InputError(
            f"not valid xml: {expat.ErrorString(exc.code)}", file=name, where=f"line {exc.lineno}"
        ) from exc


_XML_DECL = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _xml_as_utf8(text: str) -> str:
    """The text with its XML declaration saying UTF-8 (the parsers are given UTF-8 bytes or a str)."""
    match = _XML_DECL.match(text)
    if not match:
        return text
    return text[: match.start(1)] + "UTF-8" + text[match.end(1) :]


# -- encodings -------------------------------------------------------------------------------------------------

_GB_NAMES = {"gb18030", "gbk", "gb2312", "cp936", "gb-2312", "x-gbk"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# characters a byte 0x80-0xFF becomes when decoded as Latin-1 or Windows-1252
_MOJIBAKE_RUN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{4,}"
)


def _declared_xml_encoding(data: bytes) -> str | None:
    match = re.match(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", data[:200])
    return match.group(1).decode("ascii").lower() if match else None


def _decode(data: bytes, name: str, fmt: str, encoding: str | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark settles it
        data, encoding = data[3:], "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"starts with a UTF-16 byte-order mark but is not UTF-16 (byte {exc.start})", file=name
            ) from exc
    declared = _declared_xml_encoding(data) if fmt == "xml" else None
    if encoding is None and declared in _GB_NAMES:
        encoding = "gb18030"
    if encoding is not None and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise InputError(f"unknown encoding {encoding!r}", file=name, where=ENCODING_ENV) from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding.upper()} (byte {exc.start}); save the file as UTF-8",
                file=name,
                where=_line(data.decode("latin-1"), exc.start),
            ) from exc
    if declared and declared not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"declares encoding {declared!r}, not read here (only UTF-8, GB18030/GBK): save the file as UTF-8",
                file=name,
                where="line 1",
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = _line(data.decode("latin-1"), exc.start)
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 (byte {exc.start}): save the file as UTF-8", file=name, where=where) from exc
        raise InputError(
            f"encoded as GB18030/GBK, not UTF-8 (byte {exc.start}): save the file as UTF-8, or read it as "
            f"GB18030 with {ENCODING_ENV}=gb18030",
            file=name,
            where=where,
        ) from exc


def _refuse_mojibake(text: str, name: str) -> None:
    """Chinese text that went through Latin-1/Windows-1252 on its way to UTF-8 reads as ``æ±Ÿè‹`` or ``½­ËÕ``."""
    for count, match in enumerate(_MOJIBAKE_RUN.finditer(text)):
        if count > 100:
            return
        run = match.group()
        raw = b"".join(c.encode("latin-1") if ord(c) < 256 else c.encode("cp1252") for c in run)
        for enc in ("utf-8", "gb18030"):
            try:
                decoded = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if len(_CJK.findall(decoded)) >= 2 and len(_CJK.findall(decoded)) * 2 >= len(decoded):
                raise InputError(
                    f"garbled text {run[:16]!r} looks like Chinese ({decoded[:8]!r}) encoded as "
                    f"{'UTF-8' if enc == 'utf-8' else 'GB18030/GBK'} but decoded as Latin-1 before it was saved "
                    f"(mojibake): export the file again as UTF-8",
                    file=name,
                    where=_line(text, match.start()),
                )


# -- JSON and JSON-LD ------------------------------------------------------------------------------------------


def _printable(text: str) -> str:
    """Text from the input, safe to print in a one-line message (no newlines or terminal escapes)."""
    return "".join(c if c.isprintable() else " " if c.isspace() else "?" for c in text)


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused (json would silently keep the last value)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"the key {_printable(key)[:80]!r} is given twice in one object; give it once")
        out[key] = value
    return out


def _load_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        raise InputError(str(exc), file=name) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=name, where=f"line {exc.lineno}") from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"not valid JSON: {str(exc)[:200]}", file=name) from exc


def _local_contexts(node: object, name: str, path: str = "") -> object:
    """Replace our own context IRI by the bundled context; refuse any other context given by IRI, and @import.

    Contexts are looked for everywhere: at the top, in nested node objects and ``@graph``, and in term
    definitions (scoped contexts), so that the parser never has a context to fetch.
    """
    if isinstance(node, list):
        return [_local_contexts(item, name, f"{path}[{i}]") for i, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        where = _printable(f"{path}/{key}" if path else str(key))[:200]
        if key == "@import":
            raise InputError(
                f"JSON-LD @import {str(value)[:200]!r} is refused (nothing is fetched); inline the imported context",
                file=name,
                where=where,
            )
        if key == "@context":
            value = _context(value, name, where)
        out[key] = _local_contexts(value, name, where)
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


def _plain_application(data: Any, name: str) -> Graph | None:
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


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's warnings and logged tracebacks about ill-typed literals (``"2025-02-30"^^xsd:date``).

    rdflib emits them whenever such a literal is built — while parsing, and again when pySHACL copies the
    graph; preparing reports each one properly, naming the node and the property.
    """
    term_logger = logging.getLogger("rdflib.term")
    level = term_logger.level
    term_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        term_logger.setLevel(level)


# -- the entry point -------------------------------------------------------------------------------------------


def guess_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot tell the RDF format from {suffix or 'no extension'!r}; use one of "
            f"{', '.join(sorted(FORMATS))} or --input-format",
            file=name,
        )
    return FORMATS[suffix]


def _where(message: str) -> str | None:
    match = re.search(r"line (\d+)", message)
    return f"line {match.group(1)}" if match else None


def _syntax_message(exc: Exception, fmt: str, text: str) -> str:
    """The parser's reason (not only its first line, which for Turtle is "at line N of <>:") and the line itself."""
    raw = str(exc).strip()
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    reason = next((m.group(1) for ln in lines if (m := re.match(r"Bad syntax \((.*)\) at \^ in:", ln))), None)
    if reason is None:
        reason = next((ln for ln in lines if not re.fullmatch(r"at line \d+ of <[^>]*>:?", ln)), type(exc).__name__)
    message = f"not valid {fmt}: {_printable(reason[:300])}"
    match = re.search(r"line (\d+)", raw)
    if match and text:
        number = int(match.group(1))
        source = text.splitlines()
        # the parser may stop after a comment or blank line: show the last line with statements up to there
        at = min(number, len(source))
        while at > 1 and (not source[at - 1].strip() or source[at - 1].lstrip().startswith("#")):
            at -= 1
        if 0 < at <= len(source) and source[at - 1].strip():
            shown = _printable(source[at - 1].strip())
            message += f"; line {at} reads: {shown[:160]}{' …' if len(shown) > 160 else ''}"
    return message


def _read_bytes(name: str, limits: Limits) -> bytes:
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
    return _read_bytes(name, limits or Limits.from_env())


def check_json_nesting(text: str, name: str, limits: Limits | None = None) -> None:
    """Refuse JSON nested deeper than ``max_depth`` before :mod:`json` (which recurses) reads it."""
    _check_nesting(text, "json-ld", limits or Limits.from_env(), name)


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
    data = _read_bytes(name, limits)
    text = _decode(data, name, fmt, encoding)
    if "\x00" in text:
        raise InputError("contains NUL characters: not a text file", file=name, where=_line(text, text.index("\x00")))
    _refuse_mojibake(text, name)
    _check_nesting(text, fmt, limits, name)
    if fmt == "xml":
        text = _xml_as_utf8(text)
    if fmt == "json-ld":
        document = _load_json(text, name)
        plain = _plain_application(document, name)
        if plain is not None:
            _check_graph(plain, limits, name)
            return plain
        if not isinstance(document, dict | list):
            raise InputError("a JSON-LD document must be an object or an array", file=name)
        text = json.dumps(_local_contexts(document, name), ensure_ascii=False)
    store = _LimitedMemory(limits)
    sink = Graph(store=store)
    try:
        with no_fetching(name), quiet_rdflib():
            sink.parse(data=text, format=fmt)
    except InputError:
        raise
    except _LimitExceeded as exc:
        raise InputError(str(exc), file=name) from None
    except RecursionError as exc:
        raise InputError(
            f"nested too deeply to parse (limit max_depth, MEDPOLICY_MAX_DEPTH={limits.max_depth})", file=name
        ) from exc
    except Exception as exc:  # each rdflib parser has its own exception types
        raise InputError(_syntax_message(exc, fmt, text), file=name, where=_where(str(exc))) from exc
    graph = Graph()
    for prefix, namespace in sink.namespaces():
        graph.bind(prefix, namespace, override=False)
    for (s, p, o), _contexts in store.triples((None, None, None), None):
        graph.add((s, p, o))
    if len(graph) == 0:
        raise InputError(f"no triples read as {fmt}", file=name)
    return graph
