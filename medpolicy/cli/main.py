"""The ``medpolicy`` command: a thin click group over the library. Heavy work stays in the library."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from medpolicy.cli import options
from medpolicy.cli.support import errors

LANG = options.lang()

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
@options.output_format("table", "json")
@LANG
@_errors
def policies(fmt: str, lang: str) -> None:
    """List the policy documents in the knowledge base."""
    from medpolicy.kb.store import KnowledgeBase

    items = KnowledgeBase.default().policies()
    if fmt == "json":
        click.echo(json.dumps([p.model_dump(mode="json") for p in items], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.tables import policies_table

    click.echo(policies_table(items, lang))


@main.command()
@click.option("--policy", help="Policy id (see `medpolicy policies`); all policies when omitted.")
@click.option("--kind", help="Clause kind: eligibility, indicator, evaluation, quota, …")
@click.option("--topic", help="Topic of the shared scheme, e.g. rd-investment-ratio.")
@click.option("--search", help="Text in the Chinese clause, its English gloss or a parameter subject.")
@options.output_format("table", "json")
@LANG
@_errors
def clauses(policy: str | None, kind: str | None, topic: str | None, search: str | None, fmt: str, lang: str) -> None:
    """List clauses with their verbatim text, kind, check, topic and parameters (or those matching --search)."""
    from medpolicy.cli.workbench import check_clause_filters, search_output
    from medpolicy.i18n import Msg, words
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
    click.echo("\n" + words(Msg(key="render.tables_clause_count", params={"n": len(items)}), lang))


@main.command()
@options.output_format("table", "json")
@LANG
@_errors
def coverage(fmt: str, lang: str) -> None:
    """Per policy: clauses, and how many are checked by shape, by rule, manually, or are information."""
    from medpolicy.kb.coverage import coverage as compute

    rows = compute()
    if fmt == "json":
        click.echo(json.dumps([r.model_dump() for r in rows], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.tables import coverage_table

    click.echo(coverage_table(rows, lang))


@main.command()
@click.argument("file")
@click.option("--policy", help="Policy id to validate against.")
@click.option("--all", "all_policies", is_flag=True, help="Validate against every notice.")
@options.output_format("text", "json", "markdown")
@options.input_format()
@options.as_of()
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
    as_of: dt.date | None,
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
    chosen = dict(r.partition("=")[::2] for r in readings)
    reports = [
        run(graph, pid, lang=lang, as_of=as_of, strict=strict, kb=kb, readings=chosen, engine=engine) for pid in pids
    ]
    for r in reports:
        r.source = file
    if fmt == "json":
        payload = [r.to_dict() for r in reports]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        from medpolicy.render.report import report_markdown, report_text

        render = report_markdown if fmt == "markdown" else report_text
        click.echo("\n\n".join(render(r) for r in reports))
    sys.exit(0 if all(r.conforms for r in reports) else 1)


@main.command()
@click.argument("file")
@options.output_format("text", "json")
@options.input_format()
@options.as_of()
@click.option("--changes", default=5, show_default=True, help="How many changes to list per notice.")
@LANG
@_errors
def match(file: str, fmt: str, input_format: str | None, as_of: dt.date | None, changes: int, lang: str) -> None:
    """Check one applicant FILE against every notice: eligible or not, and what to change; ranked."""
    from medpolicy.validation.match import match as run

    entries = run(file, lang=lang, as_of=as_of, input_format=input_format)
    if fmt == "json":
        click.echo(json.dumps([e.model_dump() for e in entries], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.tables import match_table

    click.echo(match_table(entries, lang, changes))


@main.command()
@click.option("--policy", required=True, help="Policy id.")
@click.option("--for", "scope", help="Product, scenario or direction clause (id or IRI) applied for.")
@options.output_format("ttl", "jsonld")
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
@options.output_format("markdown", "xlsx", "docx", "json")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Output file (required for xlsx/docx).")
@options.input_format()
@options.as_of()
@LANG
@_errors
def index_table_command(
    file: str, policy: str, fmt: str, output: str | None, input_format: str | None, as_of: dt.date | None, lang: str
) -> None:
    """Fill the policy's 申报信息索引表 (是否满足, 证明材料索引) from FILE, in the table's own order."""
    from pathlib import Path

    from medpolicy.errors import InputError
    from medpolicy.render.office import index_docx, index_markdown, index_xlsx
    from medpolicy.validation.index_table import index_table
    from medpolicy.validation.run import validate as run

    report = run(file, policy, lang=lang, as_of=as_of, input_format=input_format)
    table = index_table(report)
    if not table.rows:
        raise InputError(f"{policy} has no index table (no clause with an index-table row)", where="--policy")
    if fmt in ("xlsx", "docx"):
        if not output:
            raise click.UsageError(f"--format {fmt} needs --output FILE")
        (index_xlsx if fmt == "xlsx" else index_docx)(table, Path(output), lang)
        click.echo(f"{output}: {len(table.rows)} rows, {len(table.without_evidence)} without evidence")
        return
    text = table.model_dump_json(indent=2) if fmt == "json" else index_markdown(table, lang)
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
