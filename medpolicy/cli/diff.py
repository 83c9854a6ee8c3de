"""``medpolicy diff``: compare two policies clause by clause, all pairs (``--matrix``), or applicants under both.

The command is a click command object, ``diff_command``, added to the ``medpolicy`` group by ``medpolicy.cli``;
the work is done by the rooms :mod:`medpolicy.diff` and :mod:`medpolicy.render` (``render.diff*``), imported inside
the command.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from medpolicy.cli import options
from medpolicy.cli.support import errors
from medpolicy.errors import InputError

__all__ = ["diff_command"]


_errors = errors


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        click.echo(f"{output}: written", err=True)
    else:
        click.echo(text)


@click.command("diff", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("policies", nargs=-1, metavar="A B")
@click.option("--topic", help="Only this topic of the shared scheme, e.g. rd-investment-ratio.")
@click.option("--product", help="Only this product family (or every family under a broader one), e.g. mri.")
@click.option("--only-changes", is_flag=True, help="Leave out entries that are the same in A and B.")
@click.option(
    "--related-families",
    is_flag=True,
    help="Also pair indicators of sibling product families (one broader family) when their subjects agree.",
)
@click.option(
    "--shared-families",
    is_flag=True,
    help="Leave out the clauses of product families that only one of the two policies has.",
)
@options.output_format(
    "table",
    "json",
    "markdown",
    "html",
    help="json: the contract's plain array of entries; html: one self-contained page.",
)
@options.lang("Language of labels.")
@click.option("--matrix", is_flag=True, help="For every pair of policies (or of those given): counts of each change.")
@click.option(
    "--applicants",
    "folder",
    help="Validate every applicant file of FOLDER under A and B; list who flips and the changed clauses why.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Validate the --applicants files in this many worker processes (same result as one).",
)
@options.as_of("Date of the checks for --applicants (default: a file's '# as-of:' line, else today).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@_errors
def diff_command(
    policies: tuple[str, ...],
    topic: str | None,
    product: str | None,
    only_changes: bool,
    related_families: bool,
    shared_families: bool,
    fmt: str,
    lang: str,
    matrix: bool,
    folder: str | None,
    workers: int,
    as_of: dt.date | None,
    output: str | None,
) -> None:
    """Compare policies A and B clause by clause: same, stricter, looser, changed, added, removed.

    Clauses are aligned on the shared topic scheme (indicators also on their product family and subject),
    then compared on their parameters, with both verbatim quotes and a character diff of the text.
    """
    from medpolicy.diff.applicants import diff_applicants
    from medpolicy.diff.compare import diff
    from medpolicy.diff.matrix import diff_matrix
    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.render.diff import render_applicants, render_diff, render_matrix

    kb = KnowledgeBase.default()
    if matrix:
        if folder:
            raise click.UsageError("--matrix and --applicants do not go together")
        if len(policies) == 1:
            raise click.UsageError("--matrix takes no policy (all of them) or at least two")
        result = diff_matrix(policies or None, kb=kb)
        if fmt == "json":
            _emit(json.dumps([c.model_dump() for c in result.cells], ensure_ascii=False, indent=2), output)
        else:
            _emit(render_matrix(result, fmt, lang), output)
        return
    if len(policies) != 2:
        raise click.UsageError("give two policy ids: medpolicy diff A B (see `medpolicy policies`)")
    a, b = policies
    for pid in (a, b):
        if pid not in kb.policy_ids:
            raise InputError(f"unknown policy {pid!r}; known: {', '.join(kb.policy_ids)}", where="A B")
    report = diff(
        a,
        b,
        topic=topic,
        product=product,
        only_changes=only_changes,
        related_families=related_families,
        shared_families=shared_families,
        kb=kb,
    )
    if folder:
        flips = diff_applicants(a, b, folder, report=report, as_of=as_of, kb=kb, workers=workers)
        if fmt == "json":
            _emit(json.dumps(flips.to_json_array(), ensure_ascii=False, indent=2), output)
        else:
            _emit(render_applicants(flips, fmt, lang), output)
        return
    if fmt == "json":
        _emit(json.dumps(report.to_json_array(), ensure_ascii=False, indent=2), output)
    else:
        _emit(render_diff(report, fmt, lang), output)
