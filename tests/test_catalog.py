"""The message catalog (medpolicy/catalog/*.toml): every message in both languages with the same placeholders,
English without Chinese, and every key the code names is in the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from medpolicy.errors import UnknownArgumentError
from medpolicy.i18n import Both, Msg, catalog, check_lang, placeholders, words

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    entries = catalog()
    assert entries, "the catalog is empty"
    for key, texts in entries.items():
        assert texts["zh"].strip() and texts["en"].strip(), key
        assert placeholders(texts["zh"]) == placeholders(texts["en"]), key


def test_english_messages_have_no_chinese() -> None:
    # a quote of the notice comes in through a placeholder, never in the English text itself
    offenders = {key: t["en"] for key, t in catalog().items() if CJK.search(t["en"])}
    assert offenders == {}


def test_every_key_named_in_the_code_is_in_the_catalog() -> None:
    named = set()
    for path in (ROOT / "medpolicy").rglob("*.py"):
        named |= set(re.findall(r"""Msg\(\s*(?:key=)?["']([\w.-]+)["']""", path.read_text(encoding="utf-8")))
    assert named, "no Msg(...) in the code"
    assert sorted(named - set(catalog())) == []


def test_words_fill_in_nested_messages_and_both_texts() -> None:
    inner = Both(zh="联合体", en="consortium")
    msg = Msg(key="i18n.example", params={"n": inner})
    assert words(msg, "zh") == "联合体 项" and words(msg, "en") == "consortium items"
    assert words([inner, "x"], "zh") == "联合体、x" and words([inner, "x"], "en") == "consortium, x"


def test_an_unknown_language_is_an_argument_error() -> None:
    with pytest.raises(UnknownArgumentError) as caught:
        check_lang("fr")
    assert caught.value.argument == "lang"
    with pytest.raises(UnknownArgumentError):
        words(Msg(key="i18n.example", params={"n": 1}), "de")
