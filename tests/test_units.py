"""Unit conversion of real indicators from the annexes."""

from __future__ import annotations

import pytest

from medpolicy.errors import InputError
from medpolicy.kb.units import UnitConverter
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def units() -> UnitConverter:
    return UnitConverter(ROOT / "ontology" / "units.txt")


@pytest.mark.parametrize(
    ("value", "given", "target", "expected"),
    [
        (1500, "mT", "T", 1.5),  # 无液氦超导磁共振系统 磁场强度≥1.5T
        (0.3, "ns", "ps", 300.0),  # PET 时间分辨率优于300ps
        (30, "10**4/s", "1/s", 300000.0),  # OCT 最大扫描速度≥40万次/秒 (in 10^4/s)
        (0.1, "MW", "kW", 100.0),  # 高压发生器功率≥100kW
        (8.2, "dm", "cm", 82.0),  # 孔径≥82cm
        (0.05, "cm", "mm", 0.5),  # 放射等中心精度≤0.3mm style
        (3, "Gy/min", "cGy/min", 300.0),  # 焦点剂量率≥300cGy/min
        (4.7, "lp/mm", "lp/cm", 47.0),  # 最高空间分辨率≥47lp/cm
        (0.15, "GS/s", "MS/s", 150.0),  # 转换速度≥150MS/s
    ],
)
def test_real_indicator_conversions(
    units: UnitConverter, value: float, given: str, target: str, expected: float
) -> None:
    assert units.convert(value, given, target) == pytest.approx(expected)


def test_units_that_do_not_convert_are_an_input_error(units: UnitConverter) -> None:
    with pytest.raises(InputError, match="cannot be converted"):
        units.convert(5, "mm", "T")


def test_counts_are_not_percentages(units: UnitConverter) -> None:
    with pytest.raises(InputError):
        units.convert(5, "count", "percent")


def test_unknown_unit_is_named(units: UnitConverter) -> None:
    with pytest.raises(InputError, match="furlongs_per_fortnight"):
        units.convert(5, "furlongs_per_fortnight", "T")
