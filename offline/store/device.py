"""The device row of `sync_state`: identity, registration and the outbox sequence.

`seq` numbers are per device, start at 1 and have no gaps: the counter is bumped inside
the same transaction that writes the mutation, so a rolled-back action gives its number
back and a committed one keeps it forever.
"""

from __future__ import annotations

from dataclasses import dataclass

import uuid6

from offline.store.connection import Connection
from offline.store.errors import NotRegistered


@dataclass(frozen=True)
class Device:
    """This device as the platform registered it (codes are None before registration)."""

    device_id: str
    office_code: str | None
    terminal_code: str | None


def init_device(conn: Connection) -> str:
    """Create the device row with a fresh UUIDv7 device id (inside a transaction)."""
    device_id = str(uuid6.uuid7())
    conn.execute("INSERT INTO sync_state (id, device_id) VALUES (1, ?)", (device_id,))
    return device_id


def load(conn: Connection) -> Device:
    """Read the device row."""
    row = conn.execute(
        "SELECT device_id, office_code, terminal_code FROM sync_state WHERE id = 1"
    ).fetchone()
    return Device(str(row[0]), row[1], row[2])


def require_registered(conn: Connection) -> Device:
    """The device, or NotRegistered when it has no office/terminal code yet."""
    device = load(conn)
    if device.office_code is None or device.terminal_code is None:
        raise NotRegistered(
            "本机尚未在平台登记，没有机构代码和终端代码，无法编号收件。请联网后完成设备登记。",
            "this device is not registered with the platform (no office/terminal code), so "
            "it cannot number receipts; connect once and register the device.",
        )
    return device


def register(conn: Connection, office_code: str, terminal_code: str) -> None:
    """Record the codes the platform issued (inside a transaction)."""
    conn.execute(
        "UPDATE sync_state SET office_code = ?, terminal_code = ? WHERE id = 1",
        (office_code, terminal_code),
    )


def take_seq(conn: Connection) -> int:
    """The next outbox seq, consumed in the caller's transaction."""
    row = conn.execute(
        "UPDATE sync_state SET next_seq = next_seq + 1 WHERE id = 1 RETURNING next_seq - 1"
    ).fetchone()
    return int(row[0])
