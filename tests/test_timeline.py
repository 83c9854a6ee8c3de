"""``medpolicy timeline``: procedures as data, the statechart, working days, the examples and the command."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from medpolicy.errors import InputError, PolicyLoadError
from medpolicy.i18n import words
from medpolicy.kb.store import KnowledgeBase
from medpolicy.render.timeline import render_text
from medpolicy.timeline.chart import compile_chart
from medpolicy.timeline.loader import load_procedure
from medpolicy.timeline.models import Timeline
from medpolicy.timeline.run import timeline
from medpolicy.timeline.workdays import WorkdayCalendar, add_months, months_and_days, shift
from tests.conftest import NOTICES, PROCEDURES, ROOT

EXAMPLES = sorted(p for p in (ROOT / "examples" / "timelines").iterdir() if p.suffix in (".jsonl", ".ttl"))
D = dt.date
LATER = D(2030, 1, 1)


def run(events: list[dict[str, Any]], policy: str = "chongqing", as_of: dt.date = LATER, **kw: Any) -> Timeline:
    return timeline(events, policy, as_of=as_of, lang=kw.pop("lang", "en"), **kw)


def ids(result: Timeline, severity: str = "violation") -> list[str]:
    return sorted(
        (v.clause.rsplit("/", 1)[-1] if v.clause else v.kind) for v in result.violations if v.severity == severity
    )


def ev(date: str, event: str, **fields: str) -> dict[str, Any]:
    return {"date": date, "event": event, **fields}


# a chongqing project up to the signed task contract: period 2025-09-01 – 2028-06-30
SIGNED = [
    ev("2025-05-12", "submitted"),
    ev("2025-05-20", "accepted"),
    ev("2025-07-01", "reviewed"),
    ev("2025-08-01", "approved"),
    ev("2025-09-01", "contract_signed", start="2025-09-01", end="2028-06-30"),
]


# -- the procedure files --------------------------------------------------------------------------------------
def test_the_notices_with_a_procedure() -> None:
    """Discovered from disk: each procedure belongs to a notice, and has an example timeline (and each example
    names a policy with a procedure)."""
    assert PROCEDURES and set(PROCEDURES) <= set(NOTICES)
    named = {re.search(r"^# policy: (\S+)", p.read_text(encoding="utf-8"), re.M) for p in EXAMPLES}
    assert {m.group(1) for m in named if m} == set(PROCEDURES)


@pytest.mark.parametrize("policy", PROCEDURES)
def test_no_number_is_written_in_a_procedure_file(policy: str) -> None:
    """Thresholds live in the notice's parameters only: the procedure names them."""

    def numbers(node: object, path: str) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from numbers(value, f"{path}.{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                yield from numbers(value, f"{path}[{n}]")
        elif isinstance(node, int | float) and not isinstance(node, bool):
            yield path

    data = tomllib.loads((ROOT / "policies" / policy / "procedure.toml").read_text(encoding="utf-8"))
    assert list(numbers(data, policy)) == []


@pytest.mark.parametrize("policy", PROCEDURES)
def test_every_transition_and_limit_is_tied_to_a_clause_and_its_parameter(kb: KnowledgeBase, policy: str) -> None:
    procedure = load_procedure(policy, kb)
    assert procedure.transitions and all(t.clause in procedure.clauses for t in procedure.transitions)
    for limit in procedure.spec.limit:
        clause = procedure.clauses[limit.clause]
        assert procedure.parameters[limit.parameter] in clause.parameters
        assert clause.check in ("rule", "shape")


@pytest.mark.parametrize("policy", PROCEDURES)
def test_the_procedure_compiles_to_a_durable_rules_statechart(kb: KnowledgeBase, policy: str) -> None:
    procedure = load_procedure(policy, kb)
    chart = compile_chart(procedure)
    [(name, states)] = chart.items()
    assert name.endswith("$state") and name == procedure.ruleset
    assert states["$init"]["begin"]["to"] == procedure.spec.procedure.initial
    for state in procedure.spec.state:
        text = repr(states[state])
        for event in procedure.spec.event:  # every state answers every event: no message goes unhandled
            assert f"'event': '{event}'" in text, (state, event)
        for trigger in states[state].values():
            assert set(trigger) == {"all", "to", "run"}
            assert trigger["to"] in procedure.spec.state


def _kb_copy(tmp: Path, edit: dict[str, tuple[str, str]]) -> KnowledgeBase:
    shutil.copytree(ROOT / "ontology", tmp / "ontology")
    (tmp / "policies").mkdir()
    shutil.copytree(ROOT / "policies" / "chongqing", tmp / "policies" / "chongqing")
    for name, (old, new) in edit.items():
        path = tmp / "policies" / "chongqing" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return KnowledgeBase(tmp)


def test_the_limit_is_read_from_the_notice(tmp_path: Path) -> None:
    """Change 5 个工作日 in the notice and the verdict follows; the procedure file is untouched."""
    events = [ev("2025-05-12", "submitted"), ev("2025-05-21", "returned")]  # the 7th working day
    assert ids(run(events)) == ["art9-a"]
    kb = _kb_copy(
        tmp_path, {"notice.ttl": ('mp:value 5 ;\n    mp:unit "个工作日"', 'mp:value 7 ;\n    mp:unit "个工作日"')}
    )
    assert ids(timeline(events, "chongqing", as_of=D(2025, 6, 1), kb=kb)) == []


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('parameter = "art9-a-p1"', 'parameter = "art9-a-p9"', "no parameter 'art9-a-p9'"),
        ('parameter = "art9-a-p1"', 'parameter = "art24-a-p1"', "is not a parameter of clause art9-a"),
        ('clause = "art28"\nlimits', 'clause = "art99"\nlimits', "no clause 'art99'"),
        ('to = "closing"', 'to = "closng"', "transition apply-for-closing"),
        ('when = { conclusion = "不同意推荐" }', 'when = { conclusion = "否" }', "when.conclusion"),
        ('reference = ["mark:submitted"]', 'reference = ["mark:sent"]', "mark:sent"),
        ("[procedure]", "[procedures]", "procedure"),
    ],
)
def test_a_broken_procedure_file_names_the_entry(tmp_path: Path, old: str, new: str, where: str) -> None:
    kb = _kb_copy(tmp_path, {"procedure.toml": (old, new)})
    with pytest.raises(PolicyLoadError) as info:
        load_procedure("chongqing", kb)
    assert "procedure.toml" in str(info.value) and where in str(info.value)


# -- working days ---------------------------------------------------------------------------------------------
def test_working_days_follow_the_official_calendar() -> None:
    cal = WorkdayCalendar()
    assert cal.add(D(2025, 9, 26), 5) == D(2025, 10, 10)  # 09-28 (Sunday) worked, 10-01…10-08 off
    assert cal.add(D(2025, 9, 26), 6) == D(2025, 10, 11)  # a Saturday worked
    assert cal.between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    assert cal.add(D(2026, 2, 12), 5) == D(2026, 2, 26)  # 春节 2026-02-15…02-23, 02-14 worked
    assert cal.add(D(2025, 10, 10), -5) == D(2025, 9, 26)
    assert cal.fallback_years == set()


def test_beyond_the_calendar_data_working_days_are_monday_to_friday() -> None:
    cal = WorkdayCalendar()
    assert cal.add(D(2026, 12, 31), 1) == D(2027, 1, 1)  # New Year's Day is not known for 2027
    assert cal.add(D(2027, 1, 1), 1) == D(2027, 1, 4)
    assert cal.fallback_years == {2027}


def test_months_and_years() -> None:
    cal = WorkdayCalendar()
    assert add_months(D(2028, 5, 31), -3) == D(2028, 2, 29)
    assert shift(D(2024, 2, 29), 1, "year", cal) == D(2025, 2, 28)
    assert shift(D(2025, 3, 1), 30, "day", cal) == D(2025, 3, 31)
    assert months_and_days(D(2025, 9, 1), D(2028, 12, 31)) == (39, 30)
    assert months_and_days(D(2028, 12, 31), D(2028, 10, 30)) == (-2, -1)


# -- supplements and holidays (第九条) --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("submitted", "returned", "late"),
    [
        ("2025-09-26", "2025-10-10", False),  # 国庆: 14 calendar days, the 5th working day
        ("2025-09-26", "2025-10-11", True),  # the Saturday worked after 国庆 is the 6th
        ("2026-02-12", "2026-02-26", False),  # 春节: 14 calendar days, the 5th working day
        ("2026-02-12", "2026-02-27", True),
        ("2025-05-12", "2025-05-19", False),
        ("2025-05-12", "2025-05-20", True),
    ],
)
def test_the_supplement_notice_is_counted_in_working_days(submitted: str, returned: str, late: bool) -> None:
    result = run([ev(submitted, "submitted"), ev(returned, "returned")], as_of=D(2026, 6, 1))
    assert ("art9-a" in ids(result)) is late
    assert result.state == "supplementing"
    assert result.calendar.fallback_years == []


def test_the_supplement_deadline_is_a_date() -> None:
    result = run([ev("2025-09-26", "submitted")], as_of=D(2025, 9, 30))
    [deadline] = [d for d in result.deadlines if d.id == "supplement-notice"]
    assert (deadline.due, deadline.status, deadline.section) == (D(2025, 10, 10), "open", "第九条")


def test_the_2027_fallback_is_said() -> None:
    result = run([ev("2026-12-30", "submitted"), ev("2027-01-07", "returned")], as_of=D(2027, 2, 1))
    assert ids(result) == ["art9-a"]  # 2027-01-01 is counted as a working day
    assert result.calendar.fallback_years == [2027]
    note = result.calendar.note
    assert note and "2027" in words(note, "en") and "Monday to Friday" in words(note, "en")
    assert "周一至周五" in words(note, "zh")
    assert result.calendar.note in result.notes
    pending = run([ev("2026-12-30", "submitted")], as_of=D(2026, 12, 31))
    assert [d.due for d in pending.deadlines if d.id == "supplement-notice"] == [D(2027, 1, 6)]
    assert pending.calendar.fallback_years == [2027]


def test_a_second_supplement_notice_breaches_the_one_time_rule_then_rejection() -> None:
    events = [
        ev("2025-04-07", "submitted"),
        ev("2025-04-10", "returned"),
        ev("2025-04-21", "resubmitted"),
        ev("2025-04-24", "returned"),
        ev("2025-05-08", "resubmitted"),
        ev("2025-05-12", "rejected", ground="art10-6"),
    ]
    result = run(events)
    assert result.state == "rejected" and result.final
    assert [v.kind for v in result.violations] == ["breach"]
    assert result.steps[-1].ground_section == "第十条(六)" and result.steps[-1].ground_text


# -- review, selection, the project period ------------------------------------------------------------------
def test_review_conclusions_are_the_values_of_the_clause() -> None:
    base = [ev("2025-05-12", "submitted"), ev("2025-05-20", "accepted")]
    assert run([*base, ev("2025-07-01", "reviewed", conclusion="不同意推荐")]).state == "not_recommended"
    assert run([*base, ev("2025-07-01", "reviewed", conclusion="同意推荐")]).state == "recommended"
    assert run([*base, ev("2025-07-01", "reviewed")]).state == "recommended"  # the default
    assert run([*base, ev("2025-07-01", "reviewed"), ev("2025-08-01", "not_selected")]).state == "not_selected"
    with pytest.raises(InputError, match="同意推荐"):
        run([*base, ev("2025-07-01", "reviewed", conclusion="maybe")])


def test_the_period_over_3_years_is_a_warning_in_principle_and_a_violation_when_strict() -> None:
    events = [*SIGNED[:4], ev("2025-09-01", "contract_signed", start="2025-09-01", end="2028-12-31")]
    result = run(events, as_of=D(2026, 1, 1))
    assert result.state == "implementing" and result.conforms
    assert ids(result, "warning") == ["art24-a"]
    assert ids(run(events, as_of=D(2026, 1, 1), strict=True)) == ["art24-a"]
    exactly = [*SIGNED[:4], ev("2025-09-01", "contract_signed", start="2025-09-01", end="2028-09-01")]
    assert run(exactly, as_of=D(2026, 1, 1)).violations == []


def test_deadlines_while_implementing() -> None:
    result = run(SIGNED, as_of=D(2026, 1, 1))
    got = {d.id: (d.opens, d.due, d.status) for d in result.deadlines}
    assert got == {
        "extension-request": (None, D(2028, 3, 30), "open"),
        "performance-evaluation": (D(2028, 4, 30), D(2028, 6, 30), "upcoming"),
        "closing-application": (D(2028, 5, 30), D(2028, 6, 30), "upcoming"),
        "period-end": (None, D(2028, 6, 30), "open"),
    }


# -- extensions (第二十四条) ------------------------------------------------------------------------------------
def test_an_extension_in_time_then_refused_then_a_second_request() -> None:
    events = [
        *SIGNED,
        ev("2028-03-01", "extension_requested", until="2029-03-31"),
        ev("2028-03-20", "extension_refused"),
        ev("2028-03-25", "extension_requested"),
    ]
    result = run(events, as_of=D(2028, 4, 1))
    assert [s.transition for s in result.steps[-3:]] == ["request-extension", "refuse-extension", "request-extension"]
    assert result.state == "extension_pending"
    assert ids(result) == ["art24-d"]


def test_an_extension_late_and_too_long() -> None:
    events = [
        *SIGNED,
        ev("2028-04-15", "extension_requested", until="2029-08-31"),
        ev("2028-05-10", "extension_granted", until="2029-08-31"),
    ]
    result = run(events, as_of=D(2028, 6, 1))
    assert ids(result) == ["art24-b", "art24-c", "art24-c"]
    assert result.state == "implementing"
    assert [d.due for d in result.deadlines if d.id == "period-end"] == [D(2029, 8, 31)]  # the new end
    late = next(v for v in result.violations if v.clause and v.clause.endswith("art24-b"))
    assert late.expected and "2028-03-30" in words(late.expected, "en")


# -- changes, closing, revocation ------------------------------------------------------------------------------
def test_a_change_reported_within_30_days_and_one_reported_late() -> None:
    on_time = run(
        [*SIGNED, ev("2026-03-01", "change_occurred"), ev("2026-03-31", "change_reported")], as_of=D(2026, 5, 1)
    )
    assert on_time.violations == [] and on_time.state == "implementing"
    late = run([*SIGNED, ev("2026-04-01", "change_reported", occurred="2026-03-01")], as_of=D(2026, 5, 1))
    assert ids(late) == ["art25-a"]
    unreported = run([*SIGNED, ev("2026-03-01", "change_occurred")], as_of=D(2026, 3, 20))
    assert [(d.due, d.status) for d in unreported.deadlines if d.id == "change-report"] == [(D(2026, 3, 31), "open")]


def test_closing_in_the_windows_and_outside_them() -> None:
    good = [
        *SIGNED,
        ev("2028-05-06", "performance_report"),
        ev("2028-06-03", "acceptance_applied"),
        ev("2028-07-20", "closed"),
    ]
    assert run(good).violations == [] and run(good).state == "closed"
    early = [*SIGNED, ev("2028-03-01", "performance_report"), ev("2028-04-20", "acceptance_applied")]
    assert ids(run(early, as_of=D(2028, 5, 1))) == ["art27-a", "art28"]
    after_end = [*SIGNED, ev("2028-07-02", "performance_report")]
    assert ids(run(after_end, as_of=D(2028, 7, 3))) == ["art27-a", "art28"]  # late, and no closing application


def test_missed_deadlines_are_overdue_as_of_the_date() -> None:
    result = run(SIGNED, as_of=D(2028, 7, 1))
    assert ids(result) == ["art27-a", "art28"]
    assert {v.kind for v in result.violations} == {"overdue"}
    assert run(SIGNED, as_of=D(2028, 6, 30)).violations == []


def test_revocation_names_its_ground() -> None:
    result = run([*SIGNED, ev("2026-06-01", "revoked", ground="art26-2")])
    assert result.state == "revoked" and result.final and result.deadlines == []
    assert result.steps[-1].ground_text == "项目实施进展缓慢或者无法按时完成"
    with pytest.raises(InputError, match="art26-1"):
        run([*SIGNED, ev("2026-06-01", "revoked", ground="art10-1")])


def test_an_event_out_of_place_is_a_sequence_violation_and_changes_nothing() -> None:
    result = run([ev("2025-05-12", "submitted"), ev("2025-05-20", "approved"), ev("2025-05-21", "accepted")])
    assert result.state == "accepted"
    [v] = result.violations
    assert (v.kind, v.event, v.clause) == ("sequence", "approved", None)
    assert result.steps[1].transition is None and result.steps[1].from_state == result.steps[1].to_state


def test_events_after_the_as_of_date_are_left_out() -> None:
    result = run(SIGNED, as_of=D(2025, 7, 15))
    assert (result.state, result.ignored_after_as_of) == ("recommended", 2)
    assert any("2025-07-15" in words(note, "en") for note in result.notes)


# -- the other notices -----------------------------------------------------------------------------------------
def test_national_recommendation_date_and_period() -> None:
    events = [
        ev("2025-10-20", "submitted"),
        ev("2025-11-02", "recommended"),
        ev("2026-01-15", "reviewed"),
        ev("2026-03-01", "approved", start="2026-03-01", end="2029-06-30"),
    ]
    result = run(events, "2025_national", as_of=D(2026, 6, 1))
    assert result.state == "implementing" and ids(result) == [] and ids(result, "warning") == ["s4-4-c"]
    assert ids(run([*events[:1], ev("2025-11-03", "recommended")], "2025_national")) == ["s4-3-a"]
    missed = run(events[:1], "2025_national", as_of=D(2025, 11, 10))
    assert ids(missed) == ["s4-3-a"] and missed.violations[0].kind == "overdue"
    assert run([*events[:1], ev("2025-10-30", "not_recommended")], "2025_national").state == "not_recommended"
    assert run([*events[:3], ev("2026-03-01", "not_selected")], "2025_national").state == "not_selected"


def test_aimd_challenge_period_is_two_years_from_the_list() -> None:
    base = [ev("2025-03-28", "submitted"), ev("2025-04-17", "recommended"), ev("2025-06-30", "approved")]
    result = run(base, "aimd_jiebang", as_of=D(2025, 7, 1))
    assert [(d.id, d.due) for d in result.deadlines] == [("challenge-period", D(2027, 6, 30))]
    done = run(
        [*base, ev("2027-06-30", "completed"), ev("2027-08-01", "evaluated"), ev("2027-09-01", "not_awarded")],
        "aimd_jiebang",
    )
    assert done.state == "not_awarded" and done.violations == []
    assert ids(run([ev("2025-03-29", "submitted")], "aimd_jiebang", as_of=D(2025, 4, 1))) == ["s3-1-c"]
    assert ids(run([ev("2025-03-28", "submitted"), ev("2025-04-18", "recommended")], "aimd_jiebang")) == ["s3-2-a"]
    assert run([base[0], ev("2025-04-10", "not_recommended")], "aimd_jiebang").state == "not_recommended"
    assert run([*base[:2], ev("2025-06-30", "not_selected")], "aimd_jiebang").state == "not_selected"


# -- every transition is exercised ----------------------------------------------------------------------------
@pytest.mark.parametrize("policy", PROCEDURES)
def test_every_transition_is_taken_by_an_example_or_a_test(kb: KnowledgeBase, policy: str) -> None:
    taken: set[str] = set()
    for path in EXAMPLES:
        head = _head(path)
        if head["policy"] == policy:
            taken |= {s.transition for s in timeline(path, policy, as_of=head["as_of"]).steps if s.transition}
    extra = {
        "chongqing": [
            [ev("2025-05-12", "submitted"), ev("2025-05-14", "rejected", ground="art10-1")],
            [
                ev("2025-05-12", "submitted"),
                ev("2025-05-14", "accepted"),
                ev("2025-06-01", "reviewed", conclusion="不同意推荐"),
            ],
            [*SIGNED[:3], ev("2025-08-02", "not_selected")],
            [*SIGNED, ev("2028-03-01", "extension_requested"), ev("2028-03-20", "extension_refused")],
            [*SIGNED, ev("2026-06-01", "revoked", ground="art26-3")],
        ],
        "2025_national": [
            [ev("2025-10-20", "submitted"), ev("2025-10-30", "not_recommended")],
            [
                ev("2025-10-20", "submitted"),
                ev("2025-10-30", "recommended"),
                ev("2026-01-15", "reviewed"),
                ev("2026-03-01", "not_selected"),
            ],
        ],
        "aimd_jiebang": [
            [ev("2025-03-20", "submitted"), ev("2025-04-10", "not_recommended")],
            [ev("2025-03-20", "submitted"), ev("2025-04-10", "recommended"), ev("2025-06-30", "not_selected")],
            [
                ev("2025-03-20", "submitted"),
                ev("2025-04-10", "recommended"),
                ev("2025-06-30", "approved"),
                ev("2026-06-30", "completed"),
                ev("2026-08-01", "evaluated"),
                ev("2026-09-01", "not_awarded"),
            ],
        ],
    }[policy]
    for events in extra:
        taken |= {s.transition for s in run(events, policy).steps if s.transition}
    assert taken == {t.id for t in load_procedure(policy, kb).transitions}


# -- the examples ----------------------------------------------------------------------------------------------
def _head(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")[:3000]
    policy = re.search(r"^# policy: (\S+)", text, re.M)
    as_of = re.search(r"^# as-of: (\d{4}-\d\d-\d\d)", text, re.M)
    expect = re.search(r"^# expect: state=(\S+) violations=(\S*) warnings=(\S*)\s*$", text, re.M)
    assert policy and as_of and expect, f"{path.name}: needs # policy:, # as-of: and # expect: lines"
    split = lambda s: sorted(filter(None, s.split(",")))  # noqa: E731
    return {
        "policy": policy.group(1),
        "as_of": D.fromisoformat(as_of.group(1)),
        "state": expect.group(1),
        "violations": split(expect.group(2)),
        "warnings": split(expect.group(3)),
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example(path: Path) -> None:
    head = _head(path)
    result = timeline(path, head["policy"], as_of=head["as_of"], lang="zh")
    assert (result.state, ids(result), ids(result, "warning")) == (head["state"], head["violations"], head["warnings"])
    for v in result.violations:
        assert v.message and (v.kind == "sequence" or (v.section and v.text))


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.suffix == ".jsonl"], ids=lambda p: p.name)
def test_one_run_is_rendered_in_either_language(path: Path) -> None:
    """The result carries no language: a run asked in Chinese renders in English as a run asked in English."""
    head = _head(path)
    zh = timeline(path, head["policy"], as_of=head["as_of"], lang="zh")
    en = timeline(path, head["policy"], as_of=head["as_of"], lang="en")
    assert zh.to_json(lang="en") == en.to_json() and en.to_json(lang="zh") == zh.to_json()
    assert render_text(zh, "en") == render_text(en) and render_text(en, "zh") == render_text(zh)
    assert zh.to_json() != en.to_json()  # the language asked for is the default of rendering


def test_a_result_dumped_without_a_language_keeps_its_message_keys(kb: KnowledgeBase) -> None:
    result = run([ev("2025-05-12", "submitted"), ev("2025-05-20", "approved")])
    [violation] = result.model_dump()["violations"]
    assert violation["message"]["key"] == "timeline.unexpected"
    label = load_procedure("chongqing", kb).spec.event["approved"]
    assert violation["found"] == {"zh": label.zh, "en": label.en}


def test_rdf_and_json_lines_give_the_same_timeline() -> None:
    folder = ROOT / "examples" / "timelines"
    a = timeline(folder / "chongqing-clean.jsonl", "chongqing", as_of=D(2028, 8, 1))
    b = timeline(folder / "chongqing-clean.ttl", "chongqing", as_of=D(2028, 8, 1))
    strip = ["line"]
    assert [s.model_dump(exclude=set(strip)) for s in a.steps] == [s.model_dump(exclude=set(strip)) for s in b.steps]


# -- isolation -------------------------------------------------------------------------------------------------
def test_two_timelines_in_one_process_are_independent() -> None:
    folder = ROOT / "examples" / "timelines"
    bad, good = folder / "chongqing-extensions.jsonl", folder / "chongqing-clean.jsonl"
    first_bad = timeline(bad, "chongqing", as_of=D(2029, 1, 15))
    first_good = timeline(good, "chongqing", as_of=D(2028, 8, 1))
    again_bad = timeline(bad, "chongqing", as_of=D(2029, 1, 15))
    again_good = timeline(good, "chongqing", as_of=D(2028, 8, 1))
    assert first_good.violations == again_good.violations == []
    assert first_bad == again_bad and len(first_bad.violations) == 4
    assert first_good == again_good and first_good.state == "closed"
    fallback = run([ev("2026-12-30", "submitted"), ev("2027-01-07", "returned")], as_of=D(2027, 2, 1))
    assert fallback.calendar.fallback_years == [2027]
    assert run(SIGNED, as_of=D(2026, 1, 1)).calendar.fallback_years == []  # nothing carried over


def test_the_guide_names_every_event(kb: KnowledgeBase) -> None:
    guide = (ROOT / "docs" / "timeline.md").read_text(encoding="utf-8")
    for policy in PROCEDURES:
        for event in load_procedure(policy, kb).spec.event:
            assert f"`{event}`" in guide, (policy, event)


# -- the command -----------------------------------------------------------------------------------------------
def _cli(*args: str) -> Any:
    from medpolicy.cli.timeline import timeline_command

    return CliRunner().invoke(timeline_command, list(args))


def test_the_command_exit_codes_and_formats() -> None:
    folder = ROOT / "examples" / "timelines"
    clean = _cli(str(folder / "chongqing-clean.jsonl"), "--policy", "chongqing", "--as-of", "2028-08-01")
    assert clean.exit_code == 0 and "已结题验收" in clean.output
    bad = _cli(
        str(folder / "chongqing-overdue.jsonl"), "--policy", "chongqing", "--as-of", "2028-09-01", "--lang", "en"
    )
    assert bad.exit_code == 1 and "overdue" in bad.output and "第二十八条" in bad.output
    data = _cli(
        str(folder / "chongqing-2027-fallback.jsonl"),
        "--policy",
        "chongqing",
        "--as-of",
        "2027-01-31",
        "--format",
        "json",
    )
    assert data.exit_code == 1 and '"fallback_years": [\n      2027\n    ]' in data.output


@pytest.mark.parametrize(
    ("lines", "args", "message"),
    [
        ('{"date": "2025-05-12", "event": "submited"}', [], "line 1: unknown event 'submited'"),
        ('{"date": "2025-13-12", "event": "submitted"}', [], "line 1: date '2025-13-12' is not a date"),
        (
            '{"date": "2025-05-12", "event": "submitted"}\n{"date": "2025-05-01", "event": "accepted"}',
            [],
            "line 2: events out of order",
        ),
        ('{"date": "2025-05-12", "event": "contract_signed"}', [], "needs the field 'start'"),
        ('{"date": "2025-05-12", "event": "submitted"', [], "line 1: not valid JSON"),
        ('{"date": "2025-05-12", "event": "submitted"}', ["--as-of", "2025-02-30"], "'2025-02-30' is not a date"),
        ('{"date": "2025-05-12", "event": "submitted"}', ["--policy", "rd_2019"], "has no procedure"),
    ],
)
def test_unusable_input_is_exit_2_with_a_clear_message(
    tmp_path: Path, lines: str, args: list[str], message: str
) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(lines + "\n", encoding="utf-8")
    policy = [] if "--policy" in args else ["--policy", "chongqing"]
    result = _cli(str(path), *policy, *args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = _cli(str(tmp_path / "nothing.jsonl"), "--policy", "chongqing")
    assert result.exit_code == 2 and "nothing.jsonl: no such file" in result.output
