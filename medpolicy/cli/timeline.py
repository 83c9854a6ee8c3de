"""``medpolicy timeline``: a project's dated events run through its policy's procedure (a statechart).

The command is a click command object, ``timeline_command``, added to the ``medpolicy`` group by
``medpolicy.cli``; the work is done by :mod:`medpolicy.timeline.run` and the report written by
:mod:`medpolicy.render.timeline`, both imported inside the command.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import click

from medpolicy.cli.support import errors
from medpolicy.errors import InputError

__all__ = ["timeline_command"]


_errors = errors


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date (expected YYYY-MM-DD)", where="--as-of") from None


@click.command("timeline", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("events", metavar="EVENTS")
@click.option("--policy", required=True, help="Policy id whose procedure applies (a policy with a procedure.toml).")
@click.option(
    "--as-of", "as_of", metavar="YYYY-MM-DD", help="Date of the verdict (default today); later events are left out."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--input-format",
    type=click.Choice(["jsonl", "turtle", "json-ld", "xml", "nt", "nquads"]),
    help="Format of EVENTS (default: from its extension; JSON Lines for - and .jsonl/.ndjson/.json).",
)
@click.option("--strict", is_flag=True, help="Read 原则上 (in principle) limits as hard requirements.")
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of labels and messages."
)
@_errors
def timeline_command(
    events: str, policy: str, as_of: str | None, fmt: str, input_format: str | None, strict: bool, lang: str
) -> None:
    """Run a project's dated EVENTS (JSON Lines or RDF; - for stdin) through the policy's procedure.

    Prints the current state, every violation with its clause and the next deadlines with their dates.
    Exit codes: 0 the procedure was followed (warnings allowed), 1 violations, 2 unusable input, 3 internal error.
    """
    from medpolicy.render.timeline import render_text
    from medpolicy.timeline.run import timeline

    result = timeline(events, policy, as_of=_as_of(as_of), lang=lang, strict=strict, input_format=input_format)
    click.echo(result.to_json(lang=lang) if fmt == "json" else render_text(result, lang).rstrip("\n"))
    sys.exit(0 if result.conforms else 1)
