"""The intake backend over the real encrypted store (``offline.store.Store``).

Every method runs its store work on the store's own thread via
``sync.store_thread.StoreThread.call_blocking`` and is itself called off the UI thread
by :class:`ui.intake.runner.ThreadRunner`. :meth:`submit` records the whole intake in ONE
store transaction: the new application, scanned materials, the decision's transition
and the removal of the draft — a crash leaves either the draft or the finished record,
never both and never a half.
"""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import date
from pathlib import Path
from typing import Any

from offline.domain.catalog import ServiceItem
from offline.domain.clock import now_utc
from offline.domain.status import Status
from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.intake.backend import Draft

MAX_SCAN_BYTES = 20 * 1024 * 1024
DECISION_TARGET = {
    "accept": Status.ACCEPTED,
    "supplement": Status.AWAITING_SUPPLEMENT,
    "reject": Status.REJECTION_PROPOSED,
}


class StoreIntakeBackend:
    """:class:`ui.intake.backend.IntakeBackend` for one signed-in user."""

    def __init__(self, store: StoreThread[Store], actor: Actor) -> None:
        self._store = store
        self.actor = actor

    def catalog(self) -> list[dict[str, Any]]:
        return self._store.call_blocking(lambda s: s.list_items())

    def due_date_preview(self, item_code: str) -> str | None:
        def preview(store: Store) -> str | None:
            from offline.domain.deadlines import WorkCalendar, due_date

            raw = store.get_item(item_code)
            if raw is None:
                return None
            item = ServiceItem.from_dict(raw)
            overrides: dict[date | str, bool] = {}
            for day, workday in store.calendar_overrides().items():
                overrides[day] = workday  # WorkCalendar takes date | str keys
            result = due_date(now_utc(), item.promised_limit, WorkCalendar(overrides), [])
            return result.iso()

        return self._store.call_blocking(preview)

    def save_draft(self, draft_id: str, doc: dict[str, Any]) -> None:
        self._store.call_blocking(lambda s: s.save_draft(self.actor.user_id, draft_id, doc))

    def drafts(self) -> list[Draft]:
        found = self._store.call_blocking(lambda s: s.drafts(self.actor.user_id))
        return [Draft(k, v, str(v.get("saved_at", ""))) for k, v in found.items()]

    def delete_draft(self, draft_id: str) -> None:
        self._store.call_blocking(lambda s: s.delete_draft(self.actor.user_id, draft_id))

    def attach_file(self, path: Path) -> dict[str, Any]:
        """Check the scan is readable and small enough; the bytes go in at submit time."""
        size = path.stat().st_size
        if size > MAX_SCAN_BYTES:
            raise ValueError(
                f"扫描件过大（{size // 1024} KB，上限 {MAX_SCAN_BYTES // 1024} KB） / "
                f"Scan too large ({size // 1024} KB, limit {MAX_SCAN_BYTES // 1024} KB)"
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return {"name": path.name, "path": str(path), "sha256": digest, "size": size, "mime": mime}

    def submit(self, request: dict[str, Any]) -> dict[str, Any]:
        scans = []
        materials = []
        for entry in request["materials"]:
            scan = entry.get("attachment")
            plain = {k: v for k, v in entry.items() if k != "attachment"}
            if scan is not None:
                content = Path(scan["path"]).read_bytes()
                if hashlib.sha256(content).hexdigest() != scan["sha256"]:
                    raise ValueError(
                        f"扫描件 {scan['name']} 已被修改，请重新附加 / "
                        f"The scan {scan['name']} changed on disk; attach it again"
                    )
                scans.append((entry, content, scan.get("mime", "application/octet-stream")))
            if plain.get("originals") or plain.get("copies") or scan is None:
                materials.append(plain)
        return self._store.call_blocking(lambda s: self._submit(s, request, materials, scans))

    def _submit(
        self,
        store: Store,
        request: dict[str, Any],
        materials: list[dict[str, Any]],
        scans: list[tuple[dict[str, Any], bytes, str]],
    ) -> dict[str, Any]:
        decision = request["decision"]
        with store.transaction():
            doc = store.intake(
                self.actor,
                item_code=request["item_code"],
                applicant=request["applicant"],
                phone=request["phone"],
                address=request.get("address"),
                form=request.get("form") or {},
                materials=materials,
                agent=request.get("agent"),
                ticket=request.get("ticket"),
            )
            for entry, content, mime in scans:
                scan_entry = {
                    "code": entry["code"],
                    "name": entry["name"],
                    "originals": 0,
                    "copies": 0,
                    "form": "electronic",
                }
                doc = store.add_material(
                    self.actor, doc["id"], scan_entry, content=content, mime=mime
                )
            for code, pages in (request.get("pages") or {}).items():  # document camera
                for page in pages:
                    doc = store.add_material(
                        self.actor, doc["id"], {"code": code, "originals": 0, "copies": 0,
                        "form": "electronic"}, content=page, mime="image/jpeg",
                    )  # fmt: skip
            target = DECISION_TARGET[decision["kind"]]
            data: dict[str, Any] = {}
            if target is Status.AWAITING_SUPPLEMENT:
                data["missing"] = decision["missing"]
            doc = store.transition(
                self.actor, doc["id"], target, reason=decision.get("reason"), data=data
            )
            if request.get("draft_id"):
                store.delete_draft(self.actor.user_id, request["draft_id"])
        return doc
