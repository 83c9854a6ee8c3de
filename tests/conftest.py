from __future__ import annotations

from pathlib import Path

import pytest

from medpolicy.kb.store import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
# discovered from disk: a new policies/<id>/ folder is tested without a test edit
POLICIES = sorted(p.parent.name for p in (ROOT / "policies").glob("*/notice.ttl"))
# the notices an application can be made under: those with shapes of their own
NOTICES = [p for p in POLICIES if list((ROOT / "policies" / p).glob("shapes*.ttl"))]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase(ROOT)
