"""A starter applicant file for a policy and scope: every field its checks read, each value left to fill in.

The template is generated from the same plan as the witness (:mod:`medpolicy.witness`): the lead roles, units,
figures, certificates and parameter values that the scope's machine-checked clauses read, each value left as
``"填写 FILL"`` with a comment naming the clause it serves, what it requires and its unit. An unfilled template
fails every clause it serves; filled with the example's values (``template --example``) it conforms.
"""

from __future__ import annotations

from medpolicy.applicant.witness import template_document
from medpolicy.kb.store import KnowledgeBase, local_name

__all__ = ["template_turtle"]


def template_turtle(policy: str, scope: str | None = None, lang: str = "zh", kb: KnowledgeBase | None = None) -> str:
    """The annotated Turtle template of ``scope`` (a product, scenario or direction clause IRI) under ``policy``."""
    kb = kb or KnowledgeBase.default()
    doc = kb.policy(policy)
    zh = lang == "zh"
    body, blanks = template_document(kb, policy, scope, lang)
    command = f"medpolicy template --policy {policy}" + (f" --for {local_name(scope)}" if scope else "")
    header = [
        f"# {'申报数据模板' if zh else 'Applicant template'}: {doc.title if zh else (doc.title_en or doc.title)}",
        f"# {command}",
        "# "
        + (
            f"共 {len(blanks)} 处“填写 FILL”待填写；示例取值见 {command} --example"
            if zh
            else f"{len(blanks)} values marked FILL to fill in; the example's values: {command} --example"
        ),
        "# " + ("填写后运行：" if zh else "then run: ") + f"medpolicy validate THIS_FILE.ttl --policy {policy}",
        "",
    ]
    return "\n".join(header) + body
