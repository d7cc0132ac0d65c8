"""Queue ticket report: waiting and handling times per ticket for one day (Shanghai)."""

from __future__ import annotations

from datetime import date, timedelta

from offline.domain.clock import local_date, parse_iso
from offline.domain.tickets import TicketTimes, ticket_times
from offline.store.connection import Connection
from offline.store.jsonutil import loads


def ticket_report(conn: Connection, day: date) -> list[TicketTimes]:
    """Every application received on `day` (Asia/Shanghai) that carries a ticket, in
    the order the tickets were issued."""
    low, high = (day - timedelta(days=1)).isoformat(), (day + timedelta(days=2)).isoformat()
    rows = conn.execute(
        "SELECT doc, received_at FROM applications WHERE received_at >= ? AND received_at < ? "
        "AND json_extract(doc, '$.ticket') IS NOT NULL",
        (low, high),
    ).fetchall()
    found = []
    for text, received in rows:
        if local_date(parse_iso(received)) != day:
            continue
        times = ticket_times(loads(text))
        if times is not None:
            found.append(times)
    return sorted(found, key=lambda t: (t.issued_at, t.no))
