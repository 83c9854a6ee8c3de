"""Unit conversion for parameter values, with pint and the unit definitions in ``ontology/units.txt``.

A unit code is looked up, never evaluated. It is a whole code the knowledge base defines (an ``alias``), a
UCUM or QUDT spelling of one (a ``synonym``), or atoms joined by ``*`` and ``/``: each atom a unit name the
knowledge base accepts (``accept``), possibly with an SI prefix that keeps its kind (``mT`` from ``T``), raised
to a small power (``**2``, ``**0.5``), and at most a bounded scale (``10**8``, ``1e3``). Anything else —
``"0*count"``, ``"10**10**6*count"``, ``"__import__"`` — is an unknown unit (:class:`InputError`); pint
never sees text from an applicant, only the atoms looked up here.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint

from medpolicy.errors import InputError

__all__ = ["UnitConverter", "convert", "known"]

PREFIXES = ("p", "n", "u", "µ", "μ", "m", "c", "d", "k", "M", "G")
_POWERS = {Fraction(n, d) for n in range(-3, 4) for d in (1, 2)} - {Fraction(0)}
_MAX_SCALE_EXPONENT = 12
_MAX_CODE = 64
_TOKEN = re.compile(r"\*\*|\*|/|[^*/]+")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]{1,2})?")


def _pint_cache_name() -> str:
    """pint's cache holds the paths of its own definition files: one folder per pint installation, so two
    environments sharing a cache folder never read each other's paths."""
    where = f"{Path(pint.__file__).resolve().parent}|{pint.__version__}"
    return f"pint-{hashlib.sha256(where.encode()).hexdigest()[:12]}"


class UnitConverter:
    """Converts ``value unit_code`` into another unit code; unit codes are looked up (see the module text)."""

    def __init__(self, definitions: Path) -> None:
        from medpolicy.kb.cache import cache_dir

        folder = cache_dir()  # pint keeps its parsed definitions there: 0.11 s → 0.02 s per process
        self.registry: Any = pint.UnitRegistry(
            autoconvert_offset_to_baseunit=True, cache_folder=None if folder is None else folder / _pint_cache_name()
        )
        self.aliases: dict[str, str] = {}
        self.synonyms: dict[str, str] = {}
        self.accepted: set[str] = set()
        for raw in definitions.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("alias "):
                code, _, expr = line[len("alias ") :].partition("=")
                self.aliases[code.strip()] = expr.strip()
            elif line.startswith("synonym "):
                form, _, code = line[len("synonym ") :].partition("=")
                self.synonyms[form.strip()] = code.strip()
            elif line.startswith("accept "):
                self.accepted.update(line[len("accept ") :].split())
            else:
                self.registry.define(line)
        self._atoms: dict[str, Any] = {}

    def _atom(self, name: str, code: str) -> Any:
        """The pint quantity of one accepted atom (a trusted name), or InputError."""
        if name in self._atoms:
            return self._atoms[name]
        quantity = None
        if name in self.aliases:
            quantity = self.registry.parse_expression(self.aliases[name])  # trusted: from units.txt
        elif name in self.accepted:
            quantity = self.registry.Quantity(1, self.registry.Unit(name))
        else:
            quantity = self._prefixed(name)
        if quantity is None:
            raise InputError(f"unknown unit {code!r} ({name!r} is not a unit medpolicy knows)", where="unit")
        self._atoms[name] = quantity
        return quantity

    def _prefixed(self, name: str) -> Any:
        """``kT`` when ``T`` (or ``mT``) is accepted and both measure the same kind of quantity."""
        for prefix in PREFIXES:
            if not name.startswith(prefix) or len(name) == len(prefix):
                continue
            base = name[len(prefix) :]
            bases = [base] + [p + base for p in PREFIXES]
            if not any(b in self.accepted and b not in self.aliases for b in bases):
                continue
            try:
                unit = self.registry.Unit(name.replace("µ", "u").replace("μ", "u"))
                reference = self.registry.Unit(base)
            except Exception:  # noqa: BLE001 - pint raises several kinds for a name it does not know
                continue
            if unit.dimensionality == reference.dimensionality:
                return self.registry.Quantity(1, unit)
        return None

    def _scale(self, token: str, code: str) -> Decimal:
        if not _NUMBER.fullmatch(token):
            raise InputError(f"unknown unit {code!r} ({token!r} is not a unit medpolicy knows)", where="unit")
        try:
            number = Decimal(token)
        except InvalidOperation:
            raise InputError(f"unknown unit {code!r}", where="unit") from None
        if not Decimal("1e-12") <= number <= Decimal("1e12"):
            raise InputError(f"unknown unit {code!r} (a scale must be between 1e-12 and 1e12)", where="unit")
        return number

    def _power(self, token: str, code: str) -> Fraction:
        try:
            power = Fraction(token)
        except (ValueError, ZeroDivisionError):
            power = None
        if power is None or power not in _POWERS:
            raise InputError(f"unknown unit {code!r} (power {token!r}; at most ±3 or a half)", where="unit")
        return power

    def quantity(self, value: float, code: str) -> Any:
        """``value`` in the unit ``code``, looked up factor by factor."""
        code = code.strip()
        code = self.synonyms.get(code, code)
        if not code:
            return self.registry.Quantity(value, "")
        if len(code) > _MAX_CODE:
            raise InputError(f"unknown unit {code[:_MAX_CODE]!r}… (longer than {_MAX_CODE} characters)", where="unit")
        if code in self.aliases:
            return value * self._atom(code, code)
        tokens = _TOKEN.findall(code.replace(" ", ""))
        result = self.registry.Quantity(value, "")
        scale = Decimal(1)
        divide = False
        expect_factor = True
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if expect_factor:
                if token in ("*", "/", "**"):
                    raise InputError(f"unknown unit {code!r}", where="unit")
                raised: str | None = None
                if index + 2 < len(tokens) and tokens[index + 1] == "**":
                    raised = tokens[index + 2]
                    index += 2
                if token[0].isdigit():
                    factor = self._scale(token, code) if raised is None else self._ten(token, raised, code)
                    scale = scale / factor if divide else scale * factor
                else:
                    power = Fraction(1) if raised is None else self._power(raised, code)
                    atom = self._atom(token, code) ** float(power)
                    result = result / atom if divide else result * atom
                expect_factor = False
            else:
                if token not in ("*", "/"):
                    raise InputError(f"unknown unit {code!r}", where="unit")
                divide = token == "/"
                expect_factor = True
            index += 1
        if expect_factor:
            raise InputError(f"unknown unit {code!r}", where="unit")
        if not Decimal("1e-24") <= scale <= Decimal("1e24"):
            raise InputError(f"unknown unit {code!r} (scale out of range)", where="unit")
        return result * float(scale)

    def _ten(self, base: str, exponent: str, code: str) -> Decimal:
        """A scale ``10**N`` with a whole N of at most 12 either way."""
        if base != "10" or not re.fullmatch(r"-?[0-9]{1,2}", exponent) or abs(int(exponent)) > _MAX_SCALE_EXPONENT:
            raise InputError(f"unknown unit {code!r} (a scale is 10**N, N at most {_MAX_SCALE_EXPONENT})", where="unit")
        return Decimal(10) ** int(exponent)

    def convert(self, value: float | Decimal, from_code: str, to_code: str) -> float:
        """``convert(1500, "mT", "T") == 1.5``; raises InputError when the units do not convert."""
        if from_code.strip() == to_code.strip():
            self.quantity(1.0, from_code)  # an unknown code is refused even where nothing converts
            return float(value)
        source = self.quantity(float(value), from_code)
        target = self.quantity(1.0, to_code)
        try:
            return float(source.to(target.units).magnitude / target.magnitude)
        except Exception as exc:
            raise InputError(f"{value} {from_code} cannot be converted to {to_code}", where="unit") from exc

    def known(self, code: str) -> bool:
        try:
            self.quantity(1.0, code)
        except InputError:
            return False
        return True


@lru_cache(maxsize=4)
def _default(path: str) -> UnitConverter:
    return UnitConverter(Path(path))


def _converter() -> UnitConverter:
    from medpolicy.kb.store import kb_root

    return _default(str(kb_root() / "ontology" / "units.txt"))


def convert(value: float | Decimal, from_code: str, to_code: str) -> float:
    """Convert with the knowledge base's unit definitions."""
    return _converter().convert(value, from_code, to_code)


def known(code: str) -> bool:
    """Whether ``code`` is a unit code medpolicy accepts."""
    return _converter().known(code)
