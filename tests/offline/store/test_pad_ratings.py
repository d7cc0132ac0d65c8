"""Store actions of the rating pad, 差评 follow-up and signature: one transaction each,
queued in the outbox like any clerk action, and refused without a trace when bad."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from offline.domain.errors import DomainError, ValidationFailed
from offline.store import ratings as pad
from offline.store.store import Store
from tests.fixtures.store import CLERK, SUPERVISOR, intake_fields

DIMS = {"overall": 1, "efficiency": 2, "service": 1, "attitude": 1}
RATED = datetime(2025, 9, 26, 2, 0, tzinfo=UTC)  # Fri 26 Sep 2025, 10:00 in Shanghai


def _outbox(store: Store) -> list[tuple[str, str]]:
    return [tuple(r) for r in store.conn.execute("SELECT kind, payload FROM outbox ORDER BY seq")]


def test_pad_rating_carries_dimensions_and_receipt_and_is_queued(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields(), now=RATED)
    rated = pad.rate(store.conn, CLERK, doc["id"], "acceptance", DIMS, "太慢", now=RATED)
    rating = rated["ratings"][-1]
    assert rating["score"] == 1 and rating["dimensions"] == DIMS
    assert rating["receipt_no"] == doc["receipt_no"]
    kinds = [k for k, _ in _outbox(store)]
    assert kinds == ["create", "rate"]
    assert store.get(doc["id"]) == rated


def test_poor_rating_opens_a_follow_up_until_the_supervisor_answers(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields(), now=RATED)
    rated = pad.rate(store.conn, CLERK, doc["id"], "acceptance", DIMS, now=RATED)
    pad.rate(store.conn, CLERK, doc["id"], "completion", {k: 5 for k in DIMS}, now=RATED)
    (item,) = pad.open_follow_ups(store.conn)
    assert item.receipt_no == doc["receipt_no"] and item.due == date(2025, 10, 23)
    with pytest.raises(DomainError):
        pad.record_follow_up(store.conn, CLERK, doc["id"], item.rating_id, "已回访")
    pad.record_follow_up(store.conn, SUPERVISOR, doc["id"], item.rating_id, "已电话回访整改")
    assert pad.open_follow_ups(store.conn) == []
    (done,) = pad.open_follow_ups(store.conn, include_done=True)
    assert done.done_at is not None and done.rating_id == rated["ratings"][0]["id"]


@pytest.mark.parametrize(
    "dims",
    [{"overall": 6, "efficiency": 2, "service": 1, "attitude": 1}, {"overall": 1}, "1111"],
)
def test_bad_dimensions_change_nothing(store: Store, dims: object) -> None:
    doc = store.intake(CLERK, **intake_fields())
    before = _outbox(store)
    with pytest.raises(ValidationFailed):
        pad.rate(store.conn, CLERK, doc["id"], "acceptance", dims)  # type: ignore[arg-type]
    assert _outbox(store) == before and store.get(doc["id"]) == doc


def test_signature_is_an_encrypted_attachment_uploaded_with_the_note(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    png = b"\x89PNG\r\n\x1a\nfake-but-bytes"
    signed = pad.attach_signature(store.conn, CLERK, doc["id"], png)
    sha = pad.signature_of(signed)
    assert sha is not None and store.read_blob(sha) == png
    assert [b[0] for b in store.pending_blobs()] == [sha]
    batch = [{"kind": k, "payload": json.loads(p)} for k, p in _outbox(store)]
    assert [b[0] for b in store.pending_blobs(batch)] == [sha]
    with pytest.raises(ValidationFailed):
        pad.attach_signature(store.conn, CLERK, doc["id"], b"x", "text/plain")
