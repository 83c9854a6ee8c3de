"""Finding things: SPARQL over the whole KB, the named questions of queries/ (each answer recomputed here from
the typed library views, not hard-coded), text search, topics, and suggestions for a mistyped id."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable

import pytest

import medpolicy
from medpolicy.errors import InputError
from medpolicy.query import named_queries, run_query, search, topics
from medpolicy.query.sparql import GRAPH_BASE
from tests.conftest import POLICIES, ROOT

Rows = list[tuple[str, ...]]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medpolicy", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def _num(v: object) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


# -- the independent answers of the named queries --------------------------------------------------------------
def _clauses_per_topic() -> Rows:
    labels = {r.id: (r.label, r.label_en) for r in topics()}
    count = Counter((c.topic, c.policy) for c in medpolicy.clauses())
    return sorted((t, *labels[t], p, str(n)) for (t, p), n in count.items() if t in labels)


def _training_headcount() -> Rows:
    return sorted(
        (c.policy, c.id, c.section, p.subject, p.comparator, _num(p.value), p.unit, p.quote)
        for c in medpolicy.clauses()
        for p in c.parameters
        if p.unit == "人次" and "培训" in p.subject
    )


def _checks_per_policy() -> Rows:
    return sorted((p, k, str(n)) for (p, k), n in Counter((c.policy, c.check) for c in medpolicy.clauses()).items())


def _rd_investment_mentions() -> Rows:
    return sorted((c.policy, c.id, c.section, c.topic, c.text) for c in medpolicy.clauses() if "研发投入" in c.text)


def _direction(comparator: str) -> str:
    return "min" if comparator in (">=", ">") else "max" if comparator in ("<=", "<") else ""


def _tightened_since_2019() -> Rows:
    years = {p.id: str(p.issued or "")[:4] for p in medpolicy.policies()}
    bounds: dict[tuple[str, str, str, str, str], list[tuple[medpolicy.Parameter, str]]] = {}
    for c in medpolicy.clauses():
        for p in c.parameters:
            if p.unit_code and _direction(p.comparator):
                key = (c.policy, c.topic, c.product_family or "", p.unit_code, _direction(p.comparator))
                bounds.setdefault(key, []).append((p, c.policy))
    rows = []
    for (pa_, topic, family, unit, d), only_a in bounds.items():
        if years.get(pa_) != "2019" or len(only_a) != 1:
            continue
        a = only_a[0][0]
        for (pb_, t2, f2, u2, d2), only_b in bounds.items():
            if (t2, f2, u2, d2) != (topic, family, unit, d) or not years.get(pb_) or years[pb_] <= "2019":
                continue
            if len(only_b) != 1:
                continue
            b = only_b[0][0]
            if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a.value, b.value)):
                continue
            va, vb = float(a.value), float(b.value)  # type: ignore[arg-type]
            tighter = (
                (vb > va or (vb == va and (a.comparator, b.comparator) == (">=", ">")))
                if d == "min"
                else (vb < va or (vb == va and (a.comparator, b.comparator) == ("<=", "<")))
            )
            if tighter:
                rows.append(
                    (
                        topic,
                        family,
                        unit,
                        pa_,
                        a.subject,
                        a.comparator,
                        _num(a.value),
                        pb_,
                        b.subject,
                        b.comparator,
                        _num(b.value),
                    )
                )
    return sorted(rows)


EXPECTED: dict[str, Callable[[], Rows]] = {
    "clauses-per-topic": _clauses_per_topic,
    "training-headcount": _training_headcount,
    "checks-per-policy": _checks_per_policy,
    "rd-investment-mentions": _rd_investment_mentions,
    "tightened-since-2019": _tightened_since_2019,
}


def test_every_named_query_has_a_test_and_a_documented_header() -> None:
    queries = named_queries()
    assert sorted(q.name for q in queries) == sorted(EXPECTED)
    for q in queries:
        assert q.title and q.title_en and q.description and q.columns, q.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_answer(name: str) -> None:
    q = next(q for q in named_queries() if q.name == name)
    result = run_query(q.text)
    assert result.variables == q.columns
    got = sorted(tuple(_num_text(v) for v in row.values()) for row in result.values())
    want = EXPECTED[name]()
    assert want, f"{name}: the recomputed answer is empty, the test would prove nothing"
    assert got == want


def _num_text(v: str | None) -> str:
    if v is None:
        return ""
    try:
        f = float(v)
    except ValueError:
        return v
    return _num(f) if not v.isdigit() else v


def test_every_policy_is_a_named_graph_and_the_ontology_is_in_the_default_graph() -> None:
    graphs = run_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").values()
    assert sorted(r["g"] or "" for r in graphs) == sorted(GRAPH_BASE + p for p in POLICIES)
    ask = run_query("ASK { mpt:rd-investment-ratio skos:prefLabel ?l }")  # prefixes predeclared
    assert ask.kind == "ask" and ask.boolean is True
    per_graph = run_query("SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a mp:Clause } } GROUP BY ?g").values()
    counts = Counter(c.policy for c in medpolicy.clauses())
    assert {(r["g"] or "").rsplit("/", 1)[-1]: int(r["n"] or 0) for r in per_graph} == dict(counts)


def test_a_syntax_error_is_unusable_input() -> None:
    with pytest.raises(InputError, match="SPARQL syntax error"):
        run_query("SELECT ?x WHERE { ?x")


def test_query_command_named_and_formats_in_a_fresh_process() -> None:
    out = _cli("query", "--named", "training-headcount", "--format", "json")
    assert out.returncode == 0, out.stderr
    bindings = json.loads(out.stdout)["results"]["bindings"]
    assert sorted(b["value"]["value"] for b in bindings) == sorted(r[5] for r in _training_headcount())
    out = _cli("query", "SELECT ?id WHERE { ?d a mp:PolicyDocument ; mp:policyId ?id }", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["id"] and sorted(r[0] for r in rows[1:]) == POLICIES
    bad = _cli("query", "SELECT WHERE {")
    assert bad.returncode == 2 and "SPARQL syntax error" in bad.stderr and "Traceback" not in bad.stderr
    unknown = _cli("query", "--named", "training-headcont")
    assert unknown.returncode == 2 and "did you mean training-headcount" in unknown.stderr


# -- search ------------------------------------------------------------------------------------------------------
def test_search_finds_chinese_text_ignoring_spaces_and_marks_the_hit() -> None:
    want = {c.id for c in medpolicy.clauses() if "研发投入" in "".join(c.text.split())}
    hits = search("研发投入")
    assert want and want <= {h.clause.id for h in hits}
    for h in hits:
        for f in h.fields:
            for start, end in f.spans:
                assert "".join(f.value[start:end].split()) == "研发投入"
    # the notice writes "不少于 150 人次" with spaces; a user types it without
    spaced = [c for c in medpolicy.clauses() if "不少于 150 人次" in c.text]
    assert spaced and {c.id for c in spaced} <= {h.clause.id for h in search("不少于150人次")}


def test_search_finds_the_english_gloss_case_blind() -> None:
    want = {c.id for c in medpolicy.clauses() if "r&d investment" in c.gloss.lower()}
    assert want and want <= {h.clause.id for h in search("R&D INVESTMENT")}


def test_clauses_search_in_a_fresh_process_highlights_the_hit() -> None:
    out = _cli("clauses", "--search", "研发投入", "--policy", "chongqing")
    assert out.returncode == 0, out.stderr
    assert "【研发投入】" in out.stdout
    n = sum(
        1
        for c in medpolicy.clauses("chongqing")
        if any("研发投入" in "".join(x.split()) for x in [c.text, c.gloss, *(p.subject for p in c.parameters)])
    )
    assert out.stdout.rstrip().endswith(f"{n} 条")
    data = json.loads(_cli("clauses", "--search", "training", "--format", "json", "--lang", "en").stdout)
    assert data and all(any(h["spans"] for h in c["hits"]) for c in data)


@pytest.mark.parametrize(
    ("option", "value", "suggested"),
    [
        ("--topic", "研发投入", "rd-investment-ratio"),
        ("--kind", "indicatr", "indicator"),
        ("--policy", "chongqin", "chongqing"),
    ],
)
def test_unknown_filter_suggests_the_closest_and_exits_2(option: str, value: str, suggested: str) -> None:
    out = _cli("clauses", option, value)
    assert out.returncode == 2
    assert f"did you mean {suggested}" in out.stderr and option in out.stderr
    assert out.stdout == ""


def test_topics_counts_clauses_per_policy() -> None:
    out = _cli("topics", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    count = Counter((c.topic, c.policy) for c in medpolicy.clauses())
    for (topic, policy), n in count.items():
        assert rows[topic]["counts"][policy] == n
    assert all(r["label"] and r["label_en"] for r in rows.values())
