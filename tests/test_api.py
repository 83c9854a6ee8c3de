"""The public API: every function of ``import medpolicy`` is documented with an example, and the examples run."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib

import pytest

import medpolicy
from tests.conftest import ROOT

DOCUMENTED = [
    "medpolicy",
    "medpolicy.errors",
    "medpolicy.kb.arguments",
    "medpolicy.kb.terms",
    "medpolicy.kb.vocabulary",
    "medpolicy.applicant.rdf",
]
API = ["validate", "match", "diff", "screen", "timeline", "template", "index_table", "clauses"]


@pytest.mark.parametrize("module", DOCUMENTED)
def test_docstring_examples_run(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples read examples/…
    result = doctest.testmod(
        importlib.import_module(module), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0 and result.failed == 0


def test_every_public_function_has_a_runnable_example() -> None:
    assert set(API) <= set(medpolicy.__all__)
    for name in API:
        assert ">>> " in (getattr(medpolicy, name).__doc__ or ""), name


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: medpolicy.clauses(policy="nowhere"), "policy"),
        (lambda: medpolicy.clauses(kind="nowhere"), "kind"),
        (lambda: medpolicy.clauses(topic="nowhere"), "topic"),
        (lambda: medpolicy.validate(ROOT / "examples/chongqing/pass.ttl", "nowhere"), "policy"),
        (lambda: medpolicy.validate(ROOT / "examples/chongqing/pass.ttl", "chongqing", as_of="15.05.2026"), "as_of"),
        (lambda: medpolicy.diff("chongqing", "2025_national", topic="nowhere"), "topic"),
    ],
)
def test_unknown_arguments_raise_a_typed_error_naming_the_argument(call: object, argument: str) -> None:
    with pytest.raises(medpolicy.UnknownArgumentError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.argument == argument
    assert "--" not in str(caught.value)
    assert str(caught.value).startswith(f"{argument}: ")


def test_as_of_takes_a_date_or_an_iso_string() -> None:
    path = ROOT / "examples/chongqing/pass.ttl"
    by_string = medpolicy.validate(path, "chongqing", as_of="2026-05-15")
    by_date = medpolicy.validate(path, "chongqing", as_of=dt.date(2026, 5, 15))
    assert by_string.as_of == by_date.as_of == "2026-05-15"
    assert by_string.summary == by_date.summary


def test_the_version_is_the_installed_packages() -> None:
    """One version: ``medpolicy.__version__`` and ``medpolicy --version`` both read the package's metadata."""
    import subprocess
    import sys
    from importlib.metadata import version

    assert medpolicy.__version__ == version("medpolicy")
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", "--version"], capture_output=True, text=True, timeout=120, check=True
    )
    assert version("medpolicy") in done.stdout
