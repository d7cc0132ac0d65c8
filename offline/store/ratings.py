"""Store actions of the counter peripherals: a rating pad's rating (好差评) with its four
dimensions and the receipt number, a supervisor's follow-up (差评回访) of a poor rating,
and the applicant's signature image on the receipt (签名).

Each is one transaction through the same path as every clerk action (mutation, local
view, outbox, audit), so it is kept offline and pushed later. The follow-up list is
derived from the documents (`offline.domain.ratings.follow_ups`), never stored apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import uuid6

from offline.domain.errors import Issue, ValidationFailed
from offline.domain.ratings import FollowUp, follow_ups
from offline.store import attachments
from offline.store.actions import Actor, _at, _check_actor, _commit, _load
from offline.store.connection import Connection
from offline.store.due_claims import calendar as _calendar
from offline.store.jsonutil import loads
from offline.store.tx import transaction

SIGNATURE_TEXT = "申请人签名 / Applicant's signature"


def rate(
    conn: Connection,
    actor: Actor,
    record_id: str,
    stage: str,
    dimensions: Mapping[str, Any],
    comment: str = "",
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Record a rating from the pad: `dimensions` holds a level 1–5 for each of
    overall, efficiency, service and attitude; the score is the overall level."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        rating = {
            "id": str(uuid6.uuid7()),
            "stage": stage,
            "score": dimensions.get("overall") if isinstance(dimensions, Mapping) else None,
            "comment": comment,
            "at": at,
            "dimensions": dict(dimensions) if isinstance(dimensions, Mapping) else dimensions,
            "receipt_no": doc.get("receipt_no"),
        }
        detail = {"stage": stage, "score": rating["score"]}
        return _commit(conn, actor, "rate", record_id, {"rating": rating}, doc, at, detail)


def record_follow_up(
    conn: Connection,
    actor: Actor,
    record_id: str,
    rating_id: str,
    text: str,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A supervisor records the follow-up (回访/整改反馈) of one poor rating."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        note = {
            "id": str(uuid6.uuid7()),
            "text": text,
            "by": actor.user_id,
            "at": at,
            "kind": "follow_up",
            "rating_id": rating_id,
        }
        detail = {"kind": "follow_up", "rating_id": rating_id}
        return _commit(conn, actor, "add_note", record_id, {"note": note}, doc, at, detail)


def attach_signature(
    conn: Connection,
    actor: Actor,
    record_id: str,
    content: bytes,
    mime: str = "image/png",
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Keep the applicant's signature image with the application (encrypted like any
    attachment, uploaded resumably by sync) as a note of kind ``signature``."""
    _check_actor(actor)
    if not mime.startswith("image/"):
        raise ValidationFailed(
            Issue("signature", "invalid_payload", "签名应为图像", "A signature is an image")
        )
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        digest = attachments.put(conn, content, mime, at)
        note = {
            "id": str(uuid6.uuid7()),
            "text": SIGNATURE_TEXT,
            "by": actor.user_id,
            "at": at,
            "kind": "signature",
            "attachment": digest,
        }
        detail = {"kind": "signature"}
        return _commit(conn, actor, "add_note", record_id, {"note": note}, doc, at, detail)


def signature_of(doc: Mapping[str, Any]) -> str | None:
    """The sha256 of the latest signature image kept with this application, if any."""
    found = [
        n.get("attachment")
        for n in doc.get("notes") or []
        if isinstance(n, Mapping) and n.get("kind") == "signature"
    ]
    return str(found[-1]) if found else None


def open_follow_ups(conn: Connection, *, include_done: bool = False) -> list[FollowUp]:
    """Poor ratings of this office's applications awaiting a supervisor's follow-up
    (all of them with `include_done`), soonest due first; unknown due dates last."""
    calendar = _calendar(conn)
    rows = conn.execute(
        "SELECT a.doc FROM applications AS a WHERE EXISTS ("
        "SELECT 1 FROM json_each(a.doc, '$.ratings') AS r "
        "WHERE json_extract(r.value, '$.score') <= 2)"
    ).fetchall()
    found = [f for (text,) in rows for f in follow_ups(loads(text), calendar)]
    if not include_done:
        found = [f for f in found if f.open]
    far = date.max
    return sorted(found, key=lambda f: (f.due or far, f.rated_at))
