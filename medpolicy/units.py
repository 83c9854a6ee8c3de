"""Unit conversion for parameter values, with pint and the unit definitions in ``ontology/units.txt``."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint

from medpolicy.errors import InputError

__all__ = ["UnitConverter", "convert"]


class UnitConverter:
    """Converts ``value unit_code`` into another unit code; unit codes are pint expressions."""

    def __init__(self, definitions: Path) -> None:
        self.registry: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
        self.aliases: dict[str, str] = {}
        for raw in definitions.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("alias "):
                code, _, expr = line[len("alias ") :].partition("=")
                self.aliases[code.strip()] = expr.strip()
            else:
                self.registry.define(line)

    def _expr(self, code: str) -> str:
        code = code.strip()
        if code in self.aliases:
            return self.aliases[code]
        return re.sub(r"\bcount\b", "piece", code)

    def quantity(self, value: float, code: str) -> Any:
        if not code:
            return self.registry.Quantity(value, "")
        expr = self._expr(code)
        try:
            unit = self.registry.parse_expression(expr)
        except Exception as exc:
            raise InputError(f"unknown unit {code!r}", where="unit") from exc
        if not hasattr(unit, "magnitude"):  # a bare number such as "1"
            return self.registry.Quantity(value * float(unit), "")
        return value * unit

    def convert(self, value: float | Decimal, from_code: str, to_code: str) -> float:
        """``convert(1500, "mT", "T") == 1.5``; raises InputError when the units do not convert."""
        if from_code.strip() == to_code.strip():
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


def convert(value: float | Decimal, from_code: str, to_code: str) -> float:
    """Convert with the knowledge base's unit definitions."""
    from medpolicy.kb import kb_root

    return _default(str(kb_root() / "ontology" / "units.txt")).convert(value, from_code, to_code)
