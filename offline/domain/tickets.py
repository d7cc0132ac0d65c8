"""Queue tickets (叫号) attached to an application, and the waiting and handling times.

An application received after the clerk called a ticket carries it as
``ticket: {"no": "A012", "issued_at": <ISO>, "called_at": <ISO>}`` (optional). Waiting
time is issued → called; handling time is called → the clerk's decision at the counter
(the first status change after receipt: accepted, supplement notice, proposed rejection
or withdrawal). Checks never raise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from offline.domain.clock import parse_iso
from offline.domain.errors import Issue, ValidationFailed

TICKET_KEYS = frozenset({"no", "issued_at", "called_at"})
# Hall ticket numbers: an optional letter prefix per service window group, then digits.
_TICKET_NO = re.compile(r"[A-Z]{0,3}[0-9]{1,5}", re.ASCII)
_DECISIONS = frozenset({"accepted", "awaiting_supplement", "rejection_proposed", "withdrawn"})


def _bad(field: str, zh: str, en: str) -> Issue:
    return Issue(field, "invalid_ticket", zh, en)


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_iso(value)
    except ValidationFailed:
        return None


def check_ticket(ticket: Any, field: str = "ticket") -> list[Issue]:
    """Issues with an application's `ticket` (None = no ticket, which is fine)."""
    if ticket is None:
        return []
    if not isinstance(ticket, Mapping) or set(ticket) != TICKET_KEYS:
        return [
            _bad(field, "排队号应含号码、取号时间和叫号时间", "ticket: no, issued_at, called_at")
        ]
    issues = []
    no = ticket.get("no")
    if not (isinstance(no, str) and _TICKET_NO.fullmatch(no)):
        issues.append(_bad(f"{field}.no", "排队号格式错误", "Malformed ticket number"))
    issued, called = _instant(ticket.get("issued_at")), _instant(ticket.get("called_at"))
    if issued is None:
        issues.append(_bad(f"{field}.issued_at", "取号时间格式错误", "Malformed issued_at"))
    if called is None:
        issues.append(_bad(f"{field}.called_at", "叫号时间格式错误", "Malformed called_at"))
    if issued is not None and called is not None and called < issued:
        issues.append(_bad(f"{field}.called_at", "叫号时间早于取号时间", "Called before issued"))
    return issues


@dataclass(frozen=True)
class TicketTimes:
    """One ticket's times in seconds; `handling` is None while no decision is made."""

    record_id: str
    receipt_no: str
    no: str
    issued_at: str
    waiting: int
    handling: int | None


def ticket_times(doc: Mapping[str, Any]) -> TicketTimes | None:
    """Waiting and handling time of the application's ticket (None without a valid one)."""
    ticket = doc.get("ticket")
    if check_ticket(ticket) or ticket is None:
        return None
    issued, called = parse_iso(ticket["issued_at"]), parse_iso(ticket["called_at"])
    decided = next(
        (
            _instant(step.get("at"))
            for step in doc.get("history") or []
            if isinstance(step, Mapping) and step.get("to") in _DECISIONS
        ),
        None,
    )
    return TicketTimes(
        record_id=str(doc.get("id", "")),
        receipt_no=str(doc.get("receipt_no", "")),
        no=str(ticket["no"]),
        issued_at=str(ticket["issued_at"]),
        waiting=int((called - issued).total_seconds()),
        handling=None if decided is None else max(0, int((decided - called).total_seconds())),
    )
