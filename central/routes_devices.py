"""Device registration (terminal codes for receipt numbers) and sync health for supervisors."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from central.deps import PlatformDep, PrincipalDep, require_office, require_role
from central.errors import ApiError
from client.wire import (
    DeviceHealth,
    DeviceHealthList,
    DeviceInfo,
    DeviceRegistration,
    ErrorBody,
    Role,
)

router = APIRouter(prefix="/devices", tags=["devices"])
MAX_TERMINALS = 9999  # "01".."99", then "100".."9999" (domain: 2-4 of [0-9A-Z])


def ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


@router.post(
    "/register",
    response_model=DeviceInfo,
    responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def register(body: DeviceRegistration, who: PrincipalDep, ctx: PlatformDep) -> DeviceInfo:
    office = require_office(who)
    with ctx.db.write() as conn:
        row = conn.execute(
            "SELECT * FROM devices WHERE device_id = ?", (body.device_id,)
        ).fetchone()
        if row is not None and row["office_code"] != office:
            raise ApiError(
                409,
                "device_in_other_office",
                "该终端已登记在其他窗口单位",
                "device registered to another office",
            )
        if row is None:
            used = {
                r[0]
                for r in conn.execute(
                    "SELECT terminal_code FROM devices WHERE office_code = ?", (office,)
                )
            }
            free = next(
                (f"{n:02d}" for n in range(1, MAX_TERMINALS + 1) if f"{n:02d}" not in used), None
            )
            if free is None:
                raise ApiError(
                    409,
                    "no_terminal_code",
                    "本单位终端编号已用完",
                    "no terminal code left in this office",
                )
            conn.execute(
                "INSERT INTO devices (device_id, office_code, terminal_code, name,"
                " registered_at) VALUES (?, ?, ?, ?, ?)",
                (body.device_id, office, free, body.name, ctx.now()),
            )
            row = conn.execute(
                "SELECT * FROM devices WHERE device_id = ?", (body.device_id,)
            ).fetchone()
    return DeviceInfo(
        device_id=row["device_id"],
        office_code=row["office_code"],
        terminal_code=row["terminal_code"],
        registered_at=datetime.fromtimestamp(row["registered_at"], UTC),
        last_applied_seq=row["last_applied_seq"],
    )


@router.get("/health", response_model=DeviceHealthList, responses={403: {"model": ErrorBody}})
def health(who: PrincipalDep, ctx: PlatformDep) -> DeviceHealthList:
    require_role(who, Role.supervisor, Role.back_office)
    office = require_office(who)
    with ctx.db.read() as conn:
        rows = conn.execute(
            "SELECT d.*,"
            " (SELECT COUNT(*) FROM mutations m WHERE m.device_id = d.device_id"
            "  AND m.outcome = 'rejected') AS rejected,"
            " (SELECT COUNT(*) FROM mutations m WHERE m.device_id = d.device_id"
            "  AND m.outcome = 'conflict') AS conflicts"
            " FROM devices d WHERE d.office_code = ? ORDER BY d.terminal_code",
            (office,),
        ).fetchall()
    return DeviceHealthList(
        office_code=office,
        devices=[
            DeviceHealth(
                device_id=r["device_id"],
                terminal_code=r["terminal_code"],
                name=r["name"],
                last_push_at=ts(r["last_push_at"]),
                last_pull_at=ts(r["last_pull_at"]),
                last_applied_seq=r["last_applied_seq"],
                highest_seen_seq=r["highest_seen_seq"],
                pending_gap=max(0, r["highest_seen_seq"] - r["last_applied_seq"]),
                rejected=r["rejected"],
                conflicts=r["conflicts"],
            )
            for r in rows
        ],
    )
