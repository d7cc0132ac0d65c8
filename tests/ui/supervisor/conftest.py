"""Fixtures for the supervisor screens: the same real store thread and runner as intake."""

from tests.ui.intake.support import runner, store_thread

__all__ = ["runner", "store_thread"]
