from __future__ import annotations

from pathlib import Path

import pytest

from medpolicy.kb.store import KnowledgeBase, kb_root

ROOT = Path(__file__).resolve().parent.parent


def policies_in(root: Path) -> list[str]:
    """The policies of a knowledge base root: each ``policies/<id>/`` folder with a ``notice.ttl``."""
    return sorted(p.parent.name for p in (root / "policies").glob("*/notice.ttl"))


def notices_in(root: Path) -> list[str]:
    """The notices an application can be made under: the policies with shapes of their own."""
    return [p for p in policies_in(root) if list((root / "policies" / p).glob("shapes*.ttl"))]


def procedures_in(root: Path) -> list[str]:
    """The notices with a procedure (``policies/<id>/procedure.toml``), run by ``medpolicy timeline``."""
    return [p for p in policies_in(root) if (root / "policies" / p / "procedure.toml").is_file()]


# discovered from disk: a new policies/<id>/ folder is tested without a test edit (tests/test_discovery.py)
POLICIES = policies_in(ROOT)
NOTICES = notices_in(ROOT)
PROCEDURES = procedures_in(ROOT)

# the longest tests start first, so that two workers finish together instead of one waiting on a late proof
FIRST = (
    "test_witness.py::test_every_checked_clause_is_proven",
    "test_readme.py::test_every_readme_command_runs_with_its_documented_exit_code",
    "test_demo.py::test_demo_runs_every_example_in_a_fresh_process",
    "test_service.py::test_openapi_contract",
    "test_concurrency.py::test_eight_threads_in_a_fresh_process",
    "test_cccev.py::test_policies_and_examples_conform",
    "test_witness.py::test_prove_json_lists_counts",
)


def _weight(item: pytest.Item) -> int:
    """A test about one policy takes longer the larger its data files (the proof of rd_2019 before aimd's)."""
    policy = getattr(item, "callspec", None) and item.callspec.params.get("policy")  # type: ignore[attr-defined]
    if policy not in POLICIES:
        return 0
    folder = ROOT / "policies" / str(policy)
    return sum(p.stat().st_size for p in folder.glob("*.ttl"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> tuple[int, int]:
        first = next((n for n, name in enumerate(FIRST) if name in item.nodeid), len(FIRST))
        return (first, -_weight(item) if first < len(FIRST) else 0)

    items.sort(key=rank)  # stable: the rest keep their order


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    # the library's own shared instance when it reads this checkout, so each worker parses the knowledge base once
    return KnowledgeBase.default() if kb_root() == ROOT else KnowledgeBase(ROOT)
