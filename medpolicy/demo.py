"""`make demo`: a tour of the knowledge base, then every bundled example validated and matched.

Runs the real commands through the CLI, exactly as a user would type them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

from medpolicy.cli import main as cli
from medpolicy.kb import kb_root


def _run(*args: str, lines: int | None = None) -> None:
    print(f"\n$ medpolicy {' '.join(args)}")
    result = CliRunner().invoke(cli, list(args))
    out = result.output.rstrip("\n").splitlines()
    shown = out if lines is None else out[:lines]
    print("\n".join(shown))
    if lines is not None and len(out) > lines:
        print(f"… ({len(out) - lines} more lines)")
    if result.exit_code not in (0, 1):
        print(f"[exit {result.exit_code}]", file=sys.stderr)
        raise SystemExit(result.exit_code)


def _examples() -> list[Path]:
    root = kb_root().parent if (kb_root().parent / "examples").is_dir() else Path.cwd()
    return sorted((root / "examples").glob("*/*.ttl"))


def _as_of(path: Path) -> list[str]:
    match = re.search(r"^# as-of: (\S+)", path.read_text(encoding="utf-8")[:2000], re.M)
    return ["--as-of", match.group(1)] if match else []


def main() -> None:
    print("== 1. The knowledge base: five documents, clause by clause ==")
    _run("policies")
    _run("coverage")
    _run("clauses", "--kind", "indicator", lines=12)
    _run("clauses", "--topic", "rd-investment-ratio", "--lang", "en")
    examples = _examples()
    if not examples:
        print("\n(no examples/ folder beside the knowledge base: skipping validation)")
        return
    print("\n== 2. Validating the bundled applicants ==")
    for n, path in enumerate(examples):
        policy = path.parent.name
        lang = "zh" if n % 2 == 0 else "en"
        _run("validate", str(path), "--policy", policy, *_as_of(path), "--lang", lang, lines=14)
    print("\n== 3. One applicant against every notice ==")
    passing = [p for p in examples if p.stem == "pass"]
    if passing and "match" in cli.commands:  # type: ignore[attr-defined]
        _run("match", str(passing[0]), *_as_of(passing[0]), "--lang", "en")


if __name__ == "__main__":
    main()
