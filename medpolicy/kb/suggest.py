"""Suggestions for a mistyped id: the closest known ids (difflib), also matched through their labels."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from medpolicy.errors import UnknownArgumentError

__all__ = ["check_choice", "suggestions"]


def suggestions(value: str, known: Sequence[str], labels: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """Up to three known ids close to ``value``: by spelling of the id, or of one of its labels (zh or en),
    or because a label contains the value (``研发投入`` → the topic labelled ``研发投入占比``)."""
    folded = value.casefold().strip()
    out = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    for key, names in (labels or {}).items():
        for name in names:
            name_f = name.casefold()
            if folded and (folded in name_f or name_f in folded) and key not in out:
                out.append(key)
            elif difflib.SequenceMatcher(None, folded, name_f).ratio() >= 0.6 and key not in out:
                out.append(key)
    return out[:3]


def check_choice(
    value: str | None,
    known: Sequence[str],
    option: str,
    what: str,
    labels: Mapping[str, Sequence[str]] | None = None,
    hint: str = "",
) -> None:
    """Raise an :class:`UnknownArgumentError` (exit 2) naming the argument and the closest known values."""
    if value is None or value in known:
        return
    close = suggestions(value, known, labels)
    shown = ", ".join(known) if len(known) <= 20 else ", ".join(list(known)[:20]) + ", …"
    message = f"unknown {what} {value!r}"
    if close:
        message += f"; did you mean {' or '.join(close)}?"
    message += f" (known: {shown})"
    if hint:
        message += f"; {hint}"
    # a library error names the parameter (topic, kind …); the CLI shows it as the flag (--topic)
    raise UnknownArgumentError(message, argument=option.lstrip("-").replace("-", "_"))
