"""The validation report: every clause of the policy with its status, in the JSON contract.

The report holds facts, not words: each text is a :data:`Text` — a catalog message
(:class:`~medpolicy.i18n.Msg`), a text in both languages (:class:`~medpolicy.i18n.Both`) or a string that reads
the same in both (an identifier, a number, a quote of the notice). Serialising picks the words: the language
given in the context (``model_dump(context={"lang": "en"})``), else the report's own ``lang``. One run is
rendered in both languages by :meth:`Report.to_json` with each ``lang``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    WrapSerializer,
    field_serializer,
    model_serializer,
)

from medpolicy.i18n import Both, Msg, check_lang, words
from medpolicy.kb.models import Value as ParameterValue

__all__ = ["ClauseResult", "Finding", "Rendered", "Report", "Status", "Text", "rendering", "sorted_words"]

Status = Literal["pass", "fail", "manual", "not_applicable", "warning"]

_LANG: ContextVar[str | None] = ContextVar("medpolicy_rendering_lang", default=None)


def _words(value: Any, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
    """A :data:`Text` in the words of the language being rendered; the facts themselves when none is."""
    context = info.context if isinstance(info.context, dict) else {}
    lang = _LANG.get() or context.get("lang")
    if isinstance(value, str):
        return value
    if lang is not None:
        return words(value, lang)
    return value if info.mode == "python" else value.model_dump(mode="json")


Text = Annotated[
    str | Msg | Both,
    WrapSerializer(_words),
    WithJsonSchema({"type": "string"}, mode="serialization"),
]
"""A text of a result: rendered as a string in the JSON contract."""


@contextmanager
def rendering(lang: str) -> Iterator[None]:
    """Serialise the :data:`Text` fields inside the block in ``lang``."""
    token = _LANG.set(check_lang(lang))
    try:
        yield
    finally:
        _LANG.reset(token)


class Rendered(BaseModel):
    """A result whose texts serialise in one language: the context's ``lang``, else its own default."""

    _lang: str = PrivateAttr(default="zh")

    def default_lang(self) -> str:
        return self._lang

    def with_lang(self, lang: str) -> Self:
        """This result, rendered by default in ``lang``."""
        self._lang = check_lang(lang)
        return self

    # no return type: the JSON schema of the serialised model stays the model's own (texts as strings)
    @model_serializer(mode="wrap")
    def _render(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo):  # type: ignore[no-untyped-def]
        context = info.context if isinstance(info.context, dict) else {}
        lang = context.get("lang") or _LANG.get() or self.default_lang()
        with rendering(lang):
            out = handler(self)
        if isinstance(out, dict) and "lang" in out:
            out["lang"] = lang
        return out

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON object of the contract, in ``lang`` (default: the result's own)."""
        data: dict[str, Any] = self.model_dump(mode="json", context={"lang": lang} if lang else None)
        return data

    def in_words(self, lang: str | None = None) -> Self:
        """A copy whose texts are plain strings in ``lang`` (default: the result's own), for reading fields."""
        return (
            type(self)
            .model_validate(self.model_dump(context={"lang": lang} if lang else None))
            .with_lang(lang or self.default_lang())
        )


class Finding(BaseModel):
    """One problem found for a clause (a clause may have several: one per unit or indicator)."""

    focus: Text | None = Field(default=None, description="readable label of the unit/product concerned")
    focus_iri: str | None = None
    path: Text | None = None
    value: Text | None = Field(default=None, description="the value found, as given and normalised")
    expected: Text | None = Field(default=None, description="the threshold with its unit")
    message: Text
    hint: Text | None = None
    severity: Literal["violation", "warning"] = "violation"
    origin: Literal["engine", "absent", "value"] = Field(
        default="engine",
        description="engine: a SHACL result; absent: the facts a shape reads are not given; value: an unusable value",
    )
    # the numbers behind the display strings (medpolicy.finding_numbers); None where not known
    node: str | None = Field(default=None, description="IRI of the node concerned (nearest IRI for a blank node)")
    parameter: str | None = Field(default=None, description="IRI of the parameter the value is checked against")
    found: float | None = Field(default=None, description="the value found, in the threshold's unit")
    found_as_given: float | None = Field(default=None, description="the value as the applicant gave it")
    unit_as_given: str | None = Field(default=None, description="the unit code the applicant gave")
    threshold: ParameterValue = Field(default=None, description="the threshold value")
    unit: str | None = Field(default=None, description="unit code of the threshold (pint syntax)")
    comparator: str | None = Field(default=None, description=">= > <= < == != in between bool before after")


class ClauseResult(BaseModel):
    """The verdict on one clause: the contract's fields plus all findings."""

    clause: str
    section: str
    status: Status
    text: str
    gloss: str = ""
    kind: str = ""
    check: str = ""
    topic: str = ""
    message: Text
    focus: Text | None = None
    path: Text | None = None
    value: Text | None = None
    expected: Text | None = None
    evidence: Text | None = None
    evidence_given: list[Text] = []
    findings: list[Finding] = []
    in_principle: bool = False

    @field_serializer("evidence_given", mode="wrap")
    def _evidence_in_order(self, items: list[Text], handler: SerializerFunctionWrapHandler) -> Any:
        """The evidence in the order of its words (a graph's triples come in no fixed order)."""
        lang = _LANG.get()
        return sorted_words(items, lang) if lang is not None else handler(items)


def sorted_words(items: list[Text], lang: str) -> list[str]:
    """Texts in ``lang``, sorted."""
    return sorted(words(item, lang) for item in items)


class Report(Rendered):
    """Validation of one applicant graph against one policy; ``lang`` is the default language of its words."""

    policy: str
    policy_title: Text = ""
    source: str = ""
    as_of: str
    lang: str
    conforms: bool
    summary: dict[str, int]
    results: list[ClauseResult]
    ignored_triples: list[str] = []
    notes: list[Text] = []
    call: Literal["open", "closed", "draft"] = Field(
        default="open", description="the call on the date of the check: open, closed (past its deadline) or draft"
    )
    untraced: list[str] = Field(
        default=[],
        description="engine results that no applicable clause explains (each is listed, none is dropped silently)",
    )

    def default_lang(self) -> str:
        return self.lang

    def with_lang(self, lang: str) -> Self:
        self.lang = check_lang(lang)
        return self

    @property
    def failed(self) -> list[ClauseResult]:
        return [r for r in self.results if r.status == "fail"]

    @property
    def warnings(self) -> list[ClauseResult]:
        return [r for r in self.results if r.status == "warning"]

    @property
    def manual(self) -> list[ClauseResult]:
        return [r for r in self.results if r.status == "manual"]

    def to_json(self, lang: str | None = None, *, indent: int | None = 2) -> str:
        """The JSON contract in ``lang`` (default: the report's own language)."""
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)
