"""medpolicy/ is generic machinery: no policy id, clause IRI or threshold of a notice in its code."""

from __future__ import annotations

import ast

from tests.conftest import POLICIES, ROOT


def _code_strings(path: object) -> list[str]:
    tree = ast.parse(open(path, encoding="utf-8").read())  # noqa: PTH123
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def test_no_policy_specific_strings_in_the_package() -> None:
    offenders = []
    for path in sorted((ROOT / "medpolicy").rglob("*.py")):
        for text in _code_strings(path):
            if any(pid in text for pid in POLICIES) or "/policy/" in text:
                offenders.append(f"{path.name}: {text[:60]!r}")
    assert offenders == []
