"""Rating pad (好差评评价器): after acceptance or delivery the applicant rates the service.

A :class:`RatingPad` shows the question on its own screen and answers the applicant's
choice: a level 1–5 (GB/T 39734-2020: 非常满意 … 非常不满意) for each of the four
dimensions, and an optional comment — or None when the applicant declines (rating is
voluntary). The call blocks until the applicant answers; callers run it off the UI
thread. Sources:

* :class:`HttpRatingPad` — a vendor's local service: ``POST {base}/rate`` with
  ``{"receipt_no", "stage", "dimensions": ["overall", "efficiency", "service",
  "attitude"]}`` answers ``{"dimensions": {...: 1-5}, "comment": "..."}`` or
  ``{"declined": true}``.
* :class:`SimulatedRatingPad` — answers from a list, for demo and tests.
* :class:`RatingDialog` — the applicant rates on a screen turned towards them, the
  fallback when no pad works.

:class:`RatingFlow` asks and records the answer in the store (queued offline like any
action); a poor overall level opens the supervisor's follow-up (差评回访).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from offline.domain.errors import BilingualError, DomainError
from offline.domain.ratings import DIMENSIONS, LEVELS
from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.intake.runner import ThreadRunner

Answer = dict[str, Any]  # {"dimensions": {dimension: level}, "comment": str}


class RatingPadError(BilingualError):
    """The pad did not answer; the clerk may offer the on-screen form or move on."""


@runtime_checkable
class RatingPad(Protocol):
    name: str

    def ask(self, receipt_no: str, stage: str) -> Answer | None:
        """The applicant's answer, or None when they decline; raise RatingPadError."""
        ...


def check_answer(answer: Any) -> Answer | None:
    """A pad's answer in the store's shape; anything malformed is a RatingPadError."""
    if isinstance(answer, Mapping) and answer.get("declined") is True:
        return None
    dims = answer.get("dimensions") if isinstance(answer, Mapping) else None
    comment = answer.get("comment", "") if isinstance(answer, Mapping) else ""
    if (
        not isinstance(dims, Mapping)
        or set(dims) != set(DIMENSIONS)
        or not all(type(v) is int and v in LEVELS for v in dims.values())
        or not isinstance(comment, str)
    ):
        raise RatingPadError("bad_answer", "评价器返回的数据无效", "The rating pad sent bad data")
    return {"dimensions": dict(dims), "comment": comment}


class HttpRatingPad:
    name = "评价器（本机服务）/ Rating pad (local service)"

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def ask(self, receipt_no: str, stage: str) -> Answer | None:
        body = {"receipt_no": receipt_no, "stage": stage, "dimensions": list(DIMENSIONS)}
        request = urllib.request.Request(
            self.base_url + "/rate",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise RatingPadError(
                "pad_unreachable",
                "评价器无响应，可改用屏幕评价或跳过",
                f"The rating pad did not answer ({type(exc).__name__}); rate on screen or skip",
            ) from None
        return check_answer(answer)


class SimulatedRatingPad:
    """Answers from `answers` in turn (None = declined); all 非常满意 when it runs out."""

    name = "模拟评价器（演示）/ Simulated rating pad (demo)"

    def __init__(self, answers: list[Answer | None] | None = None) -> None:
        self.answers = list(answers or [])
        self.asked: list[tuple[str, str]] = []
        self.fail_next = False

    def ask(self, receipt_no: str, stage: str) -> Answer | None:
        self.asked.append((receipt_no, stage))
        if self.fail_next:
            self.fail_next = False
            raise RatingPadError("pad_unreachable", "评价器无响应", "The rating pad did not answer")
        if self.answers:
            return check_answer(self.answers.pop(0) or {"declined": True})
        return {"dimensions": dict.fromkeys(DIMENSIONS, 5), "comment": ""}


class RatingDialog(QDialog):
    """The four dimensions with the five levels, on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Please rate our service"))
        form = QFormLayout(self)
        self.levels: dict[str, QComboBox] = {}
        labels = {
            "overall": self.tr("Overall"),
            "efficiency": self.tr("Efficiency"),
            "service": self.tr("Service level"),
            "attitude": self.tr("Attitude"),
        }
        names = {
            5: self.tr("Very satisfied"),
            4: self.tr("Satisfied"),
            3: self.tr("Fairly satisfied"),
            2: self.tr("Dissatisfied"),
            1: self.tr("Very dissatisfied"),
        }
        for key in DIMENSIONS:
            box = QComboBox()
            box.setObjectName(f"rating_{key}")
            for level in sorted(LEVELS, reverse=True):
                box.addItem(names[level], level)
            self.levels[key] = box
            form.addRow(labels[key], box)
        self.comment = QLineEdit()
        self.comment.setMaxLength(500)
        form.addRow(self.tr("Comment (optional)"), self.comment)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def answer(self) -> Answer:
        dims = {key: int(box.currentData()) for key, box in self.levels.items()}
        return {"dimensions": dims, "comment": self.comment.text()}


class RatingFlow(QObject):
    """Ask the pad, then record the rating; ``done`` carries the saved document, or
    None when the applicant declined; ``failed`` carries a message for the clerk."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self, pad: RatingPad, store: StoreThread[Store], actor: Actor, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.pad, self.store, self.actor = pad, store, actor
        self._runner = ThreadRunner(self)

    def ask(self, doc: Mapping[str, Any], stage: str) -> None:
        record_id, receipt_no = str(doc["id"]), str(doc.get("receipt_no", ""))
        pad = self.pad
        self._runner.run(
            lambda: pad.ask(receipt_no, stage),
            lambda answer: self.record(record_id, stage, answer),
            self._failed,
            owner=self,
        )

    def record(self, record_id: str, stage: str, answer: Answer | None) -> None:
        """Store an answer (from the pad or :class:`RatingDialog`)."""
        if answer is None:
            self.done.emit(None)
            return
        actor = self.actor

        def save(store: Store) -> dict[str, Any]:
            return store.rate_on_pad(
                actor, record_id, stage, answer["dimensions"], answer["comment"]
            )

        self._runner.run(
            lambda: self.store.call_blocking(save), self.done.emit, self._failed, owner=self
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, BilingualError | DomainError):
            self.failed.emit(str(exc))
        else:
            self.failed.emit(self.tr("The rating could not be recorded; see the log."))

    def shutdown(self) -> None:
        self._runner.shutdown()


SETTING = "peripherals/rating_pad"


def rating_pad_from_settings() -> RatingPad | None:
    """The pad set in ``peripherals/rating_pad``: a local service URL or ``simulated``."""
    from PySide6.QtCore import QSettings

    value = str(QSettings().value(SETTING, "", type=str))
    if value == "simulated":
        return SimulatedRatingPad()
    return HttpRatingPad(value) if value else None


def ask_after_acceptance(
    wizard: Any, store: StoreThread[Store], actor: Actor, pad: RatingPad
) -> RatingFlow:
    """When the wizard saves an accepted application, the pad asks the applicant; the
    outcome is shown in the wizard's info line and never blocks the next intake."""
    flow = RatingFlow(pad, store, actor, wizard)

    def submitted(doc: dict[str, Any]) -> None:
        if doc.get("status") == "accepted":
            flow.ask(doc, "acceptance")

    wizard.submitted.connect(submitted)
    flow.failed.connect(wizard.info.setText)
    wizard.destroyed.connect(lambda *_: flow.shutdown())
    return flow
