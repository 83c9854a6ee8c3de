from __future__ import annotations

from pathlib import Path

import pytest

from medpolicy.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ["2025_national", "aimd_jiebang", "chongqing", "plan_14th", "rd_2019"]
NOTICES = ["2025_national", "aimd_jiebang", "chongqing", "rd_2019"]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase(ROOT)
