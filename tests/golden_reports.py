"""Digests of every bundled example's JSON report, so a refactoring can show it changed no verdict or word.

``python tests/golden_reports.py`` writes ``tests/data/golden/reports.json``; ``tests/test_golden.py`` recomputes
the digests and names each example, language and clause whose JSON differs. A report is digested per top-level
field and per clause result (sha-256 of its canonical JSON), so a failure says which clause changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import medpolicy

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden" / "reports.json"
LANGS = ("zh", "en")
NOTICES = sorted(p.parent.name for p in (ROOT / "policies").glob("*/shapes*.ttl"))


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _header(path: Path, key: str) -> str | None:
    found = re.search(rf"^# {key}: (\S+)", path.read_text(encoding="utf-8")[:2000], re.M)
    return found.group(1) if found else None


def _as_of(path: Path) -> dt.date:
    text = _header(path, "as-of")
    return dt.date.fromisoformat(text) if text else dt.date(2025, 3, 1)


def cases() -> Iterator[tuple[str, str, Path]]:
    """(kind, language, file) for every example that has a JSON report."""
    for path in sorted((ROOT / "examples").rglob("*")):
        if path.parent.name in NOTICES and path.suffix in (".ttl", ".json"):
            yield from (("validate", lang, path) for lang in LANGS)
        elif path.parent.name == "timelines" and path.suffix == ".jsonl":
            yield from (("timeline", lang, path) for lang in LANGS)


def report(kind: str, lang: str, path: Path) -> dict[str, Any]:
    """The digest of one example's report: each top-level field, and each clause result or violation."""
    if kind == "validate":
        data = json.loads(medpolicy.validate(path, path.parent.name, lang=lang, as_of=_as_of(path)).to_json())
        items = {r["clause"].rsplit("/", 1)[-1]: _digest(r) for r in data.pop("results")}
    else:
        policy = _header(path, "policy") or ""
        data = json.loads(medpolicy.timeline(path, policy, lang=lang, as_of=_as_of(path)).to_json())
        items = {str(i): _digest(v) for i, v in enumerate(data.pop("violations", []))}
    data.pop("source", None)
    return {"fields": {k: _digest(v) for k, v in sorted(data.items())}, "items": items}


def key(kind: str, lang: str, path: Path) -> str:
    return f"{kind} {lang} {path.relative_to(ROOT).as_posix()}"


if __name__ == "__main__":
    golden = {key(*case): report(*case) for case in cases()}
    GOLDEN.write_text(json.dumps(golden, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(golden)} reports digested into {GOLDEN.relative_to(ROOT)}")
