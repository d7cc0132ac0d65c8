"""Clerk actions: each is ONE transaction writing the record, its outbox mutation and an
audit entry — or nothing at all.

The new local view is computed by `offline.domain.mutations.apply_mutation(strict=True)`,
the very function the platform applies and the rebase replays, so what the clerk sees is
what the platform will do. Input is checked by the domain first; any refusal raises the
domain's error (`ValidationFailed`, `IllegalTransition`, `PermissionDenied`) before or
inside the transaction, which then rolls back. Audit details carry kinds, paths and
statuses, never personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import uuid6

from offline.domain import clock, numbering
from offline.domain.application import material_entry, new_application_doc
from offline.domain.catalog import ServiceItem
from offline.domain.deadlines import due_horizon
from offline.domain.errors import (
    DomainError,
    IllegalTransition,
    Issue,
    PermissionDenied,
    ValidationFailed,
    raise_if,
)
from offline.domain.mutations import Applied, apply_mutation
from offline.domain.status import Role, Status
from offline.domain.validation import confirmations, normalize_person
from offline.store import audit, catalog, clock_guard, device, due_claims, outbox, signing, views
from offline.store.attachments import put as put_attachment
from offline.store.connection import Connection
from offline.store.errors import RecordNotFound
from offline.store.signing import Signer
from offline.store.tx import transaction


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in user's id and role (`clerk` or `supervisor`), and the key
    that signs their actions (the `Store` adds the signed-in user's unlocked key)."""

    user_id: str
    role: str
    signer: Signer | None = field(default=None, repr=False, compare=False)


_ERRORS: dict[str | None, type[DomainError]] = {
    "forbidden": PermissionDenied,
    "illegal_transition": IllegalTransition,
}


def _raise_refusal(result: Applied) -> None:
    error = _ERRORS.get(result.reason, ValidationFailed)
    issues = result.issues or [
        Issue(c.path, "conflict", f"{c.path} 已被修改", f"{c.path} changed meanwhile")
        for c in result.conflicts
    ]
    raise error(issues)


def _check_actor(actor: Actor) -> None:
    if actor.role not in (Role.CLERK, Role.SUPERVISOR) or not actor.user_id:
        raise PermissionDenied(
            Issue(
                "role",
                "forbidden",
                "只有窗口人员和窗口负责人可在本机操作",
                "Only clerks and supervisors act on this device",
            )
        )


def check_codes(office_code: str, terminal_code: str) -> None:
    """Validate registration codes with the domain's receipt number rules."""
    numbering.format_receipt_no(office_code, terminal_code, date(2000, 1, 1), 1)


def _item(conn: Connection, code: Any) -> ServiceItem:
    item = catalog.get_item(conn, code) if isinstance(code, str) else None
    if item is None:
        raise ValidationFailed(
            Issue("item_code", "unknown_item", "事项不存在或未同步", "Unknown service item")
        )
    return item


def _load(conn: Connection, record_id: str) -> dict[str, Any]:
    doc = views.read(conn, record_id)
    if doc is None:
        raise RecordNotFound(f"找不到办件 {record_id}", f"no application {record_id}")
    office = device.load(conn).office_code
    if doc.get("office_code") != office:
        raise PermissionDenied(
            Issue("office_code", "wrong_office", "不是本窗口的办件", "Not this office's record")
        )
    return doc


def _commit(
    conn: Connection,
    actor: Actor,
    kind: str,
    record_id: str,
    payload: dict[str, Any],
    doc: dict[str, Any] | None,
    at: str,
    detail: dict[str, Any],
    item: ServiceItem | None = None,
    op_id: str | None = None,
) -> dict[str, Any]:
    """Inside the open transaction: mutation → new view → outbox row → audit entry."""
    mutation = outbox.new_mutation(
        conn,
        kind=kind,
        record_id=record_id,
        actor=actor.user_id,
        role=actor.role,
        at=at,
        payload=payload,
        op_id=op_id,
    )
    result = apply_mutation(
        doc,
        mutation,
        strict=True,
        item=item,
        today=clock.local_date(datetime.fromisoformat(at)),
        # Only these kinds move a due date: an intake need not read the calendar.
        calendar=due_claims.calendar(conn) if item and kind in _CLOCK_KINDS else None,
    )
    if result.outcome != "applied" or result.doc is None:
        _raise_refusal(result)
    assert result.doc is not None
    views.write(conn, result.doc, "conflict" if _has_conflict(conn, record_id) else "pending")
    signature: dict[str, str] = {}
    if actor.signer is not None and actor.signer.user_id == actor.user_id:
        signature = signing.sign_mutation(conn, actor.signer, mutation)
    outbox.enqueue(conn, mutation)
    audit.append(
        conn,
        at=at,
        actor=actor.user_id,
        action=f"application.{kind}",
        record_id=record_id,
        op_id=mutation["op_id"],
        detail={"seq": mutation["seq"], **detail, **signature},
    )
    return result.doc


_CLOCK_KINDS = frozenset({"transition", "extend"})


def _has_conflict(conn: Connection, record_id: str) -> bool:
    return views.sync_state_of(conn, record_id) == "conflict"


def _at(now: datetime | None) -> str:
    return clock.to_iso(now or clock.now_utc())


def next_serial(conn: Connection, day: date, terminal_code: str) -> int:
    """Consume the terminal's next daily receipt serial (caller's transaction)."""
    row = conn.execute(
        "INSERT INTO receipt_serials (day, terminal_code, last_serial) VALUES (?, ?, 1) "
        "ON CONFLICT (day, terminal_code) DO UPDATE SET last_serial = last_serial + 1 "
        "RETURNING last_serial",
        (day.isoformat(), terminal_code),
    ).fetchone()
    return int(row[0])


def intake(
    conn: Connection,
    actor: Actor,
    *,
    item_code: str,
    applicant: Mapping[str, Any],
    phone: str,
    address: str | None = None,
    form: Mapping[str, Any] | None = None,
    materials: list[Mapping[str, Any]] | None = None,
    agent: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    ticket: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Receive a new application (收件): assigns its final receipt number
    (office-terminal-date-serial) in the same transaction, so a serial is never reused by
    two committed records, also after a crash mid-transaction."""
    _check_actor(actor)
    clock_guard.check_clock(conn)  # the device clock, also when `now` backdates a seed
    at = _at(now)
    item = _item(conn, item_code)
    with transaction(conn):
        dev = device.require_registered(conn)
        assert dev.office_code is not None and dev.terminal_code is not None
        day = clock.local_date(datetime.fromisoformat(at))
        while True:  # skip numbers already held (e.g. pulled back after a restore)
            serial = next_serial(conn, day, dev.terminal_code)
            receipt_no = numbering.format_receipt_no(
                dev.office_code, dev.terminal_code, day, serial
            )
            if not conn.execute(
                "SELECT 1 FROM applications WHERE receipt_no = ?", (receipt_no,)
            ).fetchone():
                break
        record_id, op_id = str(uuid6.uuid7()), str(uuid6.uuid7())
        doc = new_application_doc(
            item=item,
            applicant=applicant,
            phone=phone,
            office_code=dev.office_code,
            receipt_no=receipt_no,
            clerk_id=actor.user_id,
            device_id=dev.device_id,
            at=datetime.fromisoformat(at),
            agent=agent,
            address=address,
            form=form,
            materials=materials or (),
            record_id=record_id,
            op_id=op_id,
            today=day,
            ticket=ticket,
        )
        return _commit(
            conn,
            actor,
            "create",
            record_id,
            {"doc": doc},
            None,
            at,
            {"item_code": item.code, "receipt_no": receipt_no, **confirmations(applicant, agent)},
            item,
            op_id=op_id,
        )


def due_cutoff(conn: Connection, working_days: int, today: date | None) -> date:
    """The last date counted as "due within `working_days` working days" of `today`
    (the domain's `due_horizon`; raises CalendarUnknown beyond the known calendar)."""
    return due_horizon(today or clock.today_local(), working_days, due_claims.calendar(conn))


def transition(
    conn: Connection,
    actor: Actor,
    record_id: str,
    to: str,
    *,
    reason: str | None,
    data: dict[str, Any],
    now: datetime | None = None,
) -> dict[str, Any]:
    """Change status (checked against the domain's one transition table). Accepting
    stores the law's due date (`case_deadline`); the mutation carries it for replays."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        item = catalog.get_item(conn, doc["item_code"])
        if to == Status.ACCEPTED and item is not None:
            draft = {"from": doc["status"], "to": to, "reason": reason, "data": data}
            claim = due_claims.predicted_due(
                conn, doc, "transition", draft, actor=actor.user_id, role=actor.role, at=at,
                item=item,
            )  # fmt: skip
            data = {**data, "due_date": claim}
        payload = {"from": doc["status"], "to": to, "reason": reason, "data": data}
        return _commit(
            conn,
            actor,
            "transition",
            record_id,
            payload,
            doc,
            at,
            # a further supplement notice by a supervisor is an override (行政许可法 32(4))
            {"from": doc["status"], "to": to, "override": bool(data.get("override_reason"))},
            item,
        )


def set_fields(
    conn: Connection,
    actor: Actor,
    record_id: str,
    fields: dict[str, Any],
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Change clerk-entered fields; the base values are the current local view's."""
    from offline.domain.mutations import get_path

    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        if "applicant.cert_no" in fields and isinstance(fields["applicant.cert_no"], str):
            fields = {
                **fields,
                "applicant.cert_no": normalize_person({"cert_no": fields["applicant.cert_no"]})[
                    "cert_no"
                ],
            }
        base = {path: get_path(doc, path) for path in fields}
        item = catalog.get_item(conn, doc["item_code"])
        return _commit(
            conn,
            actor,
            "set_fields",
            record_id,
            {"fields": fields, "base": base},
            doc,
            at,
            {"paths": sorted(fields)},
            item,
        )


def add_material(
    conn: Connection,
    actor: Actor,
    record_id: str,
    material: dict[str, Any],
    *,
    content: bytes | None,
    mime: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Append a received material; a scan goes into the encrypted attachment table."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        item = _item(conn, doc["item_code"])
        entry = material_entry(item, material, at=at, by=actor.user_id)
        raise_if(_material_issues(item, entry))
        if content is not None:
            entry["attachment"] = put_attachment(conn, content, mime, at)
        return _commit(
            conn,
            actor,
            "add_material",
            record_id,
            {"material": entry},
            doc,
            at,
            {"code": entry["code"], "attachment": entry["attachment"] is not None},
        )


def _material_issues(item: ServiceItem, entry: Mapping[str, Any]) -> list[Issue]:
    from offline.domain.validation import validate_materials

    return validate_materials(item, [entry], False)


def add_note(
    conn: Connection, actor: Actor, record_id: str, text: str, *, now: datetime | None = None
) -> dict[str, Any]:
    """Append a note (备注); the text is refused, not cleaned, if it breaks the rules."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        note = {"id": str(uuid6.uuid7()), "text": text, "by": actor.user_id, "at": at}
        return _commit(conn, actor, "add_note", record_id, {"note": note}, doc, at, {})


def rate(
    conn: Connection,
    actor: Actor,
    record_id: str,
    stage: str,
    score: int,
    comment: str,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Record the applicant's rating (好差评), given at the counter or later offline."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        rating = {
            "id": str(uuid6.uuid7()),
            "stage": stage,
            "score": score,
            "comment": comment,
            "at": at,
        }
        return _commit(
            conn,
            actor,
            "rate",
            record_id,
            {"rating": rating},
            doc,
            at,
            {"stage": stage, "score": score},
        )


def reassign(
    conn: Connection, actor: Actor, record_id: str, clerk_id: str, *, now: datetime | None = None
) -> dict[str, Any]:
    """Give the application to another clerk (窗口负责人 only)."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        payload = {"clerk_id": clerk_id, "base": doc.get("clerk_id")}
        return _commit(
            conn,
            actor,
            "reassign",
            record_id,
            payload,
            doc,
            at,
            {"from": doc.get("clerk_id"), "to": clerk_id},
        )
