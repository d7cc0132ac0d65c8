"""``counterdesk`` with no subcommand: the desktop app on the qasync event loop.

Start-up order matters: high-DPI policy before the QApplication exists; logging (masked)
and the exception hook before anything can fail; the single-instance check before any
window (a second start of the same profile only brings the first window forward); the
window on screen before the store opens, so a large store never delays the first paint.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ui import crash, i18n
from ui.gc_guard import MainThreadGC
from ui.icons import app_icon
from ui.logs import setup_logging
from ui.main_window import MainWindow
from ui.options import AppOptions
from ui.profile import Profile
from ui.single_instance import SingleInstance, notify_running, server_name

if TYPE_CHECKING:
    from ui.controller import AppController

log = logging.getLogger("counterdesk")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="counterdesk", description="CounterDesk 窗口通")
    parser.add_argument("--profile", default="default", help="profile name (配置名称)")
    parser.add_argument("--data-dir", type=Path, default=None, help="root of all profiles")
    parser.add_argument("--platform-url", default=None, help="platform address (平台地址)")
    parser.add_argument("--lang", default=None, choices=i18n.LANGUAGES)
    parser.add_argument("--demo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--idle-minutes", type=float, default=10.0)
    parser.add_argument(
        "--startup-probe",
        action="store_true",
        help="print start-up times as JSON once the sign-in page shows, then quit",
    )
    return parser.parse_args(list(argv))


def _since_start(t0: float) -> float:
    return round((time.time() - t0) * 1000, 1)


def make_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with high-DPI rounding, name and icon (reused if one exists)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(list(argv) or ["counterdesk"])
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("CounterDesk")
    app.setApplicationDisplayName("窗口通 CounterDesk")
    app.setWindowIcon(app_icon())
    return app


def open_settings(profile: Profile) -> QSettings:
    profile.ensure()
    return QSettings(str(profile.settings_path), QSettings.Format.IniFormat)


def make_window(options: AppOptions, *, language: str) -> MainWindow:
    """The window alone: cheap to import and build, so it is on screen at once."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # The loop must outlive the window: shutdown (sync, store) runs after it closes.
    app.setQuitOnLastWindowClosed(False)
    i18n.install_translators(app, language)
    return MainWindow(open_settings(options.profile), demo=options.demo)


def attach_controller(window: MainWindow, options: AppOptions) -> AppController:
    """The flow behind the window (imports the client, sync and store layers)."""
    from ui.controller import AppController

    return AppController(options, window)


def build(options: AppOptions, *, language: str) -> tuple[MainWindow, AppController]:
    """The window and its controller for one profile (used by demo, tests, benchmarks)."""
    window = make_window(options, language=language)
    return window, attach_controller(window, options)


def run(argv: Sequence[str] | None = None, options: AppOptions | None = None) -> int:
    """Run the app until its window closes; returns the process exit code."""
    import qasync

    args = parse_args(sys.argv[1:] if argv is None else argv)
    profile = options.profile if options else Profile.locate(args.profile, args.data_dir)
    profile.ensure()
    handler = setup_logging(profile.log_dir)
    previous_hook = crash.install()
    app = make_application(["counterdesk"])
    name = server_name(str(profile.root))
    if notify_running(name):
        log.info("profile already open in another window; brought it forward")
        return 0
    instance = SingleInstance(name)
    instance.listen()
    opts = options or AppOptions(
        profile=profile,
        platform_url=args.platform_url,
        demo=args.demo,
        idle_minutes=args.idle_minutes,
    )
    from ui.settings.model import startup_language

    window = make_window(opts, language=startup_language(profile, args.lang))
    window.show()  # first paint before the heavier layers are imported
    app.processEvents()
    log.info("window shown")
    # The caller's clock at exec, for a probe that measures start-up from outside.
    t0 = float(os.environ.get("COUNTERDESK_T0") or time.time())
    window_ms = _since_start(t0)
    controller = attach_controller(window, opts)
    collector = MainThreadGC(app)

    def bring_forward() -> None:
        log.info("second start of this profile: window brought forward")
        window.bring_forward()

    instance.activated.connect(bring_forward)

    async def main() -> None:
        closed = asyncio.Event()
        app.lastWindowClosed.connect(closed.set)
        await controller.start()
        log.info("store open; %s page", "sign-in" if controller.registered else "setup")
        if args.startup_probe:
            app.processEvents()
            probe = {"window_ms": window_ms, "first_page_ms": _since_start(t0)}
            print(json.dumps(probe), flush=True)
            window.close()
        await closed.wait()
        await controller.shutdown()

    try:
        qasync.run(main())
    finally:
        collector.stop()
        instance.close()
        sys.excepthook = previous_hook
        logging.getLogger().removeHandler(handler)
        handler.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
