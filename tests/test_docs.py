"""The vocabulary reference is generated from the ontology and committed up to date."""

from __future__ import annotations

from medpolicy.authoring.vocabdoc import generate
from tests.conftest import ROOT


def test_vocabulary_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    assert committed == generate(), "run: python -m medpolicy.authoring.vocabdoc > docs/vocabulary.md"


def test_readme_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
