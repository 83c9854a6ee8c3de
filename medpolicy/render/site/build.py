"""Writing the static site from the knowledge base with Jinja2 templates (autoescaped)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel
from rdflib import Literal
from rdflib.namespace import SH

from medpolicy.kb.models import Clause
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase, local_name

__all__ = ["SiteSummary", "build_site"]

ASSETS = Path(__file__).parent / "assets"
LANGS = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    "site": ("医疗装备政策知识库", "Medical-equipment policy knowledge base"),
    "policies": ("政策文件", "Policy documents"),
    "topics": ("主题", "Topics"),
    "diffs": ("政策比较", "Policy diffs"),
    "search": ("搜索", "Search"),
    "search_hint": ("输入中文原文或英文释义中的文字…", "type words of the Chinese text or the English gloss…"),
    "number": ("文号", "number"),
    "issued": ("日期", "issued"),
    "clauses": ("条款", "clauses"),
    "title": ("标题", "title"),
    "source": ("原文（逐段）与条款", "Source text, paragraph by paragraph, with its clauses"),
    "unplaced": ("未能在原文中定位的条款", "Clauses not located in the source text"),
    "kind": ("类型", "kind"),
    "check": ("核查方式", "check"),
    "topic": ("主题", "topic"),
    "parameters": ("参数", "parameters"),
    "interpretation": ("解读", "interpretation"),
    "checked_by": ("核查依据", "checked by"),
    "evidence": ("证明材料", "evidence"),
    "no_results": ("没有匹配的条款", "no matching clause"),
    "other_lang": ("English", "中文"),
    "pair": ("政策对", "pair"),
    "results": ("条结果", "results"),
    "rule": ("规则（rules.toml）", "rule (rules.toml)"),
    "manual": ("人工审核", "manual review"),
    "info": ("信息，不核查", "information, not checked"),
}


class SiteSummary(BaseModel):
    """What ``build_site`` wrote."""

    out: str
    pages: int
    policies: list[str]
    diffs: list[str]
    clauses: int
    placed: int
    unplaced: list[str]


@dataclass
class _Paragraph:
    segments: list[tuple[str, str | None]]  # (text, clause local id or None)
    clauses: list[Clause] = field(default_factory=list)


def _squashed(text: str) -> tuple[str, list[int]]:
    chars, where = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


def annotate(source: str, clauses: list[Clause]) -> tuple[list[_Paragraph], list[Clause]]:
    """The source text cut into paragraphs, each with the spans of the clauses found in it (whitespace-blind, as
    the faithfulness tests compare), and the clauses that could not be placed."""
    squashed, where = _squashed(source)
    spans: list[tuple[int, int, Clause]] = []
    unplaced: list[Clause] = []
    cursor = 0
    for c in clauses:
        needle, _ = _squashed(c.text)
        if not needle:
            unplaced.append(c)
            continue
        pos = squashed.find(needle, cursor)
        if pos < 0:
            pos = squashed.find(needle)
        if pos < 0:
            unplaced.append(c)
            continue
        cursor = pos
        spans.append((where[pos], where[pos + len(needle) - 1] + 1, c))
    paragraphs: list[_Paragraph] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", source):
        start, end = m.span()
        if not m.group().strip():
            continue
        inside = sorted((s for s in spans if start <= s[0] < end), key=lambda s: (s[0], -s[1]))
        segments: list[tuple[str, str | None]] = []
        pos = start
        for s, e, c in inside:
            if s < pos:  # overlaps a span already marked: listed beside the paragraph only
                continue
            e = min(e, end)
            segments += [(source[pos:s], None), (source[s:e], local_name(c.id))]
            pos = e
        segments.append((source[pos:end], None))
        paragraphs.append(_Paragraph([x for x in segments if x[0]], [c for _, _, c in inside]))
    return paragraphs, unplaced


def _checks(kb: KnowledgeBase, policy: str, lang: str) -> dict[str, list[str]]:
    """Clause IRI → the shapes tied to it, each as ``name: message``."""
    graph = kb.shapes_graph(policy)
    out: dict[str, list[str]] = {}
    for shape, clause in graph.subject_objects(MP.clause):
        messages = [m for m in graph.objects(shape, SH.message) if isinstance(m, Literal)]
        chosen = next((str(m) for m in messages if m.language == lang), str(messages[0]) if messages else "")
        out.setdefault(str(clause), []).append(f"{local_name(shape)}: {chosen}" if chosen else local_name(shape))
    return {k: sorted(v) for k, v in out.items()}


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("medpolicy.render.site", "templates"), autoescape=select_autoescape(["html"])
    )
    env.filters["local"] = local_name
    return env


def build_site(out: Path, kb: KnowledgeBase | None = None, langs: tuple[str, ...] = LANGS) -> SiteSummary:
    """Write the site into ``out`` (created; files of an earlier build are overwritten)."""
    from medpolicy.diff.compare import diff
    from medpolicy.diff.matrix import policy_order
    from medpolicy.kb.topics import topics
    from medpolicy.kb.views import parameter_text
    from medpolicy.render.diff import render_diff

    kb = kb or KnowledgeBase.default()
    env = _env()
    out.mkdir(parents=True, exist_ok=True)
    policies = kb.policies()
    order = policy_order(kb)
    pairs = list(itertools.combinations(order, 2))
    topic_rows = topics(kb, used_only=True)
    all_clauses = kb.clauses()
    pages = 0
    unplaced_ids: list[str] = []
    placed = 0
    for lang in langs:
        folder = out / lang
        folder.mkdir(exist_ok=True)
        for asset in ASSETS.iterdir():
            shutil.copyfile(asset, folder / asset.name)

        def t(key: str, lang: str = lang) -> str:
            zh, en = WORDS[key]
            return zh if lang == "zh" else en

        def ptext(p: Any, lang: str = lang) -> str:
            return parameter_text(p, lang)

        common: dict[str, Any] = {
            "lang": lang,
            "t": t,
            "ptext": ptext,
            "policies": policies,
            "pairs": pairs,
            "other": "en" if lang == "zh" else "zh",
        }

        def write(
            name: str, template: str, folder: Path = folder, common: dict[str, Any] = common, **context: Any
        ) -> None:
            nonlocal pages
            html = env.get_template(template).render(**common, **context)
            (folder / name).write_text(html, encoding="utf-8")
            pages += 1

        write("index.html", "index.html", page="index.html")
        for p in policies:
            clauses = kb.clauses(p.id)
            paragraphs, unplaced = annotate(kb.source_text(p.id), clauses)
            if lang == langs[0]:
                placed += len(clauses) - len(unplaced)
                unplaced_ids += [c.id for c in unplaced]
            write(
                f"policy-{p.id}.html",
                "policy.html",
                page=f"policy-{p.id}.html",
                policy=p,
                paragraphs=paragraphs,
                unplaced=unplaced,
                checks=_checks(kb, p.id, lang) if list(kb.shape_files(p.id)) else {},
            )
        by_topic: dict[str, list[Clause]] = {}
        for c in all_clauses:
            by_topic.setdefault(c.topic, []).append(c)
        write("topics.html", "topics.html", page="topics.html", topics=topic_rows, by_topic=by_topic)
        for a, b in pairs:
            (folder / f"diff-{a}--{b}.html").write_text(render_diff(diff(a, b, kb=kb), "html", lang), encoding="utf-8")
            pages += 1
        index = [
            {
                "id": local_name(c.id),
                "policy": c.policy,
                "section": c.section,
                "text": c.text,
                "gloss": c.gloss,
                "topic": c.topic_label if lang == "zh" else c.topic_label_en,
                "href": f"policy-{c.policy}.html#c-{local_name(c.id)}",
            }
            for c in all_clauses
        ]
        payload = json.dumps(index, ensure_ascii=False).replace("</", "<\\/")
        (folder / "search-index.js").write_text(f"window.MEDPOLICY_INDEX = {payload};\n", encoding="utf-8")
        write("search.html", "search.html", page="search.html")
    (out / "index.html").write_text(env.get_template("root.html").render(t=WORDS), encoding="utf-8")
    return SiteSummary(
        out=str(out),
        pages=pages + 1,
        policies=[p.id for p in policies],
        diffs=[f"{a}--{b}" for a, b in pairs],
        clauses=len(all_clauses),
        placed=placed,
        unplaced=unplaced_ids,
    )
