"""The app's flow: open the store, set up or sign in, run workspaces, lock, switch, sync.

Everything slow happens off the GUI thread: the store opens on its own thread (the
window is already on screen), store calls go through ``ui.ops``, platform calls are
coroutines on the qasync loop. One sync service runs per profile once someone has
signed in; every workspace's actions nudge it (debounced push) and every finished run
refreshes the visible queue.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from client.api import PlatformClient
from client.errors import ClientError, Forbidden
from client.server_time import ServerTimeWatch
from client.transport import network_transport
from offline.domain.clock import now_utc
from offline.store.errors import StoreError
from offline.store.opening import open_profile, pending_migration
from sync.keys import ensure_user_key, load_device_key
from sync.service import SyncService
from sync.status import SyncStatus
from sync.store_thread import StoreThread
from ui import i18n, ops, quit_guard
from ui.auth import Authenticator, SignInRefused
from ui.backup.first_run_recovery import install_first_run_recovery
from ui.connectivity import NetworkWatcher, WatchedTransport
from ui.context import SignedInUser, WorkspaceContext
from ui.damaged_restore_dialog import RECOVERABLE, DamagedRestoreDialog
from ui.demo_net import SwitchableTransport
from ui.first_run import check_platform_url
from ui.idle import IdleWatcher
from ui.main_window import MainWindow
from ui.options import AppOptions
from ui.session_events import install_session_events
from ui.settings.connection import client_settings
from ui.settings.install import install_tools
from ui.upgrade import UpgradePage
from ui.workspace import Workspace

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Controller", text)


def _store_facts(store: Any) -> tuple[str, str | None, str | None]:
    return store.device_id, store.office_code, store.terminal_code


def _run_facts(store: Any) -> tuple[Any, ...]:
    """The pull cursor and outbox counts, compared after each sync run (``_after_run``)."""
    counts = store.sync_counts()
    return store.pull_cursor(), tuple(int(counts[k]) for k in ("pending", "conflicts", "rejected"))


class AppController(QObject):
    """Owns the store thread, the platform client, the sync service and the workspaces."""

    ready = Signal()  # store open, first page shown
    signedIn = Signal(str)  # user id
    locked = Signal()
    failed = Signal(str)
    upgrading = Signal(QObject)  # the UpgradePage shown while the store's schema upgrades

    def __init__(self, options: AppOptions, window: MainWindow) -> None:
        super().__init__(window)
        self.options = options
        self.profile = options.profile
        self.window = window
        self.lang = i18n.current_language()
        self.registration = self.profile.load_registration()
        if options.platform_url:
            self.registration.platform_url = options.platform_url
        self.registration.demo = self.registration.demo or options.demo
        window.status.watch_disk(self.profile.root)
        self.transport = SwitchableTransport()
        self.network = NetworkWatcher(self)
        self.network.changed.connect(self.network_changed)
        self.store: StoreThread[Any] | None = None
        self.client: PlatformClient | None = None
        self.sync: SyncService | None = None
        self.auth: Authenticator | None = None
        self.device_id = ""
        self.office_code: str | None = None
        self.terminal_code: str | None = None
        self.workspaces: dict[str, Workspace] = {}
        self.current: Workspace | None = None
        self._unsubscribe: Any = None
        self._was_running = False
        self._last_run_facts: tuple[Any, ...] | None = None
        self.idle = IdleWatcher(options.idle_minutes, self)
        self.idle.idle.connect(self.lock)
        w = window
        w.first_run.registerRequested.connect(self._on_register)
        w.first_run.finished.connect(self._after_registration)
        w.login.submitted.connect(self._on_sign_in)
        w.login.switchUserRequested.connect(self.switch_user)
        w.lock.triggered.connect(self.lock)
        w.switch_user.triggered.connect(self.switch_user)
        w.sync_now.triggered.connect(self.sync_now)
        w.new_intake.triggered.connect(self._new_intake)
        w.sign_out.triggered.connect(self.sign_out)
        w.login.restoreRequested.connect(self.restore_damaged)
        w.confirm_close = self._confirm_quit
        w.banner.offlineToggled.connect(self.set_simulated_offline)
        w.closing.connect(self.shutdown)
        self._pending_user: SignedInUser | None = None
        self._shutdown: asyncio.Future[None] | None = None
        self._network_ready = False
        self.tools = install_tools(self)  # Tools menu: settings, backup and restore
        self.recovery = install_first_run_recovery(self)  # restore with / print recovery sheet
        self.session_events = install_session_events(self)  # sign-ins, locks... audited

    # --- start and stop ------------------------------------------------------------------
    async def start(self) -> None:
        """Open the store (off the GUI thread), then show setup or sign-in."""
        self.window.login.setEnabled(False)
        name, data_dir = self.profile.name, self.profile.root.parent.parent
        loop = asyncio.get_running_loop()
        upgrade: UpgradePage | None = None
        try:
            pending = await loop.run_in_executor(None, pending_migration, name, data_dir)
            progress = None
            if pending is not None:  # tens of seconds at 1,000,000 rows: say so, show progress
                log.info("store upgrade %s -> %s", pending.from_version, pending.to_version)
                upgrade = UpgradePage(pending, self.window.pages)
                self.window.show_page(upgrade)
                self.upgrading.emit(upgrade)
                progress = upgrade.reporter(loop)
            store: StoreThread[Any] = await loop.run_in_executor(
                None,
                lambda: StoreThread(
                    lambda: open_profile(name, data_dir, create=True, on_progress=progress)
                ),
            )
            self.store = store
            self.device_id, self.office_code, self.terminal_code = await store.call(_store_facts)
        except StoreError as exc:
            if exc.detail:
                log.warning("store did not open (%s): %s", exc.code, exc.detail)
            self.window.show_page(self.window.login)
            self.window.login.show_message(exc.message(self.lang))
            self.window.login.offer_restore(exc.code in RECOVERABLE)
            self.failed.emit(exc.code)
            return
        finally:
            if upgrade is not None:
                self.window.pages.removeWidget(upgrade)
                upgrade.deleteLater()
        self.window.login.setEnabled(True)
        self.window.login.offer_restore(False)
        self._build_client(username="")
        if self.registered:
            self.window.show_page(self.window.login)
            self.window.login.prepare()
            self.window.login.set_demo_accounts(self.options.demo_accounts)
        else:
            self.window.first_run.url.setText(self.registration.platform_url)
            self.window.show_page(self.window.first_run)
            self.window.first_run.username.setFocus()
        self.ready.emit()

    @property
    def registered(self) -> bool:
        return bool(self.registration.platform_url and self.office_code and self.terminal_code)

    def _build_client(self, username: str) -> None:
        if not self.registration.platform_url or self.store is None:
            return
        settings = client_settings(self.profile, self.registration.platform_url)
        if not self._network_ready:
            # TLS through the OS trust store plus the profile's extra CA and proxy; the
            # demo switch stays outermost. Built once: such changes apply at restart.
            self.transport.inner = network_transport(settings)
            self._network_ready = True
        watched = WatchedTransport(self.transport, lambda: self.network_changed(False))
        self.client = PlatformClient(
            settings,
            username=username,
            transport=watched,
            server_time=ServerTimeWatch(wall=now_utc),  # the clock the guard reads
        )
        self.auth = Authenticator(
            self.client, self.store, self.device_id, forced_offline=lambda: self.transport.offline
        )

    def shutdown(self) -> asyncio.Future[None]:
        """Stop syncing, close the client and the store; safe to call more than once."""
        if self._shutdown is None:
            self._shutdown = asyncio.ensure_future(self._close_all())
        return self._shutdown

    async def _close_all(self) -> None:
        self.idle.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        sync, self.sync = self.sync, None
        if sync is not None:
            await sync.stop()
        await ops.drain()
        client, self.client = self.client, None
        if client is not None:
            await client.aclose()
        store, self.store = self.store, None
        if store is not None:
            await asyncio.get_running_loop().run_in_executor(None, store.close)

    # --- first run -----------------------------------------------------------------------
    def _on_register(self, url: str, username: str, password: str) -> None:
        page = self.window.first_run
        problem = check_platform_url(url)
        if problem is not None:
            page.show_message(problem[0] if self.lang.startswith("zh") else problem[1])
            return
        page.set_busy(True)
        page.show_message("")
        ops.network_op(lambda: self._register(url, username, password), page).success(
            lambda user: self._registered(user)
        ).failure(self._register_failed).run_in_background()

    async def _register(self, url: str, username: str, password: str) -> SignedInUser:
        assert self.store is not None
        self.registration.platform_url = url.rstrip("/")
        if self.client is not None:
            await self.client.aclose()
        self._build_client(username)
        assert self.client is not None and self.auth is not None
        user = await self.auth.sign_in(username, password)
        if not user.online_login:
            raise SignInRefused(
                "offline",
                "首次设置需要连接政务服务平台。",
                "The first setup needs a connection to the platform.",
            )
        await load_device_key(self.store, self.client)
        try:
            info = await self.client.register_device(self.device_id, name=f"CounterDesk {username}")
        except Forbidden as exc:
            if exc.reason != "registration_needs_supervisor":
                raise
            raise SignInRefused(
                "registration_needs_supervisor",
                "登记新终端需要窗口负责人：请窗口负责人用自己的账号在本机完成首次设置，"
                "之后窗口人员即可登录使用。",
                "Registering a new terminal needs a supervisor: ask your supervisor to do this"
                " first setup with their own account; clerks can sign in afterwards.",
            ) from None
        await self.store.call(lambda s: s.register_device(info.office_code, info.terminal_code))
        try:  # the supervisor's own signing key, now that the terminal is known
            await ensure_user_key(self.store, self.client, user.user_id, password)
        except ClientError as exc:
            log.warning("signing key not registered at setup: %s", exc.code)
        office_name = ""
        try:
            catalog = await self.client.catalog(None)
            if catalog is not None:
                office_name = catalog.office.name
                await self.store.call(lambda s: s.save_catalog(catalog.model_dump(mode="json")))
        except ClientError as exc:
            log.warning("catalog not loaded at setup: %s", exc.code)
        self.office_code, self.terminal_code = info.office_code, info.terminal_code
        self.registration.office_code = info.office_code
        self.registration.office_name = office_name
        self.registration.device_id = self.device_id
        self.registration.terminal_code = info.terminal_code
        self.profile.save_registration(self.registration)
        return user

    def _registered(self, user: SignedInUser) -> None:
        self.window.first_run.set_busy(False)
        self.window.first_run.offer_recovery_sheet(user.role == "supervisor")
        self._pending_user = user
        self.window.first_run.show_registered(
            self.registration.office_name or str(self.office_code),
            str(self.office_code),
            str(self.terminal_code),
        )

    def _register_failed(self, exc: BaseException) -> None:
        self.window.first_run.set_busy(False)
        self.window.first_run.show_message(self._explain(exc))

    def _after_registration(self) -> None:
        if self._pending_user is not None:
            user, self._pending_user = self._pending_user, None
            self.enter(user)

    # --- sign-in, lock, switch --------------------------------------------------------------
    def _on_sign_in(self, username: str, password: str) -> None:
        login = self.window.login
        if self.auth is None:
            login.show_message(_tr("The store is not open yet."))
            return
        locked_user = login.locked_user
        if locked_user is not None and username.strip() != locked_user:
            return
        login.set_busy(True)
        login.show_message("")
        auth = self.auth
        ops.network_op(lambda: auth.sign_in(username, password), login).success(self.enter).failure(
            self._sign_in_failed
        ).run_in_background()

    def _sign_in_failed(self, exc: BaseException) -> None:
        self.window.login.set_busy(False)
        self.window.login.show_message(self._explain(exc))
        self.window.login.password.selectAll()
        self.window.login.password.setFocus()

    def _explain(self, exc: BaseException) -> str:
        message = getattr(exc, "message", None)
        if callable(message):
            return str(message(self.lang))
        log.error("unexpected sign-in failure", exc_info=exc)
        return _tr("Unexpected error; see the log.")

    def enter(self, user: SignedInUser) -> None:
        """Show ``user``'s workspace (created on first sign-in, kept afterwards)."""
        login = self.window.login
        login.set_busy(False)
        if self.office_code and user.office_code != self.office_code:
            login.show_message(_tr("This account belongs to another office than this computer."))
            return
        assert self.store is not None
        workspace = self.workspaces.get(user.user_id)
        if workspace is None:
            ctx = WorkspaceContext(
                user=user,
                store=self.store,
                office_code=str(self.office_code),
                office_name=self.registration.office_name,
                terminal_code=str(self.terminal_code),
                device_id=self.device_id,
                demo=self.registration.demo,
                language=self.lang,
                on_change=self._local_change,
            )
            workspace = Workspace(ctx, self.window.pages)
            self.workspaces[user.user_id] = workspace
            workspace.start()
        else:
            workspace.ctx.user = user  # same person; how they signed in may differ
        self.current = workspace
        self.window.show_page(workspace)
        mode = _tr("online") if user.online_login else _tr("offline sign-in")
        self.window.set_signed_in(True, f"{user.display_name} ({user.username}) · {mode}")
        workspace.queue.table.setFocus()
        self.idle.arm()
        self._ensure_sync()
        self.signedIn.emit(user.user_id)

    def lock(self) -> None:
        """Idle or Ctrl+L: hide the workspace behind the password; keep everything."""
        if self.current is None:
            return
        self.idle.disarm()
        user = self.current.ctx.user
        self.window.set_signed_in(False)
        self.window.show_page(self.window.login)
        self.window.login.prepare(locked_user=user.username)
        self.locked.emit()

    def switch_user(self) -> None:
        """Another clerk signs in; the current workspace is kept for its owner."""
        self.idle.disarm()
        self.current = None
        self.window.set_signed_in(False)
        self.window.show_page(self.window.login)
        self.window.login.prepare()
        self.window.login.set_demo_accounts(self.options.demo_accounts)

    def restore_damaged(self) -> None:
        """The store did not open: restore a backup over it, then open the restored one."""
        dialog = DamagedRestoreDialog(
            self.profile.name, self.profile.root.parent.parent, self.window
        )
        self.restore_dialog = dialog
        dialog.restored.connect(
            lambda _report: ops.network_op(self.start, self).run_in_background()
        )
        dialog.open()

    def sign_out(self) -> None:
        """The current user leaves this PC: their workspace closes (drafts are kept) and
        the sign-in page shows. Sync goes on with the sign-in saved on this computer."""
        workspace = self.current
        if workspace is None:
            return
        unfinished = workspace.unfinished_intakes()
        if unfinished and not quit_guard.ask(self.window, unfinished, _tr("Sign out anyway?")):
            return
        user_id = workspace.ctx.user.user_id
        log.info("signed out: %s", user_id)
        self.switch_user()
        self.workspaces.pop(user_id, None)
        self.window.pages.removeWidget(workspace)
        workspace.deleteLater()

    def _confirm_quit(self) -> bool:
        """Asked before the window closes: True when nothing is unfinished or the user
        confirms (the drafts stay either way)."""
        unfinished = sum(w.unfinished_intakes() for w in self.workspaces.values())
        if not unfinished:
            return True
        return quit_guard.ask(self.window, unfinished, _tr("Quit anyway?"))

    def _new_intake(self) -> None:
        if self.current is None:
            return
        if self.current.ctx.user.role != "clerk":
            # Receiving an application (收件) is a counter clerk's act; say so before the
            # first step rather than after five (the store would refuse it at the end).
            self.window.status.showMessage(
                _tr(
                    "Only counter clerks receive applications; "
                    "sign in as a clerk to start an intake."
                ),
                10_000,
            )
            return
        self.current.new_intake()

    # --- sync ------------------------------------------------------------------------------
    def _ensure_sync(self) -> None:
        if self.sync is not None or self.client is None or self.store is None:
            return
        # What the queues show now: a first run that changes nothing needs no refresh.
        ops.query_op(self.store, _run_facts, parent=self).success(
            self._seed_run_facts
        ).run_in_background()
        self.sync = SyncService(self.store, self.client, timing=self.options.sync_timing)
        self._unsubscribe = self.sync.subscribe(self._on_status)
        sync = self.sync
        ops.network_op(sync.start, self).run_in_background()

    def _on_status(self, status: SyncStatus) -> None:
        self.window.status.show_status(status)
        if self._was_running and not status.running:
            self._after_run(status)
        self._was_running = status.running

    def _seed_run_facts(self, facts: tuple[Any, ...]) -> None:
        if self._last_run_facts is None:
            self._last_run_facts = facts

    def _after_run(self, status: SyncStatus) -> None:
        """Refresh the queues only when the run changed something: a new pull cursor or
        other outbox/conflict counts. An offline probe or an empty pull changes nothing, and
        re-listing a 1,000,000-row office queue after each of them would hold the store
        thread (and any search typed meanwhile) for up to a second."""
        if self.store is None:
            return
        counts = (status.pending, status.conflicts, status.rejected)

        def check(cursor: Any) -> None:
            facts = (cursor, counts)
            if facts != self._last_run_facts:
                self._last_run_facts = facts
                for workspace in self.workspaces.values():
                    workspace.records_changed([])

        ops.query_op(self.store, lambda s: s.pull_cursor(), parent=self).success(
            check
        ).run_in_background()

    def sync_now(self) -> None:
        if self.sync is None:
            return
        sync = self.sync
        ops.network_op(sync.sync_now, self).run_in_background()

    def _local_change(self, record_ids: list[str]) -> None:
        for workspace in self.workspaces.values():
            workspace.records_changed(record_ids)
        if self.sync is not None:
            self.sync.local_change()

    def set_simulated_offline(self, offline: bool) -> None:
        """Demo switch: cut the app off the platform (or reconnect and sync)."""
        self.transport.offline = offline
        log.info("simulated offline: %s", offline)
        self.network_changed(False if offline else None)

    def network_changed(self, online: bool | None) -> None:
        """Offline at once on a loss; on a possible return, online once the platform answers."""
        if self.sync is not None:
            self.sync.network_changed(online)
