"""Sign-in: online against the platform, offline against the store's cached verifier.

Online first (unless the demo's "simulate offline" switch is on): a successful platform
login refreshes the cached scrypt verifier in the encrypted store, with the platform's
offline policy, and unlocks (or makes and registers) the user's signing key on this
terminal; an offline sign-in unlocks that key with the same password. When the platform
cannot be reached, the store checks the password
against that verifier within the policy (days allowed, lockout after failed attempts).
A wrong password online is final — the offline path is only for an unreachable
platform. Every refusal carries a reason in Chinese first and English second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from client import errors as client_errors
from client.api import PlatformClient
from client.tokens import TokenStore
from offline.domain.errors import BilingualError
from offline.store.errors import StoreError
from sync.keys import confirm_terminal_key, ensure_user_key, unlock_user_key
from sync.store_thread import StoreThread
from ui import lockout
from ui.context import SignedInUser
from ui.session_events import note

log = logging.getLogger(__name__)

# Failures that mean "the platform is not there", so offline login may be tried.
UNREACHABLE = (
    client_errors.Unreachable,
    client_errors.Timeout,
    client_errors.ServerError,
    client_errors.ProtocolError,
)


class SignInRefused(BilingualError):
    """A refused sign-in with a stable code and both languages."""


# refusal codes only the offline sign-in gives (the platform was not asked)
_OFFLINE_CODES = frozenset({"unknown_user", "expired", "wrong_password", "locked"})


def _cache_user(store: Any, user: SignedInUser, password: str, days: int, failed: int) -> None:
    from offline.store.users import CachedUser

    cached = CachedUser(user.user_id, user.username, user.display_name, user.role, user.office_code)
    store.cache_user(cached, password, policy_days=days, max_failed=failed, at=datetime.now(UTC))


def _offline_login(store: Any, username: str, password: str, now: datetime) -> Any:
    return store.offline_login(username, password, now=now)


def _locked_until(store: Any, username: str) -> datetime | None:
    from offline.store.session_audit import locked_until

    return locked_until(store.conn, username)


class Authenticator:
    """Signs users in for one profile and device."""

    def __init__(
        self,
        client: PlatformClient,
        store: StoreThread[Any],
        device_id: str,
        *,
        forced_offline: Callable[[], bool] = lambda: False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client = client
        self.store = store
        self.device_id = device_id
        self.forced_offline = forced_offline
        self.clock = clock

    async def sign_in(self, username: str, password: str) -> SignedInUser:
        username = username.strip()
        if not username or not password:
            raise SignInRefused(
                "empty", "请输入用户名和密码。", "Enter your user name and password."
            )
        try:
            if not self.forced_offline():
                try:
                    return await self._online(username, password)
                except UNREACHABLE as exc:
                    log.info("platform unreachable at sign-in (%s); trying offline", exc.code)
                except client_errors.RateLimited as exc:
                    wait = lockout.wait_seconds(exc.detail)
                    raise SignInRefused(
                        lockout.LOCKED, *lockout.texts(wait, offline=False)
                    ) from None
                except client_errors.ClientError as exc:
                    raise SignInRefused(exc.code, exc.zh, exc.en) from None
            return await self._offline(username, password)
        except SignInRefused as refused:
            await self._note_refusal(username, refused)
            raise

    async def _note_refusal(self, username: str, refused: SignInRefused) -> None:
        """A refused sign-in enters the audit log: a lockout as such, anything else as a
        failed attempt (the wrong password itself is never recorded)."""
        event = "locked_out" if refused.code == lockout.LOCKED else "sign_in_failed"
        mode = "offline" if self.forced_offline() or refused.code in _OFFLINE_CODES else "online"
        await note(
            self.store,
            event,
            username=username,
            detail={"reason": refused.code, "mode": mode},
            clock=self.clock,
        )

    async def _online(self, username: str, password: str) -> SignedInUser:
        result = await self.client.login(username, password, self.device_id)
        info = result.user
        if not info.office_code:
            raise SignInRefused(
                "no_office",
                "该账号不属于任何窗口单位，不能在窗口终端登录。",
                "This account belongs to no office and cannot use a counter terminal.",
            )
        user = SignedInUser(
            user_id=info.id,
            username=info.username,
            display_name=info.name,
            office_code=info.office_code,
            roles=tuple(str(r) for r in info.roles),
            online_login=True,
        )
        policy = result.offline_policy
        try:
            await self.store.call(
                _cache_user, user, password, policy.max_offline_days, policy.max_failed_attempts
            )
        except StoreError as exc:  # sign-in still works; only offline sign-in will not
            log.warning("could not cache the offline verifier: %s", exc.code)
        try:  # the key that signs this user's actions on this terminal
            registered = await self.store.call(lambda s: s.office_code is not None)
            if registered and "supervisor" in user.roles:
                await confirm_terminal_key(self.store, self.client)
            await ensure_user_key(self.store, self.client, user.user_id, password)
        except (StoreError, client_errors.ClientError) as exc:
            code = getattr(exc, "code", type(exc).__name__)
            log.warning("signing key not registered at sign-in: %s", code)
        return user

    async def _offline(self, username: str, password: str) -> SignedInUser:
        now = self.clock()
        try:
            cached = await self.store.call(_offline_login, username, password, now)
        except StoreError as exc:
            if exc.code in ("locked", "wrong_password"):  # locked before, or by this attempt
                try:
                    until = await self.store.call(_locked_until, username)
                except StoreError:
                    until = None
                if until is not None and until > now:
                    texts = lockout.texts(lockout.remaining(until, now), offline=True)
                    raise SignInRefused(lockout.LOCKED, *texts) from None
            raise SignInRefused(exc.code, exc.zh, exc.en) from None
        # Later syncs use this user's stored tokens (refreshed by the client when online).
        self.client.auth.use(TokenStore(self.client.settings.profile, cached.username))
        if not await unlock_user_key(self.store, cached.user_id, password):
            log.warning("no signing key this password opens; actions stay unsigned")
        return SignedInUser(
            user_id=cached.user_id,
            username=cached.username,
            display_name=cached.display_name,
            office_code=cached.office_code,
            roles=(cached.role,),
            online_login=False,
        )
