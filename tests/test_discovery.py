"""A new ``policies/<id>/`` folder needs no test edit: the tests find policies, notices, procedures and examples
on disk. Proven on a copy of one notice under a new id in a scratch knowledge base root, and by reading the
test files for an exhaustive list of the policy ids."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.run import validate
from tests.conftest import NOTICES, POLICIES, PROCEDURES, ROOT, notices_in, policies_in, procedures_in

TEXT = (".ttl", ".toml", ".txt", ".json", ".jsonl")


def _copy(source: Path, target: Path, old: str, new: str) -> None:
    """Copy a folder, renaming the policy id wherever a file names it (its IRIs, its policyId, the examples')."""
    shutil.copytree(source, target)
    for path in target.rglob("*"):
        if path.suffix in TEXT:
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _header(path: Path, key: str) -> str | None:
    found = re.search(rf"^# {key}: (.+)$", path.read_text(encoding="utf-8")[:2000], re.M)
    return found.group(1).strip() if found else None


def _failing(kb: KnowledgeBase, path: Path, policy: str) -> set[str]:
    as_of = dt.date.fromisoformat(_header(path, "as-of") or "2025-03-01")
    return {r.clause.rsplit("/", 1)[-1] for r in validate(path, policy, as_of=as_of, kb=kb, lang="en").failed}


def test_a_copied_notice_under_a_new_id_is_discovered_and_validated(tmp_path: Path, kb: KnowledgeBase) -> None:
    # the quickest notice to validate with a procedure, rules and a witness
    old = min(PROCEDURES, key=lambda p: (ROOT / "policies" / p / "notice.ttl").stat().st_size)
    new = "zz_discovered"
    for folder in ("ontology", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    _copy(ROOT / "policies" / old, tmp_path / "policies" / new, old, new)
    _copy(ROOT / "examples" / old, tmp_path / "examples" / new, old, new)

    assert policies_in(tmp_path) == notices_in(tmp_path) == procedures_in(tmp_path) == [new]
    copy = KnowledgeBase(tmp_path)
    assert copy.policy_ids == [new]
    clauses = copy.clauses(new)
    assert clauses and all(c.id.startswith(f"https://w3id.org/medpolicy/policy/{new}/") for c in clauses)
    assert [c.id.rsplit("/", 1)[-1] for c in clauses] == [c.id.rsplit("/", 1)[-1] for c in kb.clauses(old)]
    # every example of the copy gets the verdict its header states, as the original does (tests/test_examples.py)
    examples = sorted((tmp_path / "examples" / new).glob("*.ttl"))
    assert examples
    for path in examples:
        expect = (_header(path, "expect") or "").split()
        assert expect, path
        assert _failing(copy, path, new) == set(expect[1:]), path.name


@pytest.mark.parametrize("ids", [POLICIES, NOTICES], ids=["policies", "notices"])
def test_no_test_file_lists_every_policy_by_name(ids: list[str]) -> None:
    """An exhaustive list of ids in a test would need an edit for each new policy: the lists come from conftest."""
    listing = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if all(re.search(rf"\b{re.escape(i)}\b", line) for i in ids)
    ]
    assert len(ids) > 1 and listing == []
