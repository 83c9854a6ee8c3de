"""One message catalog: every UI string in Chinese and English, by key.

Results carry facts: a :class:`Msg` (a catalog key and its parameters) or a :class:`Both` (a text the data or the
knowledge base gives in both languages). Rendering chooses the words: ``words(msg, "en")``. The catalog is the TOML
files of ``medpolicy/catalog/`` (one per room; the file name is the key's first part)::

    # medpolicy/catalog/validation.toml
    [pass]
    zh = "满足"
    en = "met"

>>> words(Msg(key="i18n.example", params={"n": 3}), "zh"), words(Msg(key="i18n.example", params={"n": 3}), "en")
('3 项', '3 items')
>>> words(Both(zh="联合体", en="consortium"), "en")
'consortium'
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict

from medpolicy.errors import PolicyLoadError, UnknownArgumentError

__all__ = ["LANGS", "Both", "Lang", "Msg", "Param", "catalog", "check_lang", "placeholders", "words"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Both(BaseModel):
    """A text given in both languages (a label of the knowledge base, a name from the applicant's file)."""

    model_config = ConfigDict(frozen=True)
    zh: str
    en: str


class Msg(BaseModel):
    """A catalog key and its parameters; a parameter may itself be a :class:`Msg` or a :class:`Both`."""

    model_config = ConfigDict(frozen=True)
    key: str
    params: dict[str, str | int | float | bool | None | Msg | Both | list[str | Msg | Both]] = {}


Param = str | int | float | bool | None | Msg | Both | list[str | Msg | Both]


def check_lang(lang: str) -> Lang:
    """``lang`` if it is a language of the catalog; otherwise :class:`UnknownArgumentError` naming ``lang``."""
    if lang == "zh":
        return "zh"
    if lang == "en":
        return "en"
    raise UnknownArgumentError(f"unknown language {lang!r}; use zh or en", argument="lang")


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every message: ``{"room.name": {"zh": …, "en": …}}``, read once from ``medpolicy/catalog/*.toml``."""
    out: dict[str, dict[str, str]] = {}
    for entry in sorted(resources.files("medpolicy.catalog").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        room = entry.name.removesuffix(".toml")
        try:
            table = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise PolicyLoadError(f"message catalog {entry.name}: {exc}") from exc
        for name, texts in table.items():
            if not isinstance(texts, dict) or set(texts) != set(LANGS):
                raise PolicyLoadError(f"message catalog {entry.name}: [{name}] needs exactly zh and en")
            out[f"{room}.{name}"] = {lang: str(texts[lang]) for lang in LANGS}
    return out


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a catalog text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def words(value: Param, lang: str, *, joiner: str | None = None) -> str:
    """``value`` in words of ``lang``: a message from the catalog, one side of a :class:`Both`, a list joined."""
    lang = check_lang(lang)
    if isinstance(value, Msg):
        try:
            template = catalog()[value.key][lang]
        except KeyError:
            raise KeyError(f"no message {value.key!r} in the catalog") from None
        return template.format(**{k: words(v, lang) for k, v in value.params.items()})
    if isinstance(value, Both):
        return value.zh if lang == "zh" else value.en
    if isinstance(value, list):
        sep = joiner if joiner is not None else ("、" if lang == "zh" else ", ")
        return sep.join(words(v, lang) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return str(value)
