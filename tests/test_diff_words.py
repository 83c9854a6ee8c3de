"""A diff carries facts (catalog messages), rendering picks the words: one run, both languages; the product-family
closure is rdflib's; the command line says why in the language asked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

from medpolicy.diff.applicants import diff_applicants
from medpolicy.diff.compare import diff
from medpolicy.diff.families import broader
from medpolicy.diff.models import DiffReport
from medpolicy.i18n import catalog, words
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.render.diff import render_applicants, render_diff
from medpolicy.validation.report import ClauseResult, Report

NAT, CQ = "2025_national", "chongqing"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def nat_cq(kb: KnowledgeBase) -> DiffReport:
    return diff(NAT, CQ, kb=kb)


def test_every_entry_says_why_by_a_catalog_message(nat_cq: DiffReport) -> None:
    keys = set(catalog())
    for e in nat_cq.entries:
        assert e.why.key in keys
        assert (e.reason, e.reason_zh) == (words(e.why, "en"), words(e.why, "zh"))
    kinds = {e.why.key for e in nat_cq.entries}
    assert len(kinds) >= 5  # many kinds of reasons, not one sentence


def test_the_json_array_keeps_reason_in_both_languages_and_no_message_object(nat_cq: DiffReport) -> None:
    for e in nat_cq.to_json_array():
        assert list(e)[:4] == ["topic", "change", "a", "b"]
        assert "why" not in e and e["reason"] and e["reason_zh"]


def test_a_qualifier_change_is_worded_in_each_language(nat_cq: DiffReport) -> None:
    (e,) = [x for x in nat_cq.entries if x.topic == "standards-research" and x.a and x.b]
    # the qualifiers are quotes of the notices; the words around them follow the language
    assert e.reason.startswith("qualifier 每年 → 任务周期内; ")
    assert e.reason_zh.startswith("限定条件 每年 → 任务周期内；")
    assert not CJK.search(e.reason.replace("每年", "").replace("任务周期内", ""))


def test_one_report_renders_in_both_languages(nat_cq: DiffReport) -> None:
    zh, en = render_diff(nat_cq, "html", "zh"), render_diff(nat_cq, "html", "en")
    assert "仅标点不同" in zh and 'title="punctuation only"' in en  # the punctuation-only marks
    assert "仅见于 B" in zh and "仅见于" not in en and "only in B" in en


def test_broader_families_are_the_transitive_closure_of_skos_broader(kb: KnowledgeBase) -> None:
    closure = broader(kb)
    query = "SELECT ?c ?up WHERE { ?c skos:broader* ?up . ?c skos:broader|^skos:broader [] }"
    expected: dict[str, set[str]] = {}
    for row in kb.ontology.query(query, initNs={"skos": SKOS}):
        expected.setdefault(local_name(row[0]), set()).add(local_name(row[1]))
    assert closure == expected and closure


def test_broader_families_reach_every_level() -> None:
    class Taxonomy:  # a knowledge base with a three-level taxonomy and a family of two parents
        ontology = Graph()

    ex = Namespace("https://example.org/family/")
    for low, up in (("mri", "imaging"), ("imaging", "diagnosis"), ("ct", "imaging"), ("ct", "radiation")):
        Taxonomy.ontology.add((ex[low], SKOS.broader, ex[up]))
    closure = broader(Taxonomy())  # type: ignore[arg-type]
    assert closure["mri"] == {"mri", "imaging", "diagnosis"}
    assert closure["ct"] == {"ct", "imaging", "radiation", "diagnosis"}
    assert closure["diagnosis"] == {"diagnosis"}


def test_applicants_are_explained_in_the_language_asked(kb: KnowledgeBase, nat_cq: DiffReport, tmp_path: Path) -> None:
    (row,) = [e for e in nat_cq.entries if e.topic == "training-headcount" and e.a and e.a.unit_code == "person_time"]
    assert row.a
    clause = kb.clause(row.a.clause)
    assert clause
    (tmp_path / "trains-180.ttl").write_text("# as-of: 2025-10-15\n", encoding="utf-8")

    def validator(path: Path, policy: str, as_of: object) -> Report:
        failing = [clause] if policy == NAT else []
        results = [
            ClauseResult(clause=c.id, section=c.section, status="fail", text=c.text, topic=c.topic, message="x")
            for c in failing
        ]
        return Report(policy=policy, as_of="2025-10-15", lang="zh", conforms=not failing, summary={}, results=results)

    result = diff_applicants(NAT, CQ, tmp_path, report=nat_cq, kb=kb, validator=validator)
    zh, en = render_applicants(result, "table", "zh"), render_applicants(result, "table", "en")
    assert row.reason_zh in zh and row.reason not in zh
    assert row.reason in en and row.reason_zh not in en
    (flip,) = result.to_json_array()
    assert flip["causes"][0]["reasons"] == [row.reason] and "why" not in flip["causes"][0]


def test_cli_says_why_in_the_language_asked() -> None:
    def run(*args: str) -> str:
        cmd = [sys.executable, "-m", "medpolicy", "diff", NAT, CQ, "--topic", "standards-research", *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    en, zh = run("--lang", "en"), run("--lang", "zh")
    assert "qualifier 每年 → 任务周期内" in en and "限定条件" not in en
    assert "限定条件 每年 → 任务周期内" in zh and "qualifier" not in zh
    entries = json.loads(run("--format", "json"))
    assert {e["reason"] for e in entries} >= {"only in B"}
