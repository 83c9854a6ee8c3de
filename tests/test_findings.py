"""Findings carry numbers beside their display strings, and the IRI of the node they are about."""

from __future__ import annotations

import datetime as dt

from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.run import validate
from tests.conftest import ROOT


def _finding(path: str, policy: str, clause: str, as_of: dt.date, kb: KnowledgeBase) -> dict[str, object]:
    report = validate(ROOT / "examples" / path, policy, lang="en", as_of=as_of, kb=kb)
    result = next(r for r in report.results if r.clause.endswith("/" + clause))
    assert result.status == "fail"
    return result.findings[0].model_dump(context={"lang": "en"})


def test_a_converted_value_keeps_both_numbers(kb: KnowledgeBase) -> None:
    f = _finding("2025_national/fail-field-strength.ttl", "2025_national", "a1-p02-i2", dt.date(2025, 10, 15), kb)
    assert f["value"] == "1200 mT (= 1.2 T)"  # the display string is unchanged
    assert (f["found"], f["found_as_given"], f["unit_as_given"]) == (1.2, 1200.0, "mT")
    assert (f["comparator"], f["threshold"], f["unit"]) == (">=", 1.5, "T")
    assert str(f["parameter"]).endswith("/a1-p02-i2-p1")
    assert f["node"] == "https://example.org/2025_national/fail-field-strength/product"


def test_a_computed_value_is_a_number_with_the_threshold_unit(kb: KnowledgeBase) -> None:
    f = _finding("chongqing/fail-rd-ratio.ttl", "chongqing", "a1-s3-2-1-1-d", dt.date(2026, 5, 15), kb)
    assert (f["found"], f["comparator"], f["threshold"], f["unit"]) == (4.3, ">=", 5, "percent")
    assert f["node"] == "https://example.org/chongqing/fail-rd-ratio/manufacturer"
