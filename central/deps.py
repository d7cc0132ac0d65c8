"""FastAPI dependencies: the platform context, the schema-version check and the caller.

The schema header is declared as a parameter so it appears in the OpenAPI document and
contract tests send it; a missing or unsupported version answers 426 `upgrade_required`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from central.client_address import client_address
from central.db import Database
from central.errors import ApiError, forbidden
from central.ratelimit import LoginLimiter
from central.security import Principal, token_digest
from central.settings import Settings
from client.wire import SCHEMA_HEADER, SUPPORTED_SCHEMAS, Role


@dataclass
class Platform:
    settings: Settings
    db: Database
    limiter: LoginLimiter

    def now(self) -> float:
        return self.settings.clock()


def platform(request: Request) -> Platform:
    ctx: Platform = request.app.state.platform
    return ctx


PlatformDep = Annotated[Platform, Depends(platform)]


def caller_address(request: Request, ctx: PlatformDep) -> str:
    """The caller's address for per-address limits: the TCP peer, or the client named in
    `X-Forwarded-For` when the peer is a configured proxy (see `central.client_address`)."""
    peer = request.client.host if request.client else None
    forwarded = request.headers.getlist("x-forwarded-for")
    return client_address(peer, forwarded, ctx.settings.trusted_proxies)


def schema_version(
    version: Annotated[
        str | None,
        Header(alias=SCHEMA_HEADER, description="client schema version, currently 1"),
    ] = None,
) -> int:
    try:
        number = int(version) if version is not None else None
    except ValueError:
        number = None
    if number not in SUPPORTED_SCHEMAS:
        raise ApiError(
            426,
            "upgrade_required",
            "客户端版本过旧，请升级后再同步（离线办理不受影响）",
            "client schema not supported, please upgrade",
            {"supported": sorted(SUPPORTED_SCHEMAS), "got": version},
        )
    assert number is not None
    return number


def _bearer(authorization: str | None) -> str:
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
        if token:
            return token
    raise ApiError(
        401,
        "not_authenticated",
        "请先登录",
        "login required",
        headers={"WWW-Authenticate": "Bearer"},
    )


def principal(
    ctx: PlatformDep,
    authorization: Annotated[str | None, Header(description="Bearer access token")] = None,
) -> Principal:
    digest = token_digest(_bearer(authorization))
    with ctx.db.read() as conn:
        row = conn.execute(
            "SELECT t.*, u.username, u.name, u.roles, u.office_code FROM tokens t"
            " JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.kind = 'access'",
            (digest,),
        ).fetchone()
    if row is None or row["revoked"]:
        raise ApiError(
            401,
            "token_invalid",
            "登录已失效，请重新登录",
            "token invalid or revoked",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if row["expires_at"] <= ctx.now():
        raise ApiError(
            401,
            "token_expired",
            "登录已过期",
            "access token expired",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Principal(
        user_id=row["user_id"],
        username=row["username"],
        name=row["name"],
        roles=tuple(Role(r) for r in json.loads(row["roles"])),
        office_code=row["office_code"],
        device_id=row["device_id"],
        family=row["family"],
        token_hash=digest,
    )


PrincipalDep = Annotated[Principal, Depends(principal)]


def require_office(who: Principal) -> str:
    """The caller's office; platform-wide users (no office) cannot act as a counter."""
    if who.office_code is None:
        raise forbidden("此账号不属于任何窗口单位", "user has no office")
    return who.office_code


def require_role(who: Principal, *roles: Role) -> None:
    if not any(who.has(r) for r in roles):
        raise forbidden()
