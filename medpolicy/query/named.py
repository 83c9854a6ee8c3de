"""Named analyst questions: ``queries/*.rq`` at the top of the repository (``medpolicy/_kb/queries`` in a wheel).

Each file starts with a header of ``# key: value`` comment lines, then the query::

    # title: 培训人次门槛
    # title_en: Every headcount threshold on training
    # description: one row per threshold (policy, clause, section, comparator, value, unit, quote)
    # columns: policy clause section comparator value unit quote

``title`` and ``title_en`` are required; the name is the file name without ``.rq``.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from medpolicy.errors import InputError, PolicyLoadError
from medpolicy.kb.store import KnowledgeBase

__all__ = ["NamedQuery", "named_queries", "named_query", "queries_dir"]

_HEADER = re.compile(r"^#\s*([a-z_]+)\s*:\s*(.*?)\s*$")


class NamedQuery(BaseModel):
    """One documented question of ``queries/``."""

    name: str
    title: str
    title_en: str
    description: str = ""
    columns: list[str] = []
    text: str
    path: str


def queries_dir(kb: KnowledgeBase | None = None) -> Path:
    return (kb or KnowledgeBase.default()).root / "queries"


def _read(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            header[m.group(1)] = (header.get(m.group(1), "") + " " + m.group(2)).strip()
    for key in ("title", "title_en"):
        if not header.get(key):
            raise PolicyLoadError(f"named query without '# {key}:' header line", file=str(path))
    return NamedQuery(
        name=path.stem,
        title=header["title"],
        title_en=header["title_en"],
        description=header.get("description", ""),
        columns=header.get("columns", "").split(),
        text=text,
        path=str(path),
    )


def named_queries(kb: KnowledgeBase | None = None) -> list[NamedQuery]:
    """Every named query, by name."""
    folder = queries_dir(kb)
    return [_read(p) for p in sorted(folder.glob("*.rq"))] if folder.is_dir() else []


def named_query(name: str, kb: KnowledgeBase | None = None) -> NamedQuery:
    """The named query ``name``; an unknown name is an input error with the closest names suggested."""
    known = {q.name: q for q in named_queries(kb)}
    if name not in known:
        from medpolicy.kb.suggest import suggestions

        hint = suggestions(name, list(known))
        raise InputError(
            f"unknown named query {name!r}"
            + (f"; did you mean {', '.join(hint)}?" if hint else "")
            + f" (known: {', '.join(known)})",
            where="--named",
        )
    return known[name]
