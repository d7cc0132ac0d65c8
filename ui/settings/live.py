"""Applying saved settings to the running app (what does not need a restart).

- idle-lock minutes: the controller's :class:`ui.idle.IdleWatcher` at once;
- sync interval: the running scheduler's ``Timing.period`` (used from its next tick) and
  the start-up options, so a sync service started later (next sign-in) uses it too;
- printer: remembered here; printing code calls :func:`apply_printer` on its ``QPrinter``.

Language, platform address, proxy and CA bundle take effect when CounterDesk starts
again (the widgets have no live retranslation and the platform client is built once).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ui.settings.model import Preferences, Settings

log = logging.getLogger(__name__)

_current = Preferences()


def current_preferences() -> Preferences:
    """The preferences of the running app (defaults until a profile's are loaded)."""
    return _current


def set_current(prefs: Preferences) -> None:
    global _current
    _current = prefs


def apply_printer(printer: QPrinter, prefs: Preferences | None = None) -> bool:
    """Point ``printer`` at the chosen printer if it is installed; False = system default."""
    name = (prefs or _current).printer
    if not name or name not in QPrinterInfo.availablePrinterNames():
        return False
    printer.setPrinterName(name)
    return True


def apply_to(controller: Any, after: Settings, before: Settings | None = None) -> None:
    """Changed idle minutes and sync interval into a running ``AppController`` (values
    that did not change are left alone, e.g. an ``--idle-minutes`` given at start)."""
    prefs = after.prefs
    set_current(prefs)
    old = before.prefs if before is not None else None
    if old is None or old.idle_minutes != prefs.idle_minutes:
        controller.idle.set_minutes(prefs.idle_minutes)
        controller.options.idle_minutes = float(prefs.idle_minutes)
    if old is None or old.sync_minutes != prefs.sync_minutes:
        from sync.scheduler import Timing

        period = 60.0 * prefs.sync_minutes
        options = controller.options
        options.sync_timing = replace(options.sync_timing or Timing(), period=period)
        sync = getattr(controller, "sync", None)
        if sync is not None:
            scheduler = sync.scheduler
            scheduler.timing = replace(scheduler.timing, period=period)
    log.info("settings applied: idle %s min, sync %s min", prefs.idle_minutes, prefs.sync_minutes)
