"""Users' signing keys: registered from the device that made them, revoked on retirement.

A key is registered by its own user (the access token's user), for a terminal of that
user's office, and the request carries that terminal's device proof: nobody can register
a key for someone else, or for a terminal they cannot prove. A newer key of the same
(user, terminal) revokes the older one from its registration time (a password change
makes a new key); actions signed before that stay valid.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from fastapi import APIRouter

from central.deps import PlatformDep, PrincipalDep, require_office, require_role
from central.device_auth import (
    DeviceClaimDep,
    check_device,
    parse_public_key,
    record_proof,
    replay_refused,
    replayed,
)
from central.errors import ApiError, not_found
from client.wire import ErrorBody, OkResponse, Role, UserKeyInfo, UserKeyRegistration

router = APIRouter(tags=["keys"])


def _ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


@router.post(
    "/keys/register",
    response_model=UserKeyInfo,
    responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def register_key(
    body: UserKeyRegistration, who: PrincipalDep, ctx: PlatformDep, claim: DeviceClaimDep
) -> UserKeyInfo:
    office = require_office(who)
    parse_public_key(body.public_key)
    now = ctx.now()
    with ctx.db.write() as conn:
        check_device(conn, claim, body.device_id, office, now)  # reads only; raises
        row = conn.execute("SELECT * FROM user_keys WHERE key_id = ?", (body.key_id,)).fetchone()
        if row is not None:
            same = (row["user_id"], row["device_id"], row["public_key"]) == (
                who.user_id,
                body.device_id,
                body.public_key,
            )
            if not same:
                raise ApiError(
                    409, "key_id_taken", "该密钥编号已被使用", "this key id is already registered"
                )
        elif replayed(conn, claim):
            raise replay_refused()
        else:
            record_proof(conn, claim, now)
            conn.execute(
                "UPDATE user_keys SET revoked_at = ? WHERE user_id = ? AND device_id = ?"
                " AND revoked_at IS NULL",
                (now, who.user_id, body.device_id),
            )
            conn.execute(
                "INSERT INTO user_keys (key_id, user_id, device_id, office_code, public_key,"
                " registered_at) VALUES (?, ?, ?, ?, ?, ?)",
                (body.key_id, who.user_id, body.device_id, office, body.public_key, now),
            )
            row = conn.execute(
                "SELECT * FROM user_keys WHERE key_id = ?", (body.key_id,)
            ).fetchone()
    return UserKeyInfo(
        key_id=row["key_id"],
        user_id=row["user_id"],
        device_id=row["device_id"],
        registered_at=datetime.fromtimestamp(row["registered_at"], UTC),
        revoked_at=_ts(row["revoked_at"]),
    )


@router.post(
    "/users/{user_id}/retire",
    response_model=OkResponse,
    responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
def retire_user(user_id: str, who: PrincipalDep, ctx: PlatformDep) -> OkResponse:
    """A supervisor retires a user of the office: their roles end, their sessions and
    every signing key they hold are revoked from now (earlier signed actions stay valid)."""
    office = require_office(who)
    require_role(who, Role.supervisor)
    now = ctx.now()
    with ctx.db.write() as conn:
        user = conn.execute("SELECT office_code FROM users WHERE id = ?", (user_id,)).fetchone()
        if user is None or user["office_code"] != office:
            raise not_found("user")
        retire_user_rows(conn, user_id, now)
    return OkResponse()


def retire_user_rows(conn: sqlite3.Connection, user_id: str, now: float) -> None:
    """Close the user's roles, revoke their keys and tokens (caller's transaction)."""
    conn.execute(
        "UPDATE role_history SET to_at = ? WHERE user_id = ? AND to_at IS NULL", (now, user_id)
    )
    conn.execute(
        "UPDATE user_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        (now, user_id),
    )
    conn.execute("UPDATE tokens SET revoked = 1 WHERE user_id = ?", (user_id,))
    conn.execute("UPDATE users SET roles = '[]' WHERE id = ?", (user_id,))
