"""What every command shares: library errors become one line and their exit code, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from medpolicy.errors import MedpolicyError

__all__ = ["errors"]

F = TypeVar("F", bound=Callable[..., Any])


def errors(func: F) -> F:
    """Turn library errors into a one-line message and their exit code; never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MedpolicyError as exc:
            # an error about a field of the applicant data (found after parsing) names the input file too
            if exc.file is None and (exc.where or "").startswith("field ") and isinstance(kwargs.get("file"), str):
                exc.file = kwargs["file"]
            if exc.argument and not exc.where:  # the library names its parameter; here it is a flag
                exc.where = "--" + exc.argument.replace("_", "-")
            message = str(exc)
            click.echo(f"medpolicy: error: {message if len(message) <= 2000 else message[:2000] + ' …'}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug of ours: say so briefly, exit 3
            click.echo(f"medpolicy: internal error: {type(exc).__name__}: {str(exc)[:300]}", err=True)
            click.echo("please report it with the command line and input file", err=True)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]
