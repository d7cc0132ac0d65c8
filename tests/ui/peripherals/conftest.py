"""Fixtures for the peripheral tests (store thread and runner shared with intake)."""

from tests.ui.intake.support import runner, store_thread

__all__ = ["runner", "store_thread"]
