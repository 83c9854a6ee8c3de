"""The README's commands keep working: each ``medpolicy …`` line of its shell blocks runs in a fresh process.

Commands run in a scratch folder that sees the repository's ``examples/`` (outputs such as ``my.ttl`` or
``diff.html`` land there), through a shell so that ``> my.ttl`` works. The exit code a line documents in its
comment (``exit 1``) is asserted; a line that documents none must exit 0. ``medpolicy serve`` runs until
stopped, so its line runs with ``--help``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import ROOT


def readme_commands() -> list[tuple[str, int]]:
    """(command, documented exit code) for each ``medpolicy`` line in a ```sh block of README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if not line.startswith("medpolicy "):
                continue
            command, _, comment = line.partition("  #")
            documented = re.search(r"\bexit (\d)\b", comment)
            out.append((command.strip(), int(documented.group(1)) if documented else 0))
    return out


def test_the_readme_shows_commands() -> None:
    commands = [c for c, _ in readme_commands()]
    assert len(commands) >= 15
    for wanted in ("validate", "diff", "screen", "timeline", "template", "schema", "clauses"):
        assert any(c.startswith(f"medpolicy {wanted} ") for c in commands), wanted


def test_every_readme_command_runs_with_its_documented_exit_code(tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    # a file the README supposes the reader has written: a query of their own
    (tmp_path / "my.rq").write_text(
        "PREFIX mp: <https://w3id.org/medpolicy/ontology#>\nSELECT ?id WHERE { ?d mp:policyId ?id }\n", encoding="utf-8"
    )
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")

    def run(command: str) -> tuple[str, int, str]:
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
        )
        return command, done.returncode, done.stderr

    commands = dict(readme_commands())
    # a server runs until stopped: its line is checked through --help (the command and its options exist)
    commands = {(f"{c} --help" if c.split()[1] == "serve" else c): code for c, code in commands.items()}
    writers = [c for c in commands if ">" in c.replace("->", "")]  # e.g. template > my.ttl, read by later lines
    results = [run(c) for c in writers]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results += list(pool.map(run, [c for c in commands if c not in writers]))
    wrong = [(c, code, commands[c], err[-500:]) for c, code, err in results if code != commands[c]]
    assert wrong == []
    assert "Traceback" not in "".join(err for _, _, err in results)
    assert (tmp_path / "diff.html").stat().st_size > 1000 and (tmp_path / "my.ttl").stat().st_size > 100


def test_diff_applicants_finds_files_in_subfolders_or_says_there_are_none(tmp_path: Path) -> None:
    nested = tmp_path / "batch" / "2025" / "round-1"
    nested.mkdir(parents=True)
    (nested / "a.ttl").write_text((ROOT / "examples/aimd_jiebang/pass.ttl").read_text(encoding="utf-8"))
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    base = [sys.executable, "-m", "medpolicy", "diff", "aimd_jiebang", "2025_national", "--format", "json"]
    found = subprocess.run([*base, "--applicants", str(tmp_path / "batch")], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert "a.ttl" in found.stdout
    none = subprocess.run([*base, "--applicants", str(tmp_path / "empty")], capture_output=True, text=True)
    assert none.returncode == 2
    assert "--applicants: no applicant files" in none.stderr and "subfolders" in none.stderr
