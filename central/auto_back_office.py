"""The automatic back office: moves accepted applications through review to a decision.

Demos and tests need platform-side changes to arrive at the counters without a person in
the back office. An accepted application older than `auto_review_delay` goes to review;
one under review longer than `auto_decision_delay` is approved (denied when the clerk's
notes contain "拒绝", so a demo can show both outcomes).
"""

from __future__ import annotations

import json
import logging
import threading

from central.backoffice import act
from central.deps import Platform
from central.errors import ApiError
from client.wire import BackOfficeActionKind

log = logging.getLogger(__name__)
AUTO_USER = "u-backoffice-auto"


class AutoBackOffice:
    def __init__(self, ctx: Platform) -> None:
        self.ctx = ctx
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="auto-back-office", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.ctx.settings.auto_poll):
            try:
                self.step()
            except Exception:  # keep going; the next round retries
                log.exception("auto back office round failed")

    def step(self) -> int:
        """One round; returns how many applications moved."""
        s = self.ctx.settings
        now = self.ctx.now()
        moved = 0
        with self.ctx.db.read() as conn:
            due = conn.execute(
                "SELECT id, status, doc FROM applications WHERE"
                " (status = 'accepted' AND updated_at <= ?) OR"
                " (status = 'under_review' AND updated_at <= ?) ORDER BY updated_at LIMIT 200",
                (now - s.auto_review_delay, now - s.auto_decision_delay),
            ).fetchall()
        for row in due:
            if row["status"] == "accepted":
                action, reason = BackOfficeActionKind.start_review, None
            else:
                notes = " ".join(
                    n.get("text", "")
                    for n in json.loads(row["doc"]).get("notes") or []
                    if isinstance(n, dict)
                )
                if "拒绝" in notes:
                    action, reason = BackOfficeActionKind.deny, "材料不符合法定条件（自动审批演示）"
                else:
                    action, reason = BackOfficeActionKind.approve, "准予许可（自动审批演示）"
            try:
                with self.ctx.db.write() as conn:
                    act(conn, row["id"], action, AUTO_USER, self.ctx.now(), reason)
                moved += 1
            except ApiError:
                continue  # changed meanwhile; looked at again next round
        return moved
