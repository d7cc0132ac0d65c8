"""Record who signs in, fails to, is locked out, locks, switches and signs out at this counter.

The events go through :mod:`offline.store.session_audit` into the store's audit chain and
outbox (and so to the platform). Recording never stands in a clerk's way: a store that
cannot take the entry is logged (without personal data) and the app carries on.

`SessionRecorder` follows the controller from outside — the sign-in, lock, idle and
switch-user signals — so the controller's flow stays as it is; it remembers who is at
the counter, because by the time a "switch user" arrives the controller has let go of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from offline.store import session_audit
from offline.store.errors import StoreError
from sync.store_thread import StoreThread
from ui import ops
from ui.context import SignedInUser

log = logging.getLogger(__name__)


def _record(
    store: Any,
    event: str,
    username: str,
    user_id: str | None,
    role: str | None,
    detail: dict[str, Any],
    at: datetime,
) -> str | None:
    return session_audit.record(
        store.conn, event, at=at, username=username, user_id=user_id, role=role, detail=detail
    )


async def note(
    store: StoreThread[Any] | None,
    event: str,
    *,
    username: str,
    user_id: str | None = None,
    role: str | None = None,
    detail: dict[str, Any] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Record one session event on the store thread; failures are logged, not raised."""
    if store is None:
        return
    try:
        await store.call(_record, event, username, user_id, role, dict(detail or {}), clock())
    except Exception as exc:  # a closing store, a full disk: never the clerk's problem
        code = getattr(exc, "code", None) or type(exc).__name__
        log.warning("session event %s not recorded: %s", event, code)


def note_soon(store: StoreThread[Any] | None, event: str, **kw: Any) -> None:
    """`note` in the background (from a Qt slot)."""

    async def work() -> None:
        await note(store, event, **kw)

    ops.network_op(work).run_in_background()


def note_user(
    store: StoreThread[Any] | None, event: str, user: SignedInUser, **detail: Any
) -> None:
    note_soon(
        store,
        event,
        username=user.username,
        user_id=user.user_id,
        role=user.role,
        detail=detail or None,
    )


def record_restore(
    profile_name: str, data_dir: Path, who: dict[str, Any], detail: dict[str, Any]
) -> None:
    """Write the "restored" event into the restored store itself (the replaced one was moved
    aside), so that it reaches the platform from the database now in use. Blocking: call
    it off the GUI thread after the restore."""
    from offline.store.opening import open_profile

    try:
        store = open_profile(profile_name, data_dir, check="none")
    except StoreError as exc:
        log.warning("restore not recorded in the audit log: %s", exc.code)
        return
    try:
        session_audit.record(
            store.conn,
            "restored",
            at=datetime.now(UTC),
            username=str(who.get("username") or "-"),
            user_id=who.get("user_id"),
            role=who.get("role"),
            detail=detail,
        )
    except StoreError as exc:
        log.warning("restore not recorded in the audit log: %s", exc.code)
    finally:
        store.close()


class SessionRecorder(QObject):
    """Connects the controller's sign-in, lock, idle and switch signals to session events."""

    def __init__(self, controller: Any) -> None:
        super().__init__(controller)
        self.controller = controller
        self.at_counter: SignedInUser | None = None  # signed in and not locked
        self.last_user: SignedInUser | None = None
        window = controller.window
        controller.signedIn.connect(self._signed_in)
        controller.idle.idle.connect(lambda: self._locked("idle_locked"))
        window.lock.triggered.connect(lambda: self._locked("screen_locked"))
        window.switch_user.triggered.connect(self._switched)
        window.login.switchUserRequested.connect(self._switched)
        window.sign_out.triggered.connect(self._signed_out)  # after the controller's slot
        window.closing.connect(self._closing)

    def _store(self) -> StoreThread[Any] | None:
        store: StoreThread[Any] | None = self.controller.store
        return store

    def _signed_in(self, _user_id: str) -> None:
        current = self.controller.current
        if current is None:
            return
        user: SignedInUser = current.ctx.user
        self.at_counter = self.last_user = user
        mode = "online" if user.online_login else "offline"
        note_user(self._store(), "signed_in", user, mode=mode)

    def _locked(self, event: str) -> None:
        user, self.at_counter = self.at_counter, None
        if user is not None:
            note_user(self._store(), event, user)

    def _switched(self) -> None:
        user = self.at_counter or self.last_user
        self.at_counter = None
        if user is not None:
            note_user(self._store(), "user_switched", user)
            self.last_user = None

    def _signed_out(self) -> None:
        if self.controller.current is not None:  # declined (unfinished intakes) or no-op
            return
        user, self.at_counter = self.at_counter, None
        if user is not None:
            note_user(self._store(), "signed_out", user, reason="sign_out")
            self.last_user = None

    def _closing(self) -> None:
        user, self.at_counter = self.at_counter, None
        if user is not None:
            note_user(self._store(), "signed_out", user, reason="app_closed")


def install_session_events(controller: Any) -> SessionRecorder:
    """Record the controller's session events (one call at the end of its __init__)."""
    return SessionRecorder(controller)
