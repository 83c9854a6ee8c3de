"""`make demo`: a tour of the knowledge base, then every bundled example validated, matched and timed.

Runs the real commands through the CLI, exactly as a user would type them. What it runs is discovered, not
listed: the policies come from the knowledge base, ``examples/<policy id>/`` holds applicants of that policy,
and any other file of ``examples/`` that names its policy in a ``# policy: ID`` header line is a project's
events, run through ``medpolicy timeline``. Anything else is named and skipped. The demo exits 0 when every
command ran (exit 0 or 1: a verdict), and with the command's exit code otherwise.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from click.testing import CliRunner

from medpolicy.cli.main import main as cli
from medpolicy.kb.store import KnowledgeBase, kb_root

__all__ = ["main"]

_APPLICANT_SUFFIXES = {".ttl", ".json", ".jsonld", ".rdf", ".nt", ".nq"}
_EVENT_SUFFIXES = {".jsonl", ".ndjson", ".ttl", ".json", ".jsonld"}


def _run(*args: str, lines: int | None = None) -> None:
    print(f"\n$ medpolicy {' '.join(args)}")
    result = CliRunner().invoke(cli, list(args))
    out = result.output.rstrip("\n").splitlines()
    shown = out if lines is None else out[:lines]
    print("\n".join(shown))
    if lines is not None and len(out) > lines:
        print(f"… ({len(out) - lines} more lines)")
    if result.exit_code not in (0, 1):
        print(f"[exit {result.exit_code}] medpolicy {' '.join(args)}", file=sys.stderr)
        raise SystemExit(result.exit_code)


def _examples_dir() -> Path | None:
    for root in (kb_root().parent, kb_root(), Path.cwd()):
        if (root / "examples").is_dir():
            return root / "examples"
    return None


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when it is below it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _header(path: Path, key: str) -> str | None:
    match = re.search(rf"^# {key}: (\S+)", path.read_text(encoding="utf-8")[:4000], re.M)
    return match.group(1) if match else None


def _as_of(path: Path) -> list[str]:
    date = _header(path, "as-of")
    return ["--as-of", date] if date else []


def discover(examples: Path, policies: list[str]) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]], list[Path]]:
    """(policy, applicant file) pairs, (policy, events file) pairs, and files that are neither."""
    applicants: list[tuple[str, Path]] = []
    timelines: list[tuple[str, Path]] = []
    skipped: list[Path] = []
    for path in sorted(p for p in examples.rglob("*") if p.is_file()):
        folder = path.relative_to(examples).parts[0]
        if folder in policies and path.suffix in _APPLICANT_SUFFIXES:
            applicants.append((folder, path))
            continue
        named = _header(path, "policy") if path.suffix in _EVENT_SUFFIXES else None
        if named in policies and folder not in policies:
            timelines.append((named, path))
        else:
            skipped.append(path)
    return applicants, timelines, skipped


def main() -> None:
    policies = KnowledgeBase.default().policy_ids
    print(f"== 1. The knowledge base: {len(policies)} documents, clause by clause ==")
    _run("policies")
    _run("coverage")
    _run("clauses", "--kind", "indicator", lines=12)
    _run("clauses", "--topic", "rd-investment-ratio", "--lang", "en")
    examples = _examples_dir()
    if examples is None:
        print("\n(no examples/ folder beside the knowledge base: skipping validation)")
        return
    applicants, timelines, skipped = discover(examples, policies)
    print(f"\n== 2. Validating the bundled applicants ({len(applicants)}) ==")
    for n, (policy, path) in enumerate(applicants):
        lang = "zh" if n % 2 == 0 else "en"
        _run("validate", _shown(path), "--policy", policy, *_as_of(path), "--lang", lang, lines=14)
    passing = [path for _policy, path in applicants if path.stem == "pass"]
    if passing:
        print("\n== 3. One applicant against every notice ==")
        _run("match", _shown(passing[0]), *_as_of(passing[0]), "--lang", "en")
    if timelines:
        print(f"\n== 4. Projects' timelines through their policy's procedure ({len(timelines)}) ==")
        for n, (policy, path) in enumerate(timelines):
            lang = "en" if n % 2 == 0 else "zh"
            _run("timeline", _shown(path), "--policy", policy, *_as_of(path), "--lang", lang, lines=10)
    for path in skipped:
        print(f"(skipped {path.relative_to(examples)}: not under a policy's folder and no '# policy: ID' line)")
    print(
        f"\ndemo: {len(policies)} policies, {len(applicants)} applicants validated, "
        f"{len(timelines)} timelines run, {len(skipped)} files skipped"
    )


if __name__ == "__main__":
    main()
