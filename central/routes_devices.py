"""Device registration (terminal codes for receipt numbers, the terminal's public key),
retirement, and sync health for supervisors."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from central.deps import PlatformDep, PrincipalDep, require_office, require_role
from central.device_auth import parse_public_key
from central.errors import ApiError, not_found
from client.wire import (
    DeviceHealth,
    DeviceHealthList,
    DeviceInfo,
    DeviceRegistration,
    ErrorBody,
    OkResponse,
    Role,
)

router = APIRouter(prefix="/devices", tags=["devices"])
MAX_TERMINALS = 9999  # "01".."99", then "100".."9999" (domain: 2-4 of [0-9A-Z])


def ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _needs_supervisor() -> ApiError:
    return ApiError(
        403,
        "registration_needs_supervisor",
        "登记新终端需要窗口负责人：请窗口负责人在本机登录完成首次设置，之后窗口人员即可登录使用。",
        "Registering a new terminal needs a supervisor: ask your supervisor to sign in on this"
        " computer for the first setup; clerks can sign in afterwards.",
    )


@router.post(
    "/register",
    response_model=DeviceInfo,
    responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def register(body: DeviceRegistration, who: PrincipalDep, ctx: PlatformDep) -> DeviceInfo:
    """Register a terminal and its public key (supervisors only; idempotent for the same
    key). Every check runs before the insert: a refusal writes nothing."""
    office = require_office(who)
    parse_public_key(body.public_key)
    with ctx.db.write() as conn:
        row = conn.execute(
            "SELECT * FROM devices WHERE device_id = ?", (body.device_id,)
        ).fetchone()
        already = row is not None and (row["office_code"], row["public_key"]) == (
            office,
            body.public_key,
        )
        if not already and not who.has(Role.supervisor):
            # asking again for a terminal registered with this very key changes nothing
            raise _needs_supervisor()
        if row is not None and row["office_code"] != office:
            raise ApiError(
                409,
                "device_in_other_office",
                "该终端已登记在其他窗口单位",
                "device registered to another office",
            )
        if row is not None and row["retired_at"] is not None:
            raise ApiError(
                409, "device_retired", "该终端已停用，不能再次登记", "this terminal was retired"
            )
        if row is not None and row["public_key"] not in (None, body.public_key):
            raise ApiError(
                409,
                "device_key_mismatch",
                "该终端编号已用另一把密钥登记：复制或迁移的终端须由窗口负责人按“更换终端”办理",
                "this device id is registered with another key: a copied or moved terminal"
                " needs the supervisor's 'replace terminal' step",
            )
        if row is None:
            active = conn.execute(
                "SELECT COUNT(*) FROM devices WHERE office_code = ? AND retired_at IS NULL",
                (office,),
            ).fetchone()[0]
            if active >= ctx.settings.max_terminals_per_office:
                raise ApiError(
                    409,
                    "terminal_limit",
                    f"本单位在用终端已达上限（{ctx.settings.max_terminals_per_office} 台），"
                    "请先停用不再使用的终端",
                    f"this office already has {ctx.settings.max_terminals_per_office} active"
                    " terminals (the limit); retire unused ones first",
                    {"limit": ctx.settings.max_terminals_per_office},
                )
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
                    "本单位终端编号（01-9999）已全部用完，请联系平台管理员",
                    "every terminal code of this office (01-9999) is used; contact the"
                    " platform administrator",
                )
            conn.execute(
                "INSERT INTO devices (device_id, office_code, terminal_code, name,"
                " registered_at, public_key) VALUES (?, ?, ?, ?, ?, ?)",
                (body.device_id, office, free, body.name, ctx.now(), body.public_key),
            )
        elif row["public_key"] is None:  # registered before devices had keys
            conn.execute(
                "UPDATE devices SET public_key = ? WHERE device_id = ?",
                (body.public_key, body.device_id),
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


@router.post(
    "/{device_id}/retire",
    response_model=OkResponse,
    responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
def retire(device_id: str, who: PrincipalDep, ctx: PlatformDep) -> OkResponse:
    """Retire a terminal of the office (supervisors): it can no longer sync, and every
    signing key on it is revoked from now (actions signed before stay valid)."""
    office = require_office(who)
    require_role(who, Role.supervisor)
    now = ctx.now()
    with ctx.db.write() as conn:
        row = conn.execute(
            "SELECT office_code FROM devices WHERE device_id = ?", (device_id,)
        ).fetchone()
        if row is None or row["office_code"] != office:
            raise not_found("device")
        conn.execute(
            "UPDATE devices SET retired_at = coalesce(retired_at, ?) WHERE device_id = ?",
            (now, device_id),
        )
        conn.execute(
            "UPDATE user_keys SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
            (now, device_id),
        )
    return OkResponse()


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
