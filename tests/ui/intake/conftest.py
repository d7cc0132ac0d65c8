"""Fixtures for the intake tests (shared with detail and printing via support.py)."""

from tests.ui.intake.support import runner, store_thread

__all__ = ["runner", "store_thread"]
