"""No fetching while a parser runs: a refusing document loader and an audit hook turn any attempt to reach the
network, start a process or read another file into an :class:`~medpolicy.errors.InputError`; rdflib kept quiet."""

from __future__ import annotations

import logging
import os
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from medpolicy.errors import InputError
from medpolicy.io.formats import FORMAT_NAMES

__all__ = ["no_fetching", "quiet_rdflib"]


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
