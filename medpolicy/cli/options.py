"""The options every command shares, declared once: ``--as-of``, ``--lang``, ``--format``, ``--input-format``.

Each is a decorator factory; a command names only what differs (the formats it writes, the help line)::

    @as_of()
    @lang()
    @output_format("text", "json", "markdown")
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["RDF_FORMATS", "SharedOption", "as_of", "input_format", "lang", "output_format"]

F = TypeVar("F", bound=Callable[..., Any])
RDF_FORMATS = ("turtle", "json-ld", "xml", "nt", "nquads")


class SharedOption(click.Option):
    """An option declared here (tests/test_cli_options.py finds the commands that still declare their own)."""


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)", param=param) from None


def as_of(help: str = "Date of the checks (default today).") -> Callable[[F], F]:
    """``--as-of YYYY-MM-DD``, passed to the command as a :class:`datetime.date` (None when not given)."""
    return click.option("--as-of", "as_of", metavar="YYYY-MM-DD", callback=_date, help=help, cls=SharedOption)


def lang(help: str = "Language of labels and messages.") -> Callable[[F], F]:
    """``--lang zh|en`` (default zh): the language the results are rendered in."""
    return click.option(
        "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help=help, cls=SharedOption
    )


def output_format(*choices: str, default: str | None = None, help: str | None = None) -> Callable[[F], F]:
    """``--format`` with the formats the command writes (the first is the default), passed as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help=help,
        cls=SharedOption,
    )


def input_format(
    *choices: str, help: str = "RDF format of FILE (default: from its extension; turtle for -)."
) -> Callable[[F], F]:
    """``--input-format`` (default: from the file's extension), passed as ``input_format``."""
    return click.option("--input-format", type=click.Choice(list(choices or RDF_FORMATS)), help=help, cls=SharedOption)
