"""One run, rendered in both languages: the results hold facts, the language is chosen when rendering.

A report validated once and rendered in Chinese and in English equals the reports of two runs, one in each
language — as JSON, text and Markdown; the same for the ranking of ``match`` and the filled index table.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import medpolicy
from medpolicy.i18n import LANGS, Both, Msg
from medpolicy.render.office import index_markdown
from medpolicy.render.report import report_markdown, report_text
from medpolicy.validation.index_table import index_table

ROOT = Path(__file__).resolve().parents[1]
# a failing example with findings and evidence, one with a closed call, one with 原则上 warnings
CASES = [
    ("examples/rd_2019/fail-funding.ttl", "rd_2019", "2020-01-15"),
    ("examples/chongqing/fail-rd-ratio.ttl", "chongqing", "2026-09-01"),
    ("examples/2025_national/fail-field-strength.ttl", "2025_national", "2025-10-15"),
]


@pytest.mark.parametrize(("path", "policy", "as_of"), CASES, ids=[c[0] for c in CASES])
def test_one_run_renders_as_two_runs(path: str, policy: str, as_of: str) -> None:
    once = medpolicy.validate(ROOT / path, policy, as_of=as_of)
    for lang in LANGS:
        run = medpolicy.validate(ROOT / path, policy, lang=lang, as_of=as_of)
        assert once.to_dict(lang) == run.to_dict()
        assert json.loads(once.to_json(lang)) == json.loads(run.to_json())
        assert report_text(once, lang) == report_text(run)
        assert report_markdown(once, lang) == report_markdown(run)
        table = index_table(once)
        assert index_markdown(table, lang) == index_markdown(index_table(run))
    assert once.to_dict("en")["lang"] == "en" and once.lang == "zh"  # rendering does not change the report


def test_results_hold_no_words_of_one_language() -> None:
    """Every text of a report is a catalog message, a text in both languages, or a string that is neither."""
    report = medpolicy.validate(ROOT / CASES[0][0], CASES[0][1], as_of=CASES[0][2])
    texts = [report.policy_title, *report.notes]
    for r in report.results:
        texts += [r.message, r.focus, r.path, r.value, r.expected, r.evidence, *r.evidence_given]
        for f in r.findings:
            texts += [f.focus, f.path, f.value, f.expected, f.message, f.hint]
    assert any(isinstance(t, Msg) for t in texts) and any(isinstance(t, Both) for t in texts)
    words = {t for t in texts if isinstance(t, str)}
    both = report.to_dict("zh"), report.to_dict("en")
    # a plain string reads the same in both renderings: it is an identifier, a number or the notice's quote
    assert all(
        w in json.dumps(both[0], ensure_ascii=False) and w in json.dumps(both[1], ensure_ascii=False) for w in words
    )


def test_in_words_gives_strings_to_read() -> None:
    report = medpolicy.validate(ROOT / CASES[0][0], CASES[0][1], as_of=CASES[0][2])
    english = report.in_words("en")
    assert english.lang == "en" and all(isinstance(r.message, str) for r in english.results)
    assert english.to_dict() == report.to_dict("en")


def test_match_renders_in_either_language() -> None:
    entries = medpolicy.match(ROOT / "examples/aimd_jiebang/pass.ttl", as_of="2025-03-01")
    english = medpolicy.match(ROOT / "examples/aimd_jiebang/pass.ttl", lang="en", as_of="2025-03-01")
    assert [e.to_dict("en") for e in entries] == [e.model_dump(mode="json") for e in english]
    assert [e.model_dump() for e in entries] != [e.model_dump() for e in english]


def test_cli_json_is_the_report_in_the_language_asked() -> None:
    path, policy, as_of = CASES[1]
    out = subprocess.run(
        [sys.executable, "-m", "medpolicy", "validate", path, "--policy", policy, "--as-of", as_of, "--format", "json"]
        + ["--lang", "en"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout) == medpolicy.validate(ROOT / path, policy, as_of=as_of).to_dict("en") | {
        "source": path
    }
