"""Login, refresh and logout: short-lived access tokens and rotating refresh tokens."""

from __future__ import annotations

import json
import sqlite3

from fastapi import APIRouter, Request

from central.deps import PlatformDep, PrincipalDep, caller_address
from central.errors import ApiError
from central.security import issue_pair, new_family, revoke_family, token_digest, verify_password
from client.wire import (
    ErrorBody,
    LoginRequest,
    LoginResponse,
    LogoutRequest,
    OfflinePolicy,
    OkResponse,
    RefreshRequest,
    Role,
    TokenPair,
    UserInfo,
)

router = APIRouter(prefix="/auth", tags=["auth"])

_BAD = ApiError(401, "bad_credentials", "用户名或密码错误", "wrong username or password")
_REFRESH_BAD = ApiError(
    401, "refresh_invalid", "登录已失效，请重新登录", "refresh token invalid, expired or revoked"
)


@router.post(
    "/login",
    response_model=LoginResponse,
    responses={401: {"model": ErrorBody}, 429: {"model": ErrorBody}},
)
def login(body: LoginRequest, request: Request, ctx: PlatformDep) -> LoginResponse:
    now = ctx.now()
    address = caller_address(request, ctx)
    wait = ctx.limiter.retry_after(body.username, address, now)
    if wait:
        raise ApiError(
            429,
            "rate_limited",
            "登录失败次数过多，请稍后再试",
            "too many failed logins, try later",
            {"retry_after": wait},
            headers={"Retry-After": str(wait)},
        )
    with ctx.db.read() as conn:
        user = conn.execute(
            "SELECT u.*, o.name AS office_name FROM users u"
            " LEFT JOIN offices o ON o.code = u.office_code WHERE u.username = ?",
            (body.username,),
        ).fetchone()
    if not verify_password(user["password_hash"] if user else None, body.password):
        ctx.limiter.failed(body.username, address, now)
        raise _BAD
    assert user is not None
    ctx.limiter.succeeded(body.username)
    s = ctx.settings
    with ctx.db.write() as conn:
        conn.execute("DELETE FROM tokens WHERE expires_at < ?", (now - 86400,))  # housekeeping
        access, refresh = issue_pair(
            conn, user["id"], body.device_id, new_family(), now, s.access_ttl, s.refresh_ttl
        )
    return LoginResponse(
        access_token=access,
        refresh_token=refresh,
        expires_in=s.access_ttl,
        refresh_expires_in=s.refresh_ttl,
        user=UserInfo(
            id=user["id"],
            username=user["username"],
            name=user["name"],
            roles=[Role(r) for r in json.loads(user["roles"])],
            office_code=user["office_code"],
            office_name=user["office_name"],
        ),
        offline_policy=OfflinePolicy(
            max_offline_days=s.max_offline_days, max_failed_attempts=s.max_failed_attempts
        ),
    )


def _lost_answer(conn: sqlite3.Connection, row: sqlite3.Row, now: float, grace: float) -> bool:
    """Is this used refresh token the retry of a refresh whose answer was lost? Only within
    `grace` seconds of its first use and only while the refresh token it was exchanged for
    has never been presented (a thief who replays it later, or after the owner refreshed
    again, still revokes the whole family)."""
    if row["used_at"] is None or now - row["used_at"] > grace or row["successor"] is None:
        return False
    successor = conn.execute(
        "SELECT used, revoked FROM tokens WHERE hash = ?", (row["successor"],)
    ).fetchone()
    return successor is not None and not successor["used"] and not successor["revoked"]


@router.post("/refresh", response_model=TokenPair, responses={401: {"model": ErrorBody}})
def refresh(body: RefreshRequest, ctx: PlatformDep) -> TokenPair:
    now = ctx.now()
    s = ctx.settings
    digest = token_digest(body.refresh_token)
    with ctx.db.write() as conn:
        row = conn.execute(
            "SELECT * FROM tokens WHERE hash = ? AND kind = 'refresh'", (digest,)
        ).fetchone()
        if row is None or row["revoked"] or row["expires_at"] <= now:
            raise _REFRESH_BAD
        pair: tuple[str, str] | None = None
        if row["used"] and not _lost_answer(conn, row, now, s.refresh_grace):
            # A rotated token came back: someone holds a copy. Revoke the whole family.
            revoke_family(conn, row["family"])
        else:
            if row["used"]:  # the pair it was exchanged for never arrived: void that pair
                conn.execute("UPDATE tokens SET revoked = 1 WHERE hash = ?", (row["successor"],))
            conn.execute(
                "UPDATE tokens SET revoked = 1 WHERE family = ? AND kind = 'access'",
                (row["family"],),
            )
            pair = issue_pair(
                conn,
                row["user_id"],
                row["device_id"],
                row["family"],
                now,
                s.access_ttl,
                s.refresh_ttl,
            )
            conn.execute(
                "UPDATE tokens SET used = 1, used_at = COALESCE(used_at, ?), successor = ?"
                " WHERE hash = ?",
                (now, token_digest(pair[1]), digest),
            )
    if pair is None:
        raise _REFRESH_BAD
    return TokenPair(
        access_token=pair[0],
        refresh_token=pair[1],
        expires_in=s.access_ttl,
        refresh_expires_in=s.refresh_ttl,
    )


@router.post("/logout", response_model=OkResponse, responses={401: {"model": ErrorBody}})
def logout(body: LogoutRequest, who: PrincipalDep, ctx: PlatformDep) -> OkResponse:
    with ctx.db.write() as conn:
        revoke_family(conn, who.family)
        if body.refresh_token:
            row = conn.execute(
                "SELECT family FROM tokens WHERE hash = ? AND user_id = ?",
                (token_digest(body.refresh_token), who.user_id),
            ).fetchone()
            if row is not None:
                revoke_family(conn, row["family"])
    return OkResponse()
