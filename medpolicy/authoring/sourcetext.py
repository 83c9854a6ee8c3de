"""Mechanical normalisation of a seed document into ``policies/<id>/source.txt``.

The seeds are plain text extracted from published notices. The extraction left artefacts that
are not part of the notice: LaTeX math (``$\\geq 83\\text{cm}$``), Markdown emphasis (``**申报主体**``)
and list bullets (``- （一）``), trailing blanks and runs of empty lines. ``normalise`` removes
exactly these, and nothing else, so that ``normalise(seed) == source.txt`` is a test.

Rules, applied in order:

1. line endings become ``\\n``; a UTF-8 byte-order mark is dropped;
2. each ``$…$`` math span is rewritten to the characters it typesets: ``\\text{X}`` → ``X``,
   the commands of ``LATEX_SYMBOLS`` → their Unicode character, ``^2``/``^3`` → ``²``/``³``,
   ``^\\circ`` → ``°``, ``\\sqrt{X}`` → ``√X``; blanks outside ``\\text{}`` are dropped; a command
   of ``LATEX_SYMBOLS`` left outside any ``$…$`` (``200mm \\times 150mm``) becomes its character too;
3. Markdown bold markers ``**`` are dropped;
4. a leading ``- `` list bullet is dropped;
5. trailing blanks are stripped from every line; three or more newlines become two.

Quotes are compared with :func:`squash`, which removes every whitespace character: the
extraction broke lines inside words (``具有独立\\n\\n法人资格``) and put blanks between Chinese
characters and numbers (``不超过 60 周岁``), neither of which is part of the text.
"""

from __future__ import annotations

import re

__all__ = ["LATEX_SYMBOLS", "normalise", "squash"]

LATEX_SYMBOLS: dict[str, str] = {
    "geq": "≥",
    "ge": "≥",
    "leq": "≤",
    "le": "≤",
    "times": "×",
    "pm": "±",
    "mu": "μ",
    "circ": "°",
    "sim": "~",
    "approx": "≈",
    "cdot": "·",
    "Omega": "Ω",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "lambda": "λ",
    "%": "%",
}

_MATH = re.compile(r"\$([^$\n]+)\$")
_TEXT = re.compile(r"\\(?:text|mathrm|rm)\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\{([^{}]*)\}")
_CMD = re.compile(r"\\([A-Za-z]+|%)")
_SUPER = {"2": "²", "3": "³", "-1": "⁻¹"}


def _math(match: re.Match[str]) -> str:
    body = match.group(1)
    texts: list[str] = []

    def keep(m: re.Match[str]) -> str:
        texts.append(m.group(1))
        return f"\x00{len(texts) - 1}\x00"

    body = _TEXT.sub(keep, body)
    body = _SQRT.sub(lambda m: "√" + m.group(1), body)
    body = re.sub(r"\^\\circ", "°", body)
    body = re.sub(r"\^\{?(-1|2|3)\}?", lambda m: _SUPER[m.group(1)], body)
    body = _CMD.sub(lambda m: LATEX_SYMBOLS.get(m.group(1), m.group(0)), body)
    body = re.sub(r"\s+", "", body)
    return re.sub(r"\x00(\d+)\x00", lambda m: texts[int(m.group(1))], body)


def normalise(seed: str) -> str:
    """Return the source text for a seed document (see the module docstring for the rules)."""
    text = seed.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _MATH.sub(_math, text)
    text = re.sub(r"\\([A-Za-z]+)\b", lambda m: LATEX_SYMBOLS.get(m.group(1), m.group(0)), text)
    text = text.replace("**", "")
    text = re.sub(r"(?m)^[ \t]*- ", "", text)
    text = re.sub(r"[ \t\u3000]+$", "", text, flags=re.M)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def squash(text: str) -> str:
    """Remove all whitespace: the form in which quotes are compared with their source."""
    return re.sub(r"\s+", "", text)
