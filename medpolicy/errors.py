"""The library's errors: each names the file and, where known, the line, the field or the argument.

An error about an argument of a library function names the argument (``policy``, ``kind``, ``as_of``), not a
command-line flag: the CLI maps ``argument`` to its flag (``--policy``, ``--as-of``) when it prints the error.

>>> import medpolicy
>>> try:
...     medpolicy.clauses(policy="nowhere")
... except medpolicy.UnknownPolicyError as exc:
...     print(exc.argument, "|", str(exc)[:40])
policy | policy: unknown policy 'nowhere'; known:
"""

from __future__ import annotations

__all__ = ["InputError", "MedpolicyError", "PolicyLoadError", "UnknownArgumentError", "UnknownPolicyError"]


class MedpolicyError(Exception):
    """Base class of every error medpolicy raises on purpose."""

    exit_code = 3

    def __init__(
        self, message: str, *, file: str | None = None, where: str | None = None, argument: str | None = None
    ) -> None:
        self.message = message
        self.file = file
        self.where = where
        self.argument = argument
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where or self.argument) if p]
        return f"{': '.join(parts)}: {self.message}" if parts else self.message


class InputError(MedpolicyError):
    """Input the user gave cannot be used (exit code 2)."""

    exit_code = 2


class UnknownArgumentError(InputError, ValueError):
    """An argument value the knowledge base does not know (a kind, topic, language …); ``argument`` names it."""


class UnknownPolicyError(UnknownArgumentError):
    """A policy id that is not in the knowledge base."""


class PolicyLoadError(MedpolicyError):
    """A file of the knowledge base itself is broken (a packaging or authoring bug)."""
