"""The on-disk cache of the parsed knowledge base: a changed file is parsed again, a cached run reports exactly what
an uncached one does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from rdflib import Graph
from rdflib.compare import isomorphic

from medpolicy.kb import cache


def _parse(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def test_a_changed_file_is_parsed_again_an_unchanged_one_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "a.ttl"
    source.write_text("<urn:ex:a> <urn:ex:p> 1 .", encoding="utf-8")
    parses: list[int] = []

    def counted(paths: list[Path]) -> Graph:
        parses.append(1)
        return _parse(paths)

    first = cache.parsed([source], counted)
    again = cache.parsed([source], counted)
    assert len(parses) == 1 and again is not first and isomorphic(first, again)
    source.write_text("<urn:ex:a> <urn:ex:p> 2 .", encoding="utf-8")
    changed = cache.parsed([source], counted)
    assert len(parses) == 2
    assert [str(o) for o in changed.objects()] == ["2"]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("MEDPOLICY_CACHE_DIR", str(blocker / "cache"))  # a cache that cannot be written is no cache
    source.write_text("<urn:ex:a> <urn:ex:p> 3 .", encoding="utf-8")
    assert [str(o) for o in cache.parsed([source], counted).objects()] == ["3"]
    assert len(parses) == 3


def test_the_cli_reports_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    example = ROOT / "examples" / "chongqing" / "fail-rd-ratio.ttl"
    cmd = [sys.executable, "-m", "medpolicy", "validate", str(example), "--policy", "chongqing"]
    cmd += ["--format", "json", "--as-of", "2025-10-01"]
    outputs = []
    for where in ("off", str(tmp_path), str(tmp_path)):  # no cache, the cache filled, the cache read
        env = {**os.environ, "MEDPOLICY_CACHE_DIR": where}
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 1, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(list((tmp_path / "graphs").glob("*.pickle"))) == 3  # ontology, the policy, its shapes
