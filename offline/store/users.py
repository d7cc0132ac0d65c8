"""Cached users for offline login (离线登录): a salted scrypt verifier, never the password.

After an online login the app caches the user with the platform's offline policy (how
many days offline login stays valid, how many wrong passwords lock it). Offline login
checks the verifier in constant time, counts failures and locks the account for a while
after too many. Passwords and verifiers never reach logs or the audit detail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from offline.store import audit
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument, LoginRefused
from offline.store.tx import transaction

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class CachedUser:
    """A user allowed to log in offline on this device."""

    user_id: str
    username: str
    display_name: str
    role: str
    office_code: str


def _verifier(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def cache_user(
    conn: Connection,
    user: CachedUser,
    password: str,
    *,
    policy_days: int,
    max_failed: int,
    at: datetime,
) -> None:
    """Store (or refresh) a user's offline verifier after a successful ONLINE login."""
    if not password or policy_days < 0 or max_failed < 1:
        raise InvalidArgument("离线登录参数无效。", "invalid offline login parameters")
    salt = secrets.token_bytes(16)
    verifier = _verifier(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    with transaction(conn):
        conn.execute(
            "DELETE FROM cached_users WHERE username = ? AND user_id != ?",
            (user.username, user.user_id),
        )
        conn.execute(
            "INSERT INTO cached_users (user_id, username, display_name, role, office_code, "
            "salt, verifier, scrypt_n, scrypt_r, scrypt_p, verified_at, policy_days, "
            "max_failed, failed_attempts, locked_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL) "
            "ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, "
            "display_name = excluded.display_name, role = excluded.role, "
            "office_code = excluded.office_code, salt = excluded.salt, "
            "verifier = excluded.verifier, scrypt_n = excluded.scrypt_n, "
            "scrypt_r = excluded.scrypt_r, scrypt_p = excluded.scrypt_p, "
            "verified_at = excluded.verified_at, policy_days = excluded.policy_days, "
            "max_failed = excluded.max_failed, failed_attempts = 0, locked_until = NULL",
            (
                user.user_id,
                user.username,
                user.display_name,
                user.role,
                user.office_code,
                salt,
                verifier,
                SCRYPT_N,
                SCRYPT_R,
                SCRYPT_P,
                at.isoformat(),
                policy_days,
                max_failed,
            ),
        )
        audit.append(conn, at=at.isoformat(), actor=user.user_id, action="user.cached")


def _refuse(code: str, zh: str, en: str) -> LoginRefused:
    return LoginRefused(zh, en, code=code)


def offline_login(conn: Connection, username: str, password: str, *, now: datetime) -> CachedUser:
    """Check a password offline; raises LoginRefused (code says why) or returns the user."""
    row = conn.execute(
        "SELECT user_id, username, display_name, role, office_code, salt, verifier, scrypt_n, "
        "scrypt_r, scrypt_p, verified_at, policy_days, max_failed, failed_attempts, "
        "locked_until FROM cached_users WHERE username = ?",
        (username,),
    ).fetchone()
    if row is None:
        raise _refuse(
            "unknown_user",
            "本机没有该用户的离线登录资料，请联网登录一次。",
            "this user has no offline login on this device; log in online once",
        )
    (
        uid,
        uname,
        display,
        role,
        office,
        salt,
        verifier,
        n,
        r,
        p,
        verified_at,
        days,
        max_failed,
        failed,
        locked_until,
    ) = row
    if locked_until is not None and now < datetime.fromisoformat(locked_until):
        raise _refuse(
            "locked",
            "密码错误次数过多，账户已暂时锁定，请稍后再试或联网登录。",
            "too many wrong passwords; the account is locked for a while",
        )
    if now > datetime.fromisoformat(verified_at) + timedelta(days=days):
        raise _refuse(
            "expired",
            f"离线登录已超过 {days} 天有效期，请联网登录。",
            f"offline login expired after {days} days; log in online",
        )
    if not hmac.compare_digest(_verifier(password, bytes(salt), n, r, p), bytes(verifier)):
        failed += 1
        lock = (now + LOCKOUT).isoformat() if failed >= max_failed else None
        with transaction(conn):
            conn.execute(
                "UPDATE cached_users SET failed_attempts = ?, locked_until = ? WHERE user_id = ?",
                (0 if lock else failed, lock, uid),
            )
            audit.append(
                conn,
                at=now.isoformat(),
                actor=uid,
                action="user.login_failed",
                detail={"locked": lock is not None},
            )
        raise _refuse("wrong_password", "用户名或密码错误。", "wrong user name or password")
    with transaction(conn):
        conn.execute(
            "UPDATE cached_users SET failed_attempts = 0, locked_until = NULL WHERE user_id = ?",
            (uid,),
        )
        audit.append(conn, at=now.isoformat(), actor=uid, action="user.login_offline")
    return CachedUser(uid, uname, display, role, office)


def office_users(conn: Connection, office_code: str) -> list[dict[str, str]]:
    """Users of an office cached on this device (at their last online sign-in): user_id,
    username, display_name, role; sorted by display name. No secrets, no lockout state."""
    rows = conn.execute(
        "SELECT user_id, username, display_name, role FROM cached_users WHERE office_code = ? "
        "ORDER BY display_name, user_id",
        (office_code,),
    )
    keys = ("user_id", "username", "display_name", "role")
    return [dict(zip(keys, (str(v) for v in row), strict=True)) for row in rows]
