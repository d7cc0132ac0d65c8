"""Passwords (argon2) and opaque bearer tokens stored only as SHA-256 digests.

A token is random (`secrets`); the database keeps its hash, so a stolen DB file yields no
usable token. Refresh tokens rotate: each use marks the old one used, and presenting a used
one again revokes its whole family (a sign the token was stolen).
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from client.wire import Role

_HASHER = PasswordHasher()
# A precomputed hash so unknown usernames cost as much time as wrong passwords.
_DUMMY_HASH = _HASHER.hash("counterdesk-dummy-password")


def hash_password(password: str, hasher: PasswordHasher = _HASHER) -> str:
    return hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request."""

    user_id: str
    username: str
    name: str
    roles: tuple[Role, ...]
    office_code: str | None
    device_id: str
    family: str
    token_hash: str

    def has(self, role: Role) -> bool:
        return role in self.roles


def issue_pair(
    conn: sqlite3.Connection,
    user_id: str,
    device_id: str,
    family: str,
    now: float,
    access_ttl: int,
    refresh_ttl: int,
) -> tuple[str, str]:
    """Create an access and a refresh token of `family`; only their digests are stored."""
    access = secrets.token_urlsafe(32)
    refresh = secrets.token_urlsafe(32)
    conn.executemany(
        "INSERT INTO tokens (hash, kind, user_id, device_id, family, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (token_digest(access), "access", user_id, device_id, family, now + access_ttl),
            (token_digest(refresh), "refresh", user_id, device_id, family, now + refresh_ttl),
        ],
    )
    return access, refresh


def new_family() -> str:
    return secrets.token_hex(16)


def revoke_family(conn: sqlite3.Connection, family: str) -> None:
    conn.execute("UPDATE tokens SET revoked = 1 WHERE family = ?", (family,))
