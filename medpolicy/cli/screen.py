"""``medpolicy screen``: a batch of applications, validated in worker processes (or on a Dask cluster), then the
cross-application rules. Reports are streamed (``--format jsonl``: one line per report as it finishes) or spooled
to a temporary file (``--format json``), never all kept in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from typing import IO, Any

import click

from medpolicy.cli import options
from medpolicy.cli.support import errors

__all__ = ["screen_command"]

_errors = errors


def _emit_line(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


@click.command("screen", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, required=True)
@click.option("--policy", help="Policy id (default: the one the applications name).")
@options.output_format(
    "text",
    "json",
    "markdown",
    "jsonl",
    help="jsonl: one line per report as it finishes, then the errors, findings, verdicts and a summary line.",
)
@options.as_of()
@click.option("--no-validate", is_flag=True, help="Run only the cross-application rules (faster).")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: the cores).")
@click.option("--scheduler", metavar="ADDRESS", help="Screen on the Dask cluster at ADDRESS (tcp://host:8786).")
@click.option(
    "--rules-backend",
    type=click.Choice(["durable", "compiled"]),
    default="durable",
    show_default=True,
    help="Engine of the cross-application rules: durable_rules (of record) or compiled (plain Python, same rules).",
)
@options.lang()
@_errors
def screen_command(
    files: tuple[str, ...],
    policy: str | None,
    fmt: str,
    as_of: dt.date | None,
    no_validate: bool,
    workers: int | None,
    scheduler: str | None,
    rules_backend: str,
    lang: str,
) -> None:
    """Screen a batch (files, folders, or one file with many applications): each application validated,
    then the cross-application rules (limits per unit, exclusive memberships, quotas, deadlines)."""
    from medpolicy.render.screen import screen_json, screen_jsonl_tail, screen_markdown, screen_text
    from medpolicy.rules.findings import by_application, merge_report
    from medpolicy.rules.screen import screen_batch
    from medpolicy.validation.report import Report

    spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
    where: dict[str, tuple[int, int]] = {}

    def report(name: str, text: str) -> None:
        if fmt == "jsonl":
            click.echo(f'{{"kind": "report", "application": {json.dumps(name, ensure_ascii=False)}, "report": {text}}}')
        elif fmt == "json":
            where[name] = (spool.tell(), len(text))
            spool.write(text)

    with spool:
        batch = screen_batch(
            list(files), policy, lang=lang, as_of=as_of, validate_each=not no_validate,
            workers=workers, scheduler=scheduler, backend=rules_backend, on_report=report,  # type: ignore[arg-type]
        )  # fmt: skip
        if fmt == "jsonl":
            for line in screen_jsonl_tail(batch, lang):
                _emit_line(line)
        elif fmt == "json":
            mine = by_application(batch.findings)

            def reports() -> Any:
                for v in batch.verdicts:
                    offset, size = where[v.application]
                    spool.seek(offset)
                    merged = merge_report(Report.model_validate_json(spool.read(size)), mine.get(v.application, []))
                    yield merged.model_dump(mode="json")

            for piece in screen_json(batch, reports(), lang):
                click.echo(piece, nl=False)
        else:
            click.echo(screen_markdown(batch, lang) if fmt == "markdown" else screen_text(batch, lang))
    # 2 only when nothing could be screened; an unreadable application is reported and not eligible (1)
    if not batch.verdicts:
        sys.exit(2)
    sys.exit(0 if all(v.conforms for v in batch.verdicts) and not batch.errors else 1)
