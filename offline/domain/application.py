"""Building and checking application documents (办件) in the CONTRACTS.md shape.

`new_application_doc` turns intake input into a complete, validated document with
status `received` and its first history entry; `validate_document` re-checks a
document received from elsewhere (the platform runs it on every `create`). Helpers read
the parts other rules need (suspensions, acceptance time) without knowing the shape.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import uuid6

from offline.domain.catalog import ServiceItem
from offline.domain.clock import parse_iso, to_iso
from offline.domain.errors import Issue, ValidationFailed
from offline.domain.identity import GB11643_TYPES, id_number_facts
from offline.domain.json_numbers import check_json_numbers
from offline.domain.numbering import check_query_password, check_receipt_no, new_query_password
from offline.domain.status import Role, Status
from offline.domain.text import check_text
from offline.domain.tickets import check_ticket
from offline.domain.transitions import find_transition
from offline.domain.validation import (
    ADDRESS_MAX,
    check_phone,
    normalize_person,
    normalize_phone,
    validate_agent,
    validate_applicant,
    validate_form,
    validate_materials,
)


def new_id() -> str:
    """A fresh UUIDv7 string (record ids, op_ids, material/note/rating ids)."""
    return str(uuid6.uuid7())


def _with_facts(person: Mapping[str, Any]) -> dict[str, Any]:
    """Normalised copy; a GB 11643 number (ID card, household register, residence
    permit) also fills in sex and birth date."""
    out = normalize_person(person)
    if out.get("kind", "person") == "legal":
        return out  # legal_rep keeps the contract's {name, cert_type, cert_no}
    out.setdefault("kind", "person")
    out.setdefault("legal_rep", None)
    if out.get("cert_type") in GB11643_TYPES:  # validated: the number has a real date
        sex, born = id_number_facts(out["cert_no"])
        out["sex"] = out.get("sex") or sex
        out["birth_date"] = out.get("birth_date") or born  # equal when given (validated)
    return out


def material_entry(
    item: ServiceItem, received: Mapping[str, Any], *, at: str, by: str
) -> dict[str, Any]:
    """A document material entry from what the clerk recorded (`code`, counts, form,
    optional `attachment` sha256 and `id`)."""
    spec = item.material(str(received.get("code")))
    default_form = "paper" if spec is None or spec.form == "both" else spec.form
    return {
        "id": received.get("id") or new_id(),
        "code": received.get("code"),
        "name": spec.name if spec else received.get("name", ""),
        "originals": received.get("originals", 0),
        "copies": received.get("copies", 0),
        "form": received.get("form") or default_form,
        "attachment": received.get("attachment"),
        "added_at": at,
        "by": by,
    }


def new_application_doc(
    *,
    item: ServiceItem,
    applicant: Mapping[str, Any],
    phone: str,
    office_code: str,
    receipt_no: str,
    clerk_id: str,
    device_id: str,
    at: datetime,
    agent: Mapping[str, Any] | None = None,
    address: str | None = None,
    form: Mapping[str, Any] | None = None,
    materials: Iterable[Mapping[str, Any]] = (),
    query_password: str | None = None,
    record_id: str | None = None,
    op_id: str | None = None,
    today: date | None = None,
    ticket: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A validated new document (status `received`); raises ValidationFailed listing every
    problem. Certificate numbers and the phone are stored normalised; sex and birth date
    are filled from a resident ID number."""
    materials = list(materials)
    issues: list[Issue] = []
    if not item.active:
        issues.append(Issue("item", "inactive_item", "该事项已停用", "This service is not active"))
    issues += validate_applicant(applicant, today=today)
    issues += validate_agent(agent, today=today)
    issues += check_phone(phone, required=True)
    issues += check_text(address, "address", max_length=ADDRESS_MAX, label=("地址", "Address"))
    issues += validate_form(item, form or {})
    issues += validate_materials(item, materials, for_acceptance=False)
    issues += check_receipt_no(receipt_no)
    if query_password is not None:
        issues += check_query_password(query_password)
    issues += check_ticket(ticket)
    if issues:
        raise ValidationFailed(issues)
    stamp = to_iso(at)
    doc = {
        "id": record_id or new_id(),
        "office_code": office_code,
        "receipt_no": receipt_no,
        "query_password": query_password or new_query_password(),
        "item_code": item.code,
        "item_name": item.name,
        "applicant": _with_facts(applicant),
        "agent": None if agent is None else _with_facts(agent),
        "phone": normalize_phone(phone),
        "address": address,
        "form": copy.deepcopy(dict(form or {})),
        "materials": [material_entry(item, m, at=stamp, by=clerk_id) for m in materials],
        "status": str(Status.RECEIVED),
        "clerk_id": clerk_id,
        "device_id": device_id,
        "received_at": stamp,
        "accepted_at": None,
        "due_date": None,
        "suspended": [],
        "history": [
            {
                "from": None,
                "to": str(Status.RECEIVED),
                "by": clerk_id,
                "role": str(Role.CLERK),
                "at": stamp,
                "reason": None,
                "op_id": op_id,
            }
        ],
        "notes": [],
        "ratings": [],
        "supplement": None,
        "decision": None,
        "delivery": None,
        "platform_case_no": None,
        "version": 0,
        "updated_at": stamp,
    }
    if ticket is not None:  # queue ticket (叫号), see offline.domain.tickets
        doc["ticket"] = dict(ticket)
    return doc


def validate_document(
    doc: Mapping[str, Any], item: ServiceItem, *, today: date | None = None
) -> list[Issue]:
    """Every problem of a document against its item: the one strict check of a new
    record, run by the store's intake and by the platform on every pushed `create` (both
    through `mutations.apply_mutation(strict=True)`), so the device never keeps a record
    the platform would refuse."""
    issues: list[Issue] = []
    if doc.get("item_code") != item.code:
        issues.append(Issue("item_code", "unknown_item", "事项编码不符", "Item code mismatch"))
    issues += validate_applicant(doc.get("applicant"), today=today)
    issues += validate_agent(doc.get("agent"), today=today)
    issues += check_phone(doc.get("phone"), required=True)
    issues += check_text(doc.get("address"), "address", max_length=ADDRESS_MAX)
    issues += validate_form(item, doc.get("form") or {})
    issues += validate_materials(item, doc.get("materials") or [], for_acceptance=False)
    issues += check_receipt_no(str(doc.get("receipt_no")))
    issues += check_query_password(str(doc.get("query_password")))
    issues += check_history(doc)
    issues += check_ticket(doc.get("ticket"))
    issues += check_json_numbers(doc, "doc")
    return issues


def check_history(doc: Mapping[str, Any]) -> list[Issue]:
    """The status history is a chain of legal transitions ending in the current status."""
    previous: str | None = None
    for i, step in enumerate(doc.get("history") or []):
        row = find_transition(step.get("from"), step.get("to"), step.get("role"))
        if step.get("from") != previous or row is None:
            return [
                Issue(
                    f"history[{i}]",
                    "bad_history",
                    "状态历史中有不合法的变更",
                    "The status history holds an illegal step",
                )
            ]
        previous = step.get("to")
    if previous != doc.get("status"):
        return [
            Issue("history", "bad_history", "状态历史与当前状态不符", "History and status differ")
        ]
    return []


def suspensions(doc: Mapping[str, Any]) -> list[tuple[datetime, datetime | None]]:
    """The document's suspended periods (挂起) as instants; an open one ends in None."""
    return [
        (parse_iso(s["from"]), None if s.get("to") is None else parse_iso(s["to"]))
        for s in doc.get("suspended") or []
    ]


def accepted_at(doc: Mapping[str, Any]) -> datetime | None:
    value = doc.get("accepted_at")
    return None if value is None else parse_iso(value)
