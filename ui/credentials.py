"""Offline login: a salted scrypt verifier per user, cached at each online login.

A township office may be offline for days, so a clerk who signed in online before can
sign in again offline — but only within the number of days the platform's policy allows
(离线登录有效期), and only until the configured number of wrong passwords locks the cached
account (locked until the next successful online login). The verifier and counters live in
the keyring (service ``counterdesk``), never in a plain file, and the password itself is
never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

import keyring
import keyring.errors

SERVICE = "counterdesk"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1


class LoginRefused(Exception):
    """Why a login did not happen, in Chinese first and English second."""

    def __init__(self, code: str, zh: str, en: str, attempts_left: int | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en
        self.attempts_left = attempts_left

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass
class CachedUser:
    """One user as the platform described them at the last online login."""

    user_id: str
    username: str
    display_name: str
    office_code: str
    roles: list[str] = field(default_factory=list)
    salt: str = ""
    verifier: str = ""
    cached_at: str = ""
    max_offline_days: int = 7
    max_failed_attempts: int = 5
    failed: int = 0

    @property
    def locked(self) -> bool:
        return self.failed >= self.max_failed_attempts

    def expires_at(self) -> datetime:
        return datetime.fromisoformat(self.cached_at) + timedelta(days=self.max_offline_days)


def _derive(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )


class CredentialCache:
    """Keyring-backed verifiers for one profile."""

    def __init__(self, profile: str) -> None:
        self.profile = profile

    def _key(self, username: str) -> str:
        return f"offline-login:{self.profile}:{username.strip().lower()}"

    def get(self, username: str) -> CachedUser | None:
        try:
            raw = keyring.get_password(SERVICE, self._key(username))
        except keyring.errors.KeyringError:
            return None
        if not raw:
            return None
        return CachedUser(**json.loads(raw))

    def _put(self, user: CachedUser) -> None:
        keyring.set_password(SERVICE, self._key(user.username), json.dumps(asdict(user)))

    def remember(self, user: CachedUser, password: str, now: datetime) -> bool:
        """Store a fresh verifier after an online login; False when no secure store exists."""
        salt = secrets.token_bytes(16)
        user.salt = salt.hex()
        user.verifier = _derive(password, salt).hex()
        user.cached_at = now.isoformat()
        user.failed = 0
        try:
            self._put(user)
        except keyring.errors.KeyringError:
            return False
        return True

    def verify(self, username: str, password: str, now: datetime) -> CachedUser:
        """Check an offline login; raise :class:`LoginRefused` with the reason when refused."""
        user = self.get(username)
        if user is None:
            raise LoginRefused(
                "never_online",
                "此账号尚未在本机联网登录过，无法离线登录。",
                "This account has never signed in online on this computer; offline sign-in is "
                "not possible.",
            )
        if user.locked:
            raise LoginRefused(
                "locked_out",
                "密码错误次数过多，账号已锁定，请联网登录解锁。",
                "Too many wrong passwords: the account is locked until it signs in online.",
                attempts_left=0,
            )
        if now >= user.expires_at():
            raise LoginRefused(
                "policy_expired",
                f"离线登录已超过平台允许的 {user.max_offline_days} 天，请联网登录。",
                f"Offline sign-in is allowed for {user.max_offline_days} days after the last "
                "online sign-in; please sign in online.",
            )
        given = _derive(password, bytes.fromhex(user.salt))
        if not hmac.compare_digest(given.hex(), user.verifier):
            user.failed += 1
            self._put(user)
            left = max(0, user.max_failed_attempts - user.failed)
            if left == 0:
                raise LoginRefused(
                    "locked_out",
                    "密码错误次数过多，账号已锁定，请联网登录解锁。",
                    "Too many wrong passwords: the account is locked until it signs in online.",
                    attempts_left=0,
                )
            raise LoginRefused(
                "wrong_password",
                f"用户名或密码错误，还可尝试 {left} 次。",
                f"Wrong user name or password; {left} attempts left.",
                attempts_left=left,
            )
        if user.failed:
            user.failed = 0
            self._put(user)
        return user
