"""Random actions by random roles: only legal transitions ever happen, history stays whole.

The expected behaviour is modelled here from DESIGN.md's table plus issue 3's two
back-office "request supplement" rows (DESIGN_ROWS | ISSUE_3_ROWS in test_transitions),
independently of `offline.domain.transitions.TRANSITIONS`; every
action goes through `mutations.apply_mutation`, strict like the platform.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from offline.domain.application import check_history, new_application_doc
from offline.domain.mutations import apply_mutation, new_mutation
from offline.domain.status import Role, Status
from tests.offline.domain.samples import intake
from tests.offline.domain.test_transitions import DESIGN_ROWS as _DESIGN
from tests.offline.domain.test_transitions import GOOD_DATA, ISSUE_3_ROWS, ISSUE_10_ROWS

DESIGN_ROWS = _DESIGN | ISSUE_3_ROWS | ISSUE_10_ROWS
# The supervisor's further supplement notice also needs the override reason.
NEEDS_OF_ROLE: dict[tuple[str, str, str], set[str]] = {
    ("received", "awaiting_supplement", "supervisor"): {"missing", "override_reason"},
}

# Data each move needs, per DESIGN.md (reason for withdrawals/denials/proposals, etc.).
NEEDS: dict[tuple[str | None, str], set[str]] = {
    ("received", "awaiting_supplement"): {"missing"},
    ("accepted", "awaiting_supplement"): {"missing"},
    ("under_review", "awaiting_supplement"): {"missing"},
    ("awaiting_supplement", "withdrawn"): {"reason"},
    ("received", "withdrawn"): {"reason"},
    ("accepted", "withdrawn"): {"reason"},
    ("received", "rejection_proposed"): {"reason"},
    ("rejection_proposed", "received"): {"comment"},
    ("under_review", "suspended"): {"reason"},
    ("under_review", "approved"): {"decision"},
    ("under_review", "denied"): {"decision", "reason"},
    ("approved", "delivered"): {"delivery"},
    ("denied", "delivered"): {"delivery"},
}
TERMINAL = {"withdrawn", "rejected", "delivered"}


class ApplicationLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.doc: dict[str, Any] = new_application_doc(**intake())
        self.tick = 0
        self.applied_ops: list[dict[str, Any]] = []
        self.start = copy.deepcopy(self.doc)
        self.log: list[dict[str, Any]] = []  # every mutation that changed the record

    def _at(self) -> str:
        self.tick += 1
        return f"2026-11-26T{self.tick // 3600 % 24:02d}:{self.tick // 60 % 60:02d}:" \
            f"{self.tick % 60:02d}+00:00"  # fmt: skip

    def _apply(self, m: dict[str, Any]) -> Any:
        before = copy.deepcopy(self.doc)
        result = apply_mutation(self.doc, m, strict=True)
        assert self.doc == before, "apply_mutation must not mutate its input"
        if result.outcome != "applied" or not result.changed:
            assert result.doc == before, "a refused mutation changes nothing"
        else:
            self.log.append(m)
        return result

    @rule(
        to=st.sampled_from(list(Status)),
        role=st.sampled_from(list(Role)),
        give=st.sets(st.sampled_from(sorted(GOOD_DATA))),
        stale=st.booleans(),
        stale_from=st.sampled_from(list(Status)),
    )
    def transition(
        self, to: Status, role: Role, give: set[str], stale: bool, stale_from: Status
    ) -> None:
        self._move(to, role, give, str(stale_from) if stale else None)

    @rule(pick=st.integers(0, 100), drop=st.sets(st.sampled_from(sorted(GOOD_DATA)), max_size=1))
    def legal_move(self, pick: int, drop: set[str]) -> None:
        """Mostly-legal moves so random runs reach deep states (review, delivery...)."""
        rows = sorted((r for r in DESIGN_ROWS if r[0] == self.doc["status"]), key=str)
        if rows:
            _, to, role = rows[pick % len(rows)]
            self._move(Status(to), Role(role), set(GOOD_DATA) - drop, None)

    def _move(self, target: Status, role: Role, give: set[str], stale_from: str | None) -> None:
        current = self.doc["status"]
        source = stale_from or current
        data = {k: GOOD_DATA[k] for k in give if k != "reason"}
        payload = {"from": source, "to": str(target), "data": data,
                   "reason": GOOD_DATA["reason"] if "reason" in give else None}  # fmt: skip
        m = new_mutation("transition", self.doc["id"], payload, actor=f"u-{role}", role=role,
                         at=self._at(), device_id="d", seq=len(self.applied_ops) + 1)  # fmt: skip
        result = self._apply(m)
        legal_row = (current, str(target), str(role)) in DESIGN_ROWS
        needs = NEEDS_OF_ROLE.get((current, str(target), str(role)))
        has_data = (needs or NEEDS.get((current, str(target)), set())) <= give
        if source != current:
            assert result.outcome == "conflict"
            return
        if legal_row and has_data:
            assert result.outcome == "applied", result.issues
            assert result.doc["status"] == target
            step = result.doc["history"][-1]
            assert (step["from"], step["to"], step["role"], step["op_id"]) == (
                current, str(target), str(role), m["op_id"]
            )  # fmt: skip
            assert len(result.doc["history"]) == len(self.doc["history"]) + 1
            self.doc = result.doc
            self.applied_ops.append(m)
        else:
            assert result.outcome == "rejected"
            if current in TERMINAL or not any(
                (current, str(target)) == (r[0], r[1]) for r in DESIGN_ROWS
            ):
                assert result.reason == "illegal_transition"
            elif not legal_row:
                assert result.reason == "forbidden"
            else:
                assert result.reason == "validation_failed"

    @precondition(lambda self: bool(self.applied_ops))
    @rule()
    def replay_last_transition(self) -> None:
        result = self._apply(self.applied_ops[-1])
        assert result.outcome == "applied" and result.doc == self.doc

    @rule(role=st.sampled_from(list(Role)), phone=st.sampled_from(["13900139000", "13800138000"]))
    def edit_phone(self, role: Role, phone: str) -> None:
        payload = {"fields": {"phone": phone}, "base": {"phone": self.doc["phone"]}}
        m = new_mutation("set_fields", self.doc["id"], payload, actor="u", role=role,
                         at=self._at())  # fmt: skip
        result = self._apply(m)
        if role is Role.BACK_OFFICE or self.doc["status"] in TERMINAL:
            assert result.outcome == "rejected"
        else:
            assert result.outcome == "applied" and result.doc["phone"] == phone
            assert result.doc["status"] == self.doc["status"]
            assert result.doc["history"] == self.doc["history"]
            self.doc = result.doc

    @rule(n=st.integers(0, 3))
    def add_note(self, n: int) -> None:
        note = {"id": f"n{n}", "text": f"备注{n}", "by": "u", "at": "2026-11-26T00:00:00+00:00"}
        m = new_mutation("add_note", self.doc["id"], {"note": note}, actor="u", role="clerk",
                         at=self._at())  # fmt: skip
        result = self._apply(m)
        assert result.outcome == "applied"
        assert [x["id"] for x in result.doc["notes"]].count(f"n{n}") == 1
        assert result.doc["history"] == self.doc["history"]
        self.doc = result.doc

    @invariant()
    def history_is_a_legal_chain(self) -> None:
        assert check_history(self.doc) == []
        for step in self.doc["history"][1:]:
            assert (step["from"], step["to"], step["role"]) in DESIGN_ROWS
        op_ids = [h["op_id"] for h in self.doc["history"]]
        assert len(op_ids) == len(set(op_ids))

    @invariant()
    def rebase_replay_reproduces_the_record(self) -> None:
        """Replaying every applied mutation non-strictly (the client's rebase) on the
        starting copy gives the same document, and replaying the newest one again (a pull
        that already shows it) changes nothing."""
        doc: dict[str, Any] = copy.deepcopy(self.start)
        for m in self.log:
            doc = apply_mutation(doc, m, strict=False).doc or doc
        assert doc == self.doc
        if self.log:
            assert apply_mutation(doc, self.log[-1], strict=False).doc == doc

    @invariant()
    def side_records_match_history(self) -> None:
        tos = [h["to"] for h in self.doc["history"]]
        open_spans = [s for s in self.doc["suspended"] if s["to"] is None]
        assert len(open_spans) == (1 if self.doc["status"] == "suspended" else 0)
        assert len(self.doc["suspended"]) == tos.count("suspended")
        assert (self.doc["accepted_at"] is not None) == ("accepted" in tos)
        assert (self.doc["decision"] is not None) == bool({"approved", "denied"} & set(tos))
        assert (self.doc["delivery"] is not None) == ("delivered" in tos)


ApplicationLife.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
TestApplicationLife = ApplicationLife.TestCase
