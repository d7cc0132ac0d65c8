"""Status snapshots, listeners, warnings and failure diagnosis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sync.diagnosis import FailureTracker, Policy, warnings_for
from sync.messages import error, refusal
from sync.status import StatusBoard, SyncStatus

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)


def test_never_settled_while_anything_is_pending() -> None:
    s = SyncStatus(online=True, pending=1, last_success_at=NOW)
    assert not s.settled
    assert SyncStatus(online=True, pending=0, last_success_at=NOW).settled
    assert not SyncStatus(online=True, pending=0, last_success_at=NOW, running=True).settled
    assert not SyncStatus(pending=0, last_success_at=NOW, last_error=error("offline")).settled
    assert not SyncStatus(pending=0).settled  # never synced is not success


def test_oldest_pending_age_and_json() -> None:
    s = SyncStatus(pending=2, oldest_pending_at=NOW - timedelta(minutes=5))
    assert s.oldest_pending_age(NOW) == 300
    assert SyncStatus(pending=0, oldest_pending_at=NOW).oldest_pending_age(NOW) is None
    d = SyncStatus(last_error=error("timeout")).to_dict()
    assert d["last_error"]["code"] == "timeout" and d["settled"] is False
    assert "超时" in d["last_error"]["zh"]


def test_board_notifies_only_on_change_and_unsubscribes() -> None:
    board = StatusBoard()
    seen: list[SyncStatus] = []
    unsubscribe = board.subscribe(seen.append)
    board.update(pending=3)
    board.update(pending=3)
    board.update(online=True)
    assert [s.pending for s in seen] == [0, 3, 3] and seen[-1].online is True
    unsubscribe()
    board.update(pending=0)
    assert len(seen) == 3


def test_warnings_offline_too_long_and_too_many_pending() -> None:
    policy = Policy(max_offline=timedelta(days=2), max_pending=10)
    s = SyncStatus(online=False, last_success_at=NOW - timedelta(days=3), pending=11)
    codes = [w.code for w in warnings_for(s, NOW, policy)]
    assert codes == ["offline_too_long", "too_many_pending"]
    fresh = SyncStatus(online=False, last_success_at=NOW - timedelta(days=1), pending=10)
    assert warnings_for(fresh, NOW, policy) == ()
    review = SyncStatus(online=True, conflicts=1)
    assert [w.code for w in warnings_for(review, NOW, policy)] == ["needs_review"]


def test_failure_tracker_gives_a_human_reason_after_threshold() -> None:
    tracker = FailureTracker(Policy(failure_threshold=3))
    assert tracker.record("op1", "unknown_item") is None
    assert tracker.record("op1", "unknown_item") is None
    reason = tracker.record("op1", "unknown_item")
    assert reason is not None
    assert reason.en == "platform refuses: the service item code is retired or unknown"
    assert reason.zh.startswith("平台拒绝")
    tracker.clear("op1")
    assert tracker.count("op1") == 0
    assert refusal(None).code == "unknown"
