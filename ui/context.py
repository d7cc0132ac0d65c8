"""What a signed-in workspace hands to every screen: who, where, and how to reach data.

Screens owned by other parts of ui/ (intake wizard, detail view, printing) receive one
:class:`WorkspaceContext` and use it instead of reaching for globals: the store thread
for every store call, ``changed()`` after each committed action (refreshes the queue and
schedules a debounced push), and the user and office for permissions and printing.
See docs/CONTRACTS.md, section "UI shell".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sync.store_thread import StoreThread


@dataclass(frozen=True)
class SignedInUser:
    """The user of one workspace (from the platform at login, or the offline cache)."""

    user_id: str
    username: str
    display_name: str
    office_code: str
    roles: tuple[str, ...] = ("clerk",)
    online_login: bool = True

    @property
    def role(self) -> str:
        """The strongest role: supervisor over clerk."""
        return "supervisor" if "supervisor" in self.roles else self.roles[0]


@dataclass
class WorkspaceContext:
    """Everything a screen of one user's workspace may use."""

    user: SignedInUser
    store: StoreThread[Any]
    office_code: str
    office_name: str
    terminal_code: str
    device_id: str
    demo: bool = False
    language: str = "zh_CN"
    on_change: Callable[[list[str]], None] = field(default=lambda _ids: None)

    def changed(self, record_ids: list[str] | None = None) -> None:
        """Call after every committed action: the queue refreshes, a push is scheduled."""
        self.on_change(list(record_ids or []))
