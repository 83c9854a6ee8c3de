"""The result of ``diff(A, B)``: entries (an aligned pair, or a clause or parameter of one policy alone), the rows
an analyst reads (one per pair of clauses), and the report with its summary.

Results carry facts: why an entry is a change is a :class:`~medpolicy.i18n.Msg` (``why``); ``reason`` and
``reason_zh`` are its words, kept in the JSON for the clients that read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from medpolicy.diff.text import TextChange, TextOp, text_change, text_ops
from medpolicy.i18n import Msg, words
from medpolicy.kb.models import Value

__all__ = ["CHANGES", "Change", "ClauseRow", "DiffEntry", "DiffReport", "DiffSide", "mirror"]

Change = Literal["same", "stricter", "looser", "changed", "added", "removed"]
CHANGES: tuple[Change, ...] = ("same", "stricter", "looser", "changed", "added", "removed")
_MIRROR: dict[str, Change] = {
    "same": "same",
    "stricter": "looser",
    "looser": "stricter",
    "changed": "changed",
    "added": "removed",
    "removed": "added",
}
# the JSON of an entry: the contract's fields first, then the rest, in this order
_JSON_ORDER = (
    "topic",
    "change",
    "a",
    "b",
    "topic_label",
    "topic_label_en",
    "family",
    "subject",
    "subject_en",
    "reason",
    "reason_zh",
    "text_diff",
    "text_change",
    "paired_with",
    "score",
)


def mirror(change: str) -> Change:
    """``stricter`` ↔ ``looser``, ``added`` ↔ ``removed``; ``same`` and ``changed`` stay."""
    return _MIRROR[change]


class DiffSide(BaseModel):
    """One side of an entry: the clause (and parameter) of policy A or B, in the contract's fields and more."""

    clause: str = Field(description="the clause IRI")
    policy: str
    local_id: str
    section: str
    order: int
    kind: str
    text: str = Field(description="the verbatim Chinese text of the clause")
    gloss: str = ""
    comparator: str | None = None
    value: Value = None
    unit: str | None = None
    unit_code: str | None = None
    parameter: str | None = Field(default=None, description="the parameter IRI, when the entry is about one")
    subject: str | None = None
    subject_en: str | None = None
    quote: str | None = Field(default=None, description="the span of the text holding comparator and value")
    condition: str | None = None
    variant: str | None = None
    lower_is_better: bool = False
    in_principle: bool = False
    index_level2: str | None = None
    index_row: int | None = None
    product_family: str | None = None
    also: list[str] = Field(default=[], description="clauses of the same policy that repeat this one exactly")


class DiffEntry(BaseModel):
    """An aligned pair (or an unpaired clause or parameter) and how B differs from A for an applicant."""

    topic: str
    change: Change
    a: DiffSide | None
    b: DiffSide | None
    topic_label: str = ""
    topic_label_en: str = ""
    family: str | None = None
    subject: str | None = None
    subject_en: str | None = None
    why: Msg = Field(description="why this change: a message of the catalog (medpolicy/catalog/diff.toml)")
    text_diff: list[TextOp] = []
    text_change: TextChange = Field(
        default="none", description="how the two clause texts differ: not at all, in punctuation only, in wording"
    )
    paired_with: str | None = Field(
        default=None, description="for a parameter added or removed inside a pair of clauses: the other clause"
    )
    score: float | None = Field(default=None, description="the alignment score of the pair")

    @computed_field(description="why this change, in English")  # type: ignore[prop-decorator]
    @property
    def reason(self) -> str:
        return words(self.why, "en")

    @computed_field(description="why this change, in Chinese")  # type: ignore[prop-decorator]
    @property
    def reason_zh(self) -> str:
        return words(self.why, "zh")

    @property
    def sections(self) -> tuple[str | None, str | None]:
        return (self.a.section if self.a else None, self.b.section if self.b else None)

    @property
    def quotes(self) -> tuple[str | None, str | None]:
        return (self.a.quote if self.a else None, self.b.quote if self.b else None)

    def contract(self) -> dict[str, Any]:
        """The entry as JSON: the contract's fields first, then the rest (``why`` as its words)."""
        data = self.model_dump(mode="json")
        return {k: data[k] for k in _JSON_ORDER}


class ClauseRow(BaseModel):
    """One pair of clauses (or a clause of one policy alone) with every entry about it: the row an analyst reads."""

    topic: str
    topic_label: str = ""
    topic_label_en: str = ""
    change: Change = Field(description="the entries' changes together: one kind, or stricter/looser if they agree")
    a: DiffSide | None
    b: DiffSide | None
    text_change: TextChange = "none"
    text_diff: list[TextOp] = []
    entries: list[DiffEntry]


_AS_DIRECTION: dict[str, str] = {"added": "stricter", "removed": "looser"}


def _row_change(entries: Sequence[DiffEntry], whole_a: bool, whole_b: bool) -> Change:
    changes = {e.change for e in entries}
    if len(changes) == 1:
        return entries[0].change
    if not whole_a:
        return "added"
    if not whole_b:
        return "removed"
    # inside a pair, a requirement added is a new hurdle, one removed a hurdle gone
    moves = {_AS_DIRECTION.get(c, c) for c in changes} - {"same"}
    if moves == {"stricter"}:
        return "stricter"
    if moves == {"looser"}:
        return "looser"
    return "changed"


class DiffReport(BaseModel):
    """``diff(A, B)``: a summary, then every entry, grouped by topic in document order."""

    a: str
    b: str
    a_title: str = ""
    b_title: str = ""
    topic: str | None = None
    product: str | None = None
    only_changes: bool = False
    shared_families: bool = False
    related_families: bool = False
    summary: dict[str, int] = Field(description="entries of each change (before --only-changes)")
    shared_topics: list[str] = []
    only_a_topics: list[str] = []
    only_b_topics: list[str] = []
    entries: list[DiffEntry]

    def by_topic(self) -> dict[str, list[DiffEntry]]:
        groups: dict[str, list[DiffEntry]] = {}
        for e in self.entries:
            groups.setdefault(e.topic, []).append(e)
        return groups

    def changed_topics(self) -> set[str]:
        """Topics with at least one entry that is not ``same``."""
        return {e.topic for e in self.entries if e.change != "same"}

    def to_json_array(self) -> list[dict[str, Any]]:
        """The ``diff --format json`` contract: a plain array of entries."""
        return [e.contract() for e in self.entries]

    def topic_summary(self) -> dict[str, dict[str, int]]:
        """Per topic (in report order): the number of entries of each change."""
        out: dict[str, dict[str, int]] = {}
        for e in self.entries:
            out.setdefault(e.topic, {c: 0 for c in CHANGES})[e.change] += 1
        return out

    def rows(self) -> list[ClauseRow]:
        """The entries grouped by pair of clauses (a parameter added inside a pair stays on the pair's row)."""
        groups: dict[tuple[str, str | None, str | None], list[DiffEntry]] = {}
        for e in self.entries:
            a = e.a.clause if e.a else (e.paired_with if e.b else None)
            b = e.b.clause if e.b else (e.paired_with if e.a else None)
            groups.setdefault((e.topic, a, b), []).append(e)
        rows = []
        for (topic, _a, _b), entries in groups.items():
            side_a = next((e.a for e in entries if e.a), None)
            side_b = next((e.b for e in entries if e.b), None)
            first = entries[0]
            ops = text_ops(side_a.text, side_b.text) if side_a and side_b else []
            rows.append(
                ClauseRow(
                    topic=topic,
                    topic_label=first.topic_label,
                    topic_label_en=first.topic_label_en,
                    change=_row_change(entries, side_a is not None, side_b is not None),
                    a=side_a,
                    b=side_b,
                    text_change=text_change(ops),
                    text_diff=ops,
                    entries=entries,
                )
            )
        return rows
