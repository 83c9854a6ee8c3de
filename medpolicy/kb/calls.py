"""Whether a call for applications is open on a date: drafts, deadlines, yearly windows."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from medpolicy.kb.models import Policy

__all__ = ["CallStatus", "call_status"]

CallStatus = Literal["open", "closed", "draft"]


def call_status(policy: Policy, as_of: dt.date) -> CallStatus:
    """``draft`` for a draft for comments; ``closed`` after the application deadline (the day itself is open;
    a yearly deadline ``--MM`` is open before that month each year); ``open`` otherwise."""
    if policy.draft:
        return "draft"
    if policy.deadline is None:
        return "open"
    if policy.deadline.startswith("--"):
        return "open" if as_of.month < int(policy.deadline[2:4]) else "closed"
    return "open" if as_of <= dt.date.fromisoformat(policy.deadline[:10]) else "closed"
