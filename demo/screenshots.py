"""``make screenshots``: render the main screens offscreen into ``docs/screenshots/``.

Real parts only: the reference platform in a thread, a real encrypted demo store filled
through the store API, the real window signed in. Chinese needs a CJK font; without one
every label would render as boxes, so the command refuses and says what to install.
The intake steps, a printed notice and a detail view with a conflict come from the
intake/detail packages' own demo-screen helpers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QWidget

SIZE = (1280, 780)
CJK_PREFERRED = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC")


def cjk_family() -> str | None:
    families = QFontDatabase.families()
    for name in CJK_PREFERRED:
        if name in families:
            return name
    return next((f for f in families if "CJK" in f or f.endswith(" SC")), None)


def save(widget: QWidget, out: Path, name: str) -> Path:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(f"screenshot: {path}")
    return path


async def _until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError("screen did not settle")
        await asyncio.sleep(0.05)


async def _loaded(queue: Any) -> None:
    """Wait until every visible row of the queue has its data."""
    await asyncio.sleep(0.4)
    await _until(lambda: queue.model.pending_fetches() == 0)
    await asyncio.sleep(0.2)


async def shell_screens(out: Path, work: Path) -> None:
    from central.runner import start_thread
    from central.seed import seed
    from central.settings import Settings
    from demo import app as demo_app
    from demo.sample_data import fill, intake
    from offline.store.opening import open_profile
    from ui import ops
    from ui.app import build
    from ui.options import AppOptions
    from ui.profile import Profile

    db = work / "platform.db"
    seed(db)
    platform = start_thread(Settings(db_path=db))
    try:
        profile = Profile.locate("screens", work).ensure()
        await demo_app.register_demo_terminal(profile, platform.base_url)
        store = open_profile(profile.name, work)
        try:
            docs = fill(store, ["u-nm-clerk1", "u-nm-clerk2"], 240, accept_every=3)
            propose_rejections(store, docs[-12:])
        finally:
            store.close()
        options = AppOptions(
            profile=profile,
            platform_url=platform.base_url,
            demo=True,
            demo_accounts=demo_app.demo_accounts(),
        )
        window, controller = build(options, language="zh_CN")
        window.resize(*SIZE)
        window.show()
        await controller.start()
        await asyncio.sleep(0.3)
        save(window, out, "login")
        window.login.username.setText("nm-clerk1")
        window.login.password.setText("Demo@2026")
        window.login.button.click()
        await _until(lambda: controller.current is not None)
        workspace = controller.current
        assert workspace is not None
        queue = workspace.queue
        queue.scope.setCurrentIndex(1)  # whole office
        await _until(lambda: queue.model.rowCount() > 0)
        await _until(lambda: bool(window.status.status.settled))
        await _loaded(queue)
        save(window, out, "queue")
        queue.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # due date: overdue first
        await _until(lambda: queue.filter.sort == "due_date")
        await _loaded(queue)
        save(window, out, "queue-by-due-date")
        queue.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # newest first again
        await _until(lambda: queue.filter.sort == "received_at")
        window.banner.offline.setChecked(True)
        ctx = workspace.ctx
        import random

        rng = random.Random(11)
        for _ in range(3):
            await ctx.store.call(lambda s: intake(s, ctx.user.user_id, rng))
        ctx.changed([])
        window.sync_now.trigger()
        await _until(lambda: window.status.status.pending == 3 and not window.status.status.running)
        await _loaded(queue)
        save(window, out, "queue-offline-pending")
        queue.search.setText("张")
        await _until(lambda: queue.filter.search == "张")
        await _loaded(queue)
        save(window, out, "queue-search")
        window.close()
        await controller.shutdown()
        await ops.drain()

        await supervisor_screens(out, options)

        fresh = Profile.locate("setup", work).ensure()
        window, controller = build(
            AppOptions(profile=fresh, platform_url=platform.base_url), language="zh_CN"
        )
        window.resize(*SIZE)
        window.show()
        await controller.start()
        page = window.first_run
        page.url.setText(platform.base_url)
        page.username.setText("nm-clerk2")
        page.password.setText("Demo@2026")
        page.button.click()
        await _until(lambda: page.steps.currentIndex() == 1)
        await asyncio.sleep(0.2)
        save(window, out, "first-run-registered")
        window.close()
        await controller.shutdown()
        await ops.drain()
    finally:
        platform.stop()


def propose_rejections(store: Any, docs: list[dict[str, Any]]) -> None:
    """A few proposed rejections (拟不予受理) so the supervisor's sign-off list has rows."""
    from offline.store.actions import Actor

    for doc in docs:
        if doc["status"] == "received":
            store.transition(
                Actor(doc["clerk_id"], "clerk"),
                doc["id"],
                "rejection_proposed",
                reason="申请事项不属于本中心受理范围",
            )


async def supervisor_screens(out: Path, options: Any) -> None:
    """Every tab of the supervisor's panel, signed in as the office's supervisor."""
    from ui import ops
    from ui.app import build

    window, controller = build(options, language="zh_CN")
    window.resize(*SIZE)
    window.show()
    await controller.start()
    window.login.username.setText("nm-super")
    window.login.password.setText("Demo@2026")
    window.login.button.click()
    await _until(lambda: controller.current is not None)
    workspace = controller.current
    assert workspace is not None
    panel = workspace.supervisor_panel
    assert panel is not None
    workspace.tabs.setCurrentWidget(panel)
    await _until(lambda: bool(window.status.status.settled))
    for index in range(panel.count()):
        panel.setCurrentIndex(index)
        page = panel.widget(index)
        await asyncio.sleep(1.0)
        slug = type(page).__name__.lower().removesuffix("view")
        save(window, out, f"supervisor-{slug}")
    tools = controller.tools
    settings = tools.open_settings()
    await asyncio.sleep(0.5)
    save(settings, out, "settings")
    settings.reject()
    backup = tools.open_backup()
    if backup is not None:
        await asyncio.sleep(0.5)
        save(backup, out, "backup-restore")
        backup.reject()
    window.close()
    await controller.shutdown()
    await ops.drain()


def intake_and_detail_screens(out: Path, work: Path) -> None:
    from demo.detail_screens import detail_with_conflict
    from demo.intake_screens import intake_steps, seed_demo_catalog
    from offline.store.store import Store
    from sync.store_thread import StoreThread

    store: StoreThread[Store] = StoreThread(lambda: Store.create(work / "intake.db", b"s" * 32))
    try:
        seed_demo_catalog(store)
        for name, widget in intake_steps(store, work / "pdf"):
            save(widget, out, name)
        view = detail_with_conflict(store, work / "pdf")
        save(view, out, "detail-conflict")
        view.close()
    finally:
        store.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counterdesk screenshots")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import keyring
    import qasync
    from keyrings.alt.file import PlaintextKeyring

    from offline.store.keys import ALLOW_FILE_KEYRING_ENV
    from ui.app import make_application
    from ui.gc_guard import MainThreadGC

    app = make_application(["counterdesk-screenshots"])
    family = cjk_family()
    if family is None:
        print(
            "no CJK font: install one first (Debian/Ubuntu: apt-get install fonts-noto-cjk)",
            file=sys.stderr,
        )
        return 2
    app.setFont(QFont(family, 10))
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cd-shots-") as tmp:
        work = Path(tmp)
        os.environ[ALLOW_FILE_KEYRING_ENV] = "1"  # screenshot profiles are throwaway
        backend = PlaintextKeyring()
        backend.file_path = str(work / "keyring.cfg")
        keyring.set_keyring(backend)
        collector = MainThreadGC(app)
        qasync.run(shell_screens(args.out, work))
        intake_and_detail_screens(args.out, work)
        collector.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
