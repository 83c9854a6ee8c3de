"""The ``medpolicy`` command: a thin click group over the library. Heavy work stays in the library."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from medpolicy.cli.support import errors

LANG = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of labels and messages."
)

ENGINE = click.option(
    "--engine",
    type=click.Choice(["turbo", "pyshacl"]),
    help="SHACL engine: turbo (pyshacl-turbo, the default) or pyshacl (the reference); env MEDPOLICY_ENGINE.",
)

_errors = errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="medpolicy")
def main() -> None:
    """medpolicy — Chinese medical-equipment funding notices as a checkable knowledge base."""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@LANG
@_errors
def policies(fmt: str, lang: str) -> None:
    """List the policy documents in the knowledge base."""
    from medpolicy.kb.store import KnowledgeBase

    items = KnowledgeBase.default().policies()
    if fmt == "json":
        click.echo(json.dumps([p.model_dump(mode="json") for p in items], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.common import table

    head = [
        "id",
        "文号" if lang == "zh" else "number",
        "日期" if lang == "zh" else "issued",
        "条款" if lang == "zh" else "clauses",
        "标题" if lang == "zh" else "title",
    ]
    rows = [
        [
            p.id,
            p.number or "—",
            p.issued or "—",
            p.clause_count,
            p.title if lang == "zh" or not p.title_en else p.title_en,
        ]
        for p in items
    ]
    click.echo(table(head, rows, max_width=70))


@main.command()
@click.option("--policy", help="Policy id (see `medpolicy policies`); all policies when omitted.")
@click.option("--kind", help="Clause kind: eligibility, indicator, evaluation, quota, …")
@click.option("--topic", help="Topic of the shared scheme, e.g. rd-investment-ratio.")
@click.option("--search", help="Text in the Chinese clause, its English gloss or a parameter subject.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@LANG
@_errors
def clauses(policy: str | None, kind: str | None, topic: str | None, search: str | None, fmt: str, lang: str) -> None:
    """List clauses with their verbatim text, kind, check, topic and parameters (or those matching --search)."""
    from medpolicy.cli.workbench import check_clause_filters, search_output
    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.kb.views import clause_json, clause_row, clause_table_headers

    check_clause_filters(policy, kind, topic)
    if search is not None:
        click.echo(search_output(search, policy, kind, topic, fmt, lang, sys.stdout.isatty()))
        return
    items = KnowledgeBase.default().clauses(policy, kind=kind, topic=topic)
    if fmt == "json":
        click.echo(json.dumps([clause_json(c) for c in items], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.common import table

    click.echo(table(clause_table_headers(lang), [clause_row(c, lang) for c in items], max_width=50))
    click.echo(f"\n{len(items)} {'条' if lang == 'zh' else 'clauses'}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@LANG
@_errors
def coverage(fmt: str, lang: str) -> None:
    """Per policy: clauses, and how many are checked by shape, by rule, manually, or are information."""
    from medpolicy.kb.coverage import coverage as compute

    rows = compute()
    if fmt == "json":
        click.echo(json.dumps([r.model_dump() for r in rows], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.common import table

    zh = lang == "zh"
    head = [
        "policy",
        "条款" if zh else "clauses",
        "形状" if zh else "shape",
        "规则" if zh else "rule",
        "人工" if zh else "manual",
        "信息" if zh else "info",
        "参数" if zh else "parameters",
        "形状数" if zh else "shapes",
        "未关联" if zh else "untied",
    ]
    body = [
        [
            r.policy,
            r.clauses,
            r.shape,
            r.rule,
            r.manual,
            r.info,
            r.parameters,
            r.shapes,
            len(r.untied_shapes) + len(r.untied_rules),
        ]
        for r in rows
    ]
    total: list[object] = ["total" if not zh else "合计"]
    total += [sum(int(str(b[i])) for b in body) for i in range(1, len(head))]
    click.echo(table(head, [*body, total]))
    for r in rows:
        for s in r.untied_shapes:
            click.echo(f"{r.policy}: shape {s} is not tied to a clause of the policy")


@main.command()
@click.argument("file")
@click.option("--policy", help="Policy id to validate against.")
@click.option("--all", "all_policies", is_flag=True, help="Validate against every notice.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
@click.option(
    "--input-format",
    type=click.Choice(["turtle", "json-ld", "xml", "nt", "nquads"]),
    help="RDF format of FILE (default: from its extension; turtle for -).",
)
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of the checks (default today).")
@click.option("--strict", is_flag=True, help="Read 原则上 (in principle) clauses as hard requirements.")
@click.option(
    "--reading",
    "readings",
    multiple=True,
    metavar="PARAMETER=NAME",
    help="Read an ambiguous parameter another recorded way (medpolicy clauses --format json lists readings).",
)
@ENGINE
@LANG
@_errors
def validate(
    file: str,
    policy: str | None,
    all_policies: bool,
    fmt: str,
    input_format: str | None,
    as_of: Any,
    strict: bool,
    readings: tuple[str, ...],
    engine: str | None,
    lang: str,
) -> None:
    """Validate an applicant graph FILE (or - for stdin) and explain every clause."""
    from medpolicy.io.inputs import read_graph
    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.validation.run import validate as run

    kb = KnowledgeBase.default()
    if all_policies == bool(policy):
        raise click.UsageError("give exactly one of --policy ID or --all")
    from medpolicy.validation.match import notices

    pids = notices(kb) if all_policies else [policy or ""]
    graph = read_graph(file, input_format)
    date = as_of.date() if as_of else None
    chosen = dict(r.partition("=")[::2] for r in readings)
    reports = [
        run(graph, pid, lang=lang, as_of=date, strict=strict, kb=kb, readings=chosen, engine=engine) for pid in pids
    ]
    for r in reports:
        r.source = file
    if fmt == "json":
        payload = [r.model_dump(mode="json") for r in reports]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(r.to_markdown() if fmt == "markdown" else r.to_text() for r in reports))
    sys.exit(0 if all(r.conforms for r in reports) else 1)


@main.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--input-format", type=click.Choice(["turtle", "json-ld", "xml", "nt", "nquads"]))
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of the checks (default today).")
@click.option("--changes", default=5, show_default=True, help="How many changes to list per notice.")
@LANG
@_errors
def match(file: str, fmt: str, input_format: str | None, as_of: Any, changes: int, lang: str) -> None:
    """Check one applicant FILE against every notice: eligible or not, and what to change; ranked."""
    from medpolicy.validation.match import match as run

    entries = run(file, lang=lang, as_of=as_of.date() if as_of else None, input_format=input_format)
    if fmt == "json":
        click.echo(json.dumps([e.model_dump() for e in entries], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.common import table

    zh = lang == "zh"
    yes, no = ("是", "否") if zh else ("yes", "no")
    calls = {"open": "开放", "closed": "已截止", "draft": "征求意见稿"} if zh else {}
    head = ["#", "policy", "申报" if zh else "call", "符合" if zh else "eligible", "在清单内" if zh else "in scope"]
    head += [
        "不满足" if zh else "fails",
        "警告" if zh else "warnings",
        "人工" if zh else "manual",
        "通过" if zh else "passes",
    ]
    rows = [
        [
            n,
            e.policy,
            calls.get(e.call, e.call),
            yes if e.eligible else no,
            yes if e.in_scope else no,
            e.fails,
            e.warnings,
            e.manual,
            e.passes,
        ]
        for n, e in enumerate(entries, 1)
    ]
    click.echo(table(head, rows))
    for e in entries:
        if e.changes:
            click.echo(f"\n{e.policy}: {'需修改' if zh else 'changes needed'} ({len(e.changes)})")
            for change in e.changes[:changes]:
                click.echo(f"  - {change}")
            if len(e.changes) > changes:
                click.echo(f"  … {len(e.changes) - changes} {'项' if zh else 'more'}")


@main.command()
@click.option("--policy", required=True, help="Policy id.")
@click.option("--for", "scope", help="Product, scenario or direction clause (id or IRI) applied for.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld"]), default="ttl")
@click.option("--example", is_flag=True, help="Write the generated applicant that just meets every checked clause.")
@LANG
@_errors
def template(policy: str, scope: str | None, fmt: str, example: bool, lang: str) -> None:
    """Write a starter applicant file with every field the policy's shapes read."""
    from medpolicy.applicant.template import template_turtle
    from medpolicy.kb.store import KnowledgeBase

    kb = KnowledgeBase.default()
    kb.policy_dir(policy)
    iri = kb.scope_clause(policy, scope) if scope else None
    if example:
        from medpolicy.applicant.witness import witness_turtle

        text = witness_turtle(kb, policy, iri)
    else:
        text = template_turtle(policy, iri, lang, kb)
    if fmt == "jsonld":
        from rdflib import Graph

        text = Graph().parse(data=text, format="turtle").serialize(format="json-ld", indent=2)
    click.echo(text)


@main.command("index-table")
@click.argument("file")
@click.option("--policy", required=True, help="Policy id (one with a 申报信息索引表).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "xlsx", "docx", "json"]), default="markdown")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Output file (required for xlsx/docx).")
@click.option("--input-format", type=click.Choice(["turtle", "json-ld", "xml", "nt", "nquads"]))
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of the checks (default today).")
@LANG
@_errors
def index_table_command(
    file: str, policy: str, fmt: str, output: str | None, input_format: str | None, as_of: Any, lang: str
) -> None:
    """Fill the policy's 申报信息索引表 (是否满足, 证明材料索引) from FILE, in the table's own order."""
    from pathlib import Path

    from medpolicy.errors import InputError
    from medpolicy.validation.index_table import index_table
    from medpolicy.validation.run import validate as run

    report = run(file, policy, lang=lang, as_of=as_of.date() if as_of else None, input_format=input_format)
    table = index_table(report)
    if not table.rows:
        raise InputError(f"{policy} has no index table (no clause with an index-table row)", where="--policy")
    if fmt in ("xlsx", "docx"):
        if not output:
            raise click.UsageError(f"--format {fmt} needs --output FILE")
        (table.to_xlsx if fmt == "xlsx" else table.to_docx)(Path(output), lang)
        click.echo(f"{output}: {len(table.rows)} rows, {len(table.without_evidence)} without evidence")
        return
    text = table.model_dump_json(indent=2) if fmt == "json" else table.to_markdown(lang)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text)


@main.command()
@_errors
def schema() -> None:
    """Print the JSON Schema of the applicant model (for form builders), titled in Chinese and English."""
    from medpolicy.applicant.schema import schema as build

    click.echo(json.dumps(build(), ensure_ascii=False, indent=2))


def _register_commands() -> None:
    """Commands that live in their own modules (each imports its heavy dependencies inside the command)."""
    from medpolicy.cli.diff import diff_command
    from medpolicy.cli.timeline import timeline_command
    from medpolicy.cli.workbench import COMMANDS as workbench

    main.add_command(diff_command, "diff")
    main.add_command(timeline_command, "timeline")
    for name, command in workbench.items():
        main.add_command(command, name)

    from medpolicy.cli.prove import prove_command

    main.add_command(prove_command, "prove")

    from medpolicy.cli.screen import screen_command

    main.add_command(screen_command, "screen")


_register_commands()


if __name__ == "__main__":
    main()
