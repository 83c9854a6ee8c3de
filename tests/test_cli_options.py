"""``--as-of``, ``--lang``, ``--format`` and ``--input-format`` are declared once (medpolicy/cli/options.py) and
behave the same in every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from medpolicy.cli import options
from medpolicy.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = {"--as-of", "--lang", "--format", "--input-format"}
# commands of other rooms that still declare their own (their owners move them to cli/options.py)
NOT_YET: set[tuple[str, str]] = set()


def _own_declarations() -> set[tuple[str, str]]:
    found = set()
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and not isinstance(param, options.SharedOption):
                found |= {(name, flag) for flag in param.opts if flag in SHARED}
    return found


def test_every_command_uses_the_shared_options() -> None:
    own = _own_declarations()
    assert own - NOT_YET == set(), "declare these with medpolicy.cli.options"
    assert NOT_YET - own == set(), "moved to the shared options: remove them from NOT_YET"


@pytest.mark.parametrize("command", ["validate", "match", "index-table"])
def test_a_bad_date_is_a_usage_error_naming_the_option(command: str) -> None:
    args = [command, "examples/chongqing/pass.ttl", "--as-of", "2026-02-30"]
    if command != "match":
        args += ["--policy", "chongqing"]
    out = subprocess.run(
        [sys.executable, "-m", "medpolicy", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 2 and "--as-of" in out.stderr and "2026-02-30" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
