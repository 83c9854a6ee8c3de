"""The library's errors: each names the file and, where known, the line or field."""

from __future__ import annotations

__all__ = ["InputError", "MedpolicyError", "PolicyLoadError", "UnknownPolicyError"]


class MedpolicyError(Exception):
    """Base class of every error medpolicy raises on purpose."""

    exit_code = 3

    def __init__(self, message: str, *, file: str | None = None, where: str | None = None) -> None:
        self.message = message
        self.file = file
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where) if p]
        return f"{': '.join(parts)}: {self.message}" if parts else self.message


class InputError(MedpolicyError):
    """Input the user gave cannot be used (exit code 2)."""

    exit_code = 2


class UnknownPolicyError(InputError):
    """A policy id that is not in the knowledge base."""


class PolicyLoadError(MedpolicyError):
    """A file of the knowledge base itself is broken (a packaging or authoring bug)."""
