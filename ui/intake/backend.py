"""What the intake wizard needs from the rest of the app, as one small interface.

Widgets call these methods only through :class:`ui.intake.runner.ThreadRunner` (never on
the UI thread). The production implementation (``ui.intake.store_backend``) forwards each
call to the store's own thread; tests pass the same implementation over a real store.

The intake request handed to :meth:`IntakeBackend.submit`::

    {"draft_id": str, "item_code": str, "applicant": {...}, "agent": {...} | None,
     "phone": str, "address": str, "form": {...},
     "materials": [{"code", "name", "originals", "copies", "form", "attachment"}],
     "applying": [conditional material codes whose condition applies],
     "decision": {"kind": "accept" | "supplement" | "reject",
                  "reason": str | None, "missing": [{"code", "name", "problem"}]}}

It returns the application document (docs/CONTRACTS.md) after the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Draft:
    """An unfinished intake of one user, as the store keeps it."""

    draft_id: str
    doc: dict[str, Any]
    updated_at: str


class IntakeBackend(Protocol):
    """Store-side calls of the intake screens (bound to one signed-in user)."""

    def catalog(self) -> list[dict[str, Any]]:
        """Active service items (JSON shape of docs/CONTRACTS.md)."""
        ...

    def due_date_preview(self, item_code: str) -> str | None:
        """The due date if accepted today (YYYY-MM-DD), or None: calendar unknown."""
        ...

    def submit(self, request: dict[str, Any]) -> dict[str, Any]:
        """Record the intake and its decision; return the application document."""
        ...

    def save_draft(self, draft_id: str, doc: dict[str, Any]) -> None: ...

    def drafts(self) -> list[Draft]: ...

    def delete_draft(self, draft_id: str) -> None: ...

    def attach_file(self, path: Path) -> dict[str, Any]:
        """Store a scan encrypted and content-addressed; return its attachment reference."""
        ...
