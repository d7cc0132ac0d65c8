"""Test-wide setup: offscreen Qt, an in-memory keyring, and no real user data dirs.

Qt's platform must be chosen before any Qt import, so it is set at import time here.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHONFAULTHANDLER", "1")

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

pytest_plugins = ["tests.fixtures.clock", "tests.fixtures.platform", "tests.fixtures.store"]

# A platform subprocess on a machine shared with other test runs can take far longer than
# the app's 20 s to start; only a start that never answers should fail a test.
PLATFORM_START_LIMIT_S = 180.0


@pytest.fixture(autouse=True, scope="session")
def patient_platform_start() -> Iterator[None]:
    from central import runner

    previous = runner.START_TIMEOUT_S
    runner.START_TIMEOUT_S = PLATFORM_START_LIMIT_S
    yield
    runner.START_TIMEOUT_S = previous


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a dict, for tests only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Name the shuffled order's seed even under ``-q`` (which hides the report header), so
    an order-dependent failure can be replayed."""
    seed = getattr(config.option, "randomly_seed", None)
    if config.pluginmanager.hasplugin("randomly") and isinstance(seed, int):
        terminalreporter.write_line(f"test order: -p randomly --randomly-seed={seed}")
