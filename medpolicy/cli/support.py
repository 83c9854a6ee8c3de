"""What every command shares: library errors become one line and their exit code, never a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from medpolicy.errors import MedpolicyError

__all__ = ["errors"]

# library arguments whose command-line flag has another name
_FLAGS = {"scope": "--for"}

F = TypeVar("F", bound=Callable[..., Any])


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor (e.g. captured)
        pass


def errors(func: F) -> F:
    """Turn library errors into a one-line message and their exit code; never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at interpreter exit
            return result
        except BrokenPipeError:  # `medpolicy clauses | head -1`: the reader has what it wanted
            _quiet_stdout()
            sys.exit(0)
        except MedpolicyError as exc:
            # an error about a field of the applicant data (found after parsing) names the input file too
            if exc.file is None and (exc.where or "").startswith("field ") and isinstance(kwargs.get("file"), str):
                exc.file = kwargs["file"]
            if exc.argument and not exc.where:  # the library names its parameter; here it is a flag
                exc.where = _FLAGS.get(exc.argument, "--" + exc.argument.replace("_", "-"))
            message = str(exc)
            click.echo(f"medpolicy: error: {message if len(message) <= 2000 else message[:2000] + ' …'}", err=True)
            sys.exit(exc.exit_code)
        except SystemExit:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                _quiet_stdout()
            raise
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug of ours: say so briefly, exit 3
            click.echo(f"medpolicy: internal error: {type(exc).__name__}: {str(exc)[:300]}", err=True)
            click.echo("please report it with the command line and input file", err=True)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]
