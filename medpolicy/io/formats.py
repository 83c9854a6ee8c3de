"""The RDF formats read, told from the file name or a flag, and a parser's error said plainly."""

from __future__ import annotations

import re
from pathlib import Path

from medpolicy.errors import InputError

__all__ = ["FORMATS", "FORMAT_NAMES", "guess_format", "line_in_message", "line_of", "printable", "syntax_message"]

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


def guess_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot tell the RDF format from {suffix or 'no extension'!r}; use one of "
            f"{', '.join(sorted(FORMATS))} or --input-format",
            file=name,
        )
    return FORMATS[suffix]


def line_in_message(message: str) -> str | None:
    match = re.search(r"line (\d+)", message)
    return f"line {match.group(1)}" if match else None


def syntax_message(exc: Exception, fmt: str, text: str) -> str:
    """The parser's reason (not only its first line, which for Turtle is "at line N of <>:") and the line itself."""
    raw = str(exc).strip()
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    reason = next((m.group(1) for ln in lines if (m := re.match(r"Bad syntax \((.*)\) at \^ in:", ln))), None)
    if reason is None:
        reason = next((ln for ln in lines if not re.fullmatch(r"at line \d+ of <[^>]*>:?", ln)), type(exc).__name__)
    message = f"not valid {fmt}: {printable(reason[:300])}"
    match = re.search(r"line (\d+)", raw)
    if match and text:
        number = int(match.group(1))
        source = text.splitlines()
        # the parser may stop after a comment or blank line: show the last line with statements up to there
        at = min(number, len(source))
        while at > 1 and (not source[at - 1].strip() or source[at - 1].lstrip().startswith("#")):
            at -= 1
        if 0 < at <= len(source) and source[at - 1].strip():
            shown = printable(source[at - 1].strip())
            message += f"; line {at} reads: {shown[:160]}{' …' if len(shown) > 160 else ''}"
    return message


def printable(text: str) -> str:
    """Text from the input, safe to print in a one-line message (no newlines or terminal escapes)."""
    return "".join(c if c.isprintable() else " " if c.isspace() else "?" for c in text)


def line_of(text: str, pos: int) -> str:
    return f"line {text.count(chr(10), 0, pos) + 1}"
