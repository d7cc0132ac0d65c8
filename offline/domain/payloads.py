"""Shape checks for mutations (the outbox rows that become push payloads).

`validate_mutation(kind, payload)` is what the platform runs before applying anything,
so a malformed push is refused with reason `invalid_payload` and never half-applied.
It checks shapes and context-free values only; rules that need the record or the
service item (form schema, materials for acceptance) run in `mutations.apply_mutation`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeGuard

from offline.domain import ratings
from offline.domain.clock import parse_iso
from offline.domain.errors import Issue, ValidationFailed
from offline.domain.json_numbers import check_json_numbers
from offline.domain.status import Role, Status
from offline.domain.text import check_text, is_one_of
from offline.domain.validation import (
    COUNT_MAX,
    PERSON_FLAGS,
    SAFE_INTEGER,
    check_phone,
    validate_agent,
)

NOTE_MAX = 2000
ADDRESS_MAX = 200
NAME_MAX = 100


class Kind(StrEnum):
    CREATE = "create"
    SET_FIELDS = "set_fields"
    TRANSITION = "transition"
    ADD_MATERIAL = "add_material"
    ADD_NOTE = "add_note"
    RATE = "rate"
    REASSIGN = "reassign"
    EXTEND = "extend"  # 行政许可法 第四十二条 (offline.domain.extension)


# Append-only kinds: payload key → document list.
APPEND_ONLY: dict[Kind, tuple[str, str]] = {
    Kind.ADD_MATERIAL: ("material", "materials"),
    Kind.ADD_NOTE: ("note", "notes"),
    Kind.RATE: ("rating", "ratings"),
}

APPLICANT_PATHS = frozenset(
    {"kind", "name", "cert_type", "cert_no", "legal_rep", "sex", "birth_date", *PERSON_FLAGS}
)
# Sequence numbers stay within SQLite's and every JSON reader's exact integers.
SEQ_MAX = SAFE_INTEGER
TOP_PATHS = frozenset({"phone", "address", "agent"})
_FORM_KEY = re.compile(r"form\.[a-z][a-z0-9_]{0,39}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_FLAG_PATHS = frozenset(f"applicant.{flag}" for flag in PERSON_FLAGS)
_KINDS = frozenset(str(k) for k in Kind)
_ROLES = frozenset(str(r) for r in Role)
_CREATE = str(Kind.CREATE)
_RECEIVED = str(Status.RECEIVED)  # a plain str: no enum attribute look-up per create


def settable(path: str) -> bool:
    """May `set_fields` change this path? (`phone`, `address`, `agent`,
    `applicant.<name|cert_type|cert_no|legal_rep|sex|birth_date|kind>`, `form.<key>`)."""
    if path in TOP_PATHS or _FORM_KEY.fullmatch(path):
        return True
    head, _, tail = path.partition(".")
    return head == "applicant" and tail in APPLICANT_PATHS


def _bad(field: str, zh: str, en: str, code: str = "invalid_payload") -> Issue:
    return Issue(field, code, zh, en)


def _is_map(value: Any) -> TypeGuard[Mapping[str, Any]]:
    """`isinstance(value, Mapping)`, with JSON's dict answered before the ABC check."""
    return type(value) is dict or isinstance(value, Mapping)


def _nonblank(value: Any) -> bool:
    """Text with a non-whitespace character (`str.strip` and `str.isspace` share one
    definition of whitespace, so this is `bool(value.strip())` without the copy)."""
    return isinstance(value, str) and value != "" and not value.isspace()


def check_envelope(mutation: Any) -> list[Issue]:
    """The fields around the payload: op_id, kind, record_id, actor, role, at, payload."""
    if not _is_map(mutation):
        return [_bad("mutation", "变更记录格式错误", "Malformed mutation")]
    issues = [
        _bad(key, f"缺少{key}", f"Missing {key}")
        for key in ("op_id", "record_id", "actor", "at")
        if not _nonblank(mutation.get(key))
    ]
    if not is_one_of(mutation.get("kind"), _KINDS):
        issues.append(_bad("kind", "未知的变更类型", f"Unknown kind {mutation.get('kind')!r}"))
    if not is_one_of(mutation.get("role"), _ROLES):
        issues.append(_bad("role", "未知角色", f"Unknown role {mutation.get('role')!r}"))
    seq = mutation.get("seq")
    if seq is not None and (
        isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= SEQ_MAX
    ):
        issues.append(_bad("seq", "序号应为正整数", "seq must be a positive integer"))
    if not _is_map(mutation.get("payload")):
        issues.append(_bad("payload", "缺少变更内容", "Missing payload"))
    if _nonblank(mutation.get("at")):
        try:
            parse_iso(mutation["at"])
        except ValidationFailed as exc:
            issues += exc.issues
    return issues


def validate_mutation(kind: str, payload: Any) -> list[Issue]:
    """Issues with the payload of a mutation of `kind` (empty list = well-formed)."""
    if not _is_map(payload):
        return [_bad("payload", "变更内容格式错误", "Payload must be an object")]
    check = _CHECKS.get(kind) if isinstance(kind, str) else None
    if check is None:
        return [_bad("kind", "未知的变更类型", f"Unknown kind {kind!r}")]
    issues = check(payload)
    if kind != _CREATE:  # a create's document is walked by `validate_document`
        issues += check_json_numbers(payload, "payload")
    return issues


def _check_create(payload: Mapping[str, Any]) -> list[Issue]:
    doc = payload.get("doc")
    if not _is_map(doc):
        return [_bad("doc", "缺少办件内容", "Missing application document")]
    issues = [
        _bad(f"doc.{key}", f"缺少{key}", f"Missing {key}")
        for key in ("id", "office_code", "receipt_no", "item_code", "clerk_id", "received_at")
        if not _nonblank(doc.get(key))
    ]
    if doc.get("status") != _RECEIVED:
        issues.append(_bad("doc.status", "新办件状态应为已收件", "A new record is 'received'"))
    history = doc.get("history")
    if not (
        isinstance(history, list)
        and len(history) == 1
        and _is_map(history[0])
        and history[0].get("from") is None
        and history[0].get("to") == _RECEIVED
    ):
        issues.append(
            _bad("doc.history", "新办件历史记录错误", "A new record has one history entry")
        )
    for key in ("materials", "notes", "ratings", "suspended"):
        if not isinstance(doc.get(key, []), list):
            issues.append(_bad(f"doc.{key}", "应为列表", f"{key} must be a list"))
    if not _is_map(doc.get("applicant")):
        issues.append(_bad("doc.applicant", "缺少申请人", "Missing applicant"))
    if not _is_map(doc.get("form", {})):
        issues.append(_bad("doc.form", "表单应为对象", "form must be an object"))
    return issues


def check_field_value(path: str, value: Any) -> list[Issue]:
    """Context-free checks of one `set_fields` value (form values need the item)."""
    if path == "phone":
        return check_phone(value, path, required=True)
    if path == "address":
        return check_text(value, path, max_length=ADDRESS_MAX, label=("地址", "Address"))
    if path == "agent":
        return validate_agent(value, path)
    if path == "applicant.name":
        return check_text(value, path, max_length=NAME_MAX, required=True, label=("姓名", "Name"))
    if path == "applicant.sex" and value not in (None, "男", "女"):
        return [_bad(path, "性别应为男或女", "Sex must be 男 or 女", "bad_sex")]
    if path == "applicant.birth_date" and not (value is None or _is_date(value)):
        return [_bad(path, "出生日期格式错误", "Malformed birth date", "bad_date")]
    if path in _FLAG_PATHS and not (value is None or isinstance(value, bool)):
        return [_bad(path, "应为是或否", "Must be true or false", "bad_flag")]
    if path.startswith("form.") and isinstance(value, str):
        return check_text(value, path, max_length=2000)
    return []


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and _DATE.fullmatch(value) is not None


def _check_set_fields(payload: Mapping[str, Any]) -> list[Issue]:
    fields, base = payload.get("fields"), payload.get("base")
    if not _is_map(fields) or not fields:
        return [_bad("fields", "缺少要修改的字段", "No fields to set")]
    if not _is_map(base):
        return [_bad("base", "缺少修改前的值", "Missing base values")]
    issues: list[Issue] = []
    for path, value in fields.items():
        if not isinstance(path, str) or not settable(path):
            issues.append(_bad(str(path), "此字段不能修改", f"Field {path!r} cannot be set"))
            continue
        if path not in base:
            issues.append(_bad(path, "缺少此字段修改前的值", f"Missing base value for {path}"))
        issues += check_field_value(path, value)
    return issues


def _check_transition(payload: Mapping[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    if not is_one_of(payload.get("from"), set(Status)):
        issues.append(_bad("from", "原状态无效", "Invalid 'from' status"))
    if not is_one_of(payload.get("to"), set(Status)):
        issues.append(_bad("to", "目标状态无效", "Invalid 'to' status"))
    reason = payload.get("reason")
    if reason is not None and not isinstance(reason, str):
        issues.append(_bad("reason", "理由应为文本", "reason must be text"))
    data = payload.get("data", {})
    if not _is_map(data):
        issues.append(_bad("data", "附加数据应为对象", "data must be an object"))
    elif data.get("due_date") is not None and not _is_date(data["due_date"]):
        issues.append(_bad("data.due_date", "办结时限日期格式错误", "Malformed due_date"))
    elif not _str_list(data.get("applying", [])):
        issues.append(_bad("data.applying", "适用材料应为编码列表", "applying: list of codes"))
    return issues


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _count_ok(value: Any) -> bool:
    """The same bound as intake (`validation.COUNT_MAX`): an int, never a bool or float."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= COUNT_MAX


def _check_material(payload: Mapping[str, Any]) -> list[Issue]:
    material = payload.get("material")
    if not _is_map(material):
        return [_bad("material", "缺少材料内容", "Missing material")]
    issues = [
        _bad(f"material.{key}", f"缺少{key}", f"Missing {key}")
        for key in ("id", "code")
        if not _nonblank(material.get(key))
    ]
    for key in ("originals", "copies"):
        if not _count_ok(material.get(key, 0)):
            issues.append(
                _bad(
                    f"material.{key}",
                    f"份数应为0至{COUNT_MAX}的整数",
                    f"Counts must be whole numbers from 0 to {COUNT_MAX}",
                )
            )
    if material.get("form", "paper") not in ("paper", "electronic", "both"):
        issues.append(_bad("material.form", "材料形式无效", "Invalid material form"))
    attachment = material.get("attachment")
    if attachment is not None and not (
        isinstance(attachment, str) and re.fullmatch(r"[0-9a-f]{64}", attachment)
    ):
        issues.append(_bad("material.attachment", "附件应为SHA-256摘要", "attachment is a sha256"))
    return issues


def _check_note(payload: Mapping[str, Any]) -> list[Issue]:
    note = payload.get("note")
    if not _is_map(note) or not _nonblank(note.get("id")):
        return [_bad("note", "缺少备注编号", "Missing note id")]
    return check_text(
        note.get("text"), "note.text", max_length=NOTE_MAX, required=True, multiline=True,
        label=("备注", "Note"),
    ) + ratings.check_note_extras(note)  # fmt: skip


def _check_rating(payload: Mapping[str, Any]) -> list[Issue]:
    rating = payload.get("rating")
    if not _is_map(rating) or not _nonblank(rating.get("id")):
        return [_bad("rating", "缺少评价编号", "Missing rating id")]
    issues: list[Issue] = []
    if rating.get("stage") not in ("acceptance", "completion"):
        issues.append(
            _bad("rating.stage", "评价环节应为受理或办结", "stage: acceptance|completion")
        )
    score = rating.get("score")
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        issues.append(_bad("rating.score", "评价等级应为1至5", "score must be 1-5"))
    issues += check_text(rating.get("comment"), "rating.comment", max_length=500, multiline=True)
    return issues + ratings.check_rating_extras(rating)


def _check_reassign(payload: Mapping[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    if not _nonblank(payload.get("clerk_id")):
        issues.append(_bad("clerk_id", "缺少新的经办人", "Missing clerk_id"))
    if "base" not in payload:
        issues.append(_bad("base", "缺少原经办人", "Missing base clerk_id"))
    return issues


def _check_extend(payload: Mapping[str, Any]) -> list[Issue]:
    days = payload.get("working_days")
    issues: list[Issue] = []
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        issues.append(
            _bad("working_days", "延长期限应为正整数个工作日", "working_days: whole number >= 1")
        )
    issues += check_text(
        payload.get("reason"), "reason", max_length=500, required=True,
        label=("延期理由", "Reason for the extension"),
    )  # fmt: skip
    if payload.get("due_date") is not None and not _is_date(payload["due_date"]):
        issues.append(_bad("due_date", "办结时限日期格式错误", "Malformed due_date"))
    return issues


# Keyed by Kind, a StrEnum: a plain string such as "create" finds its entry too.
_CHECKS: dict[str, Callable[[Mapping[str, Any]], list[Issue]]] = {
    Kind.CREATE: _check_create,
    Kind.SET_FIELDS: _check_set_fields,
    Kind.TRANSITION: _check_transition,
    Kind.ADD_MATERIAL: _check_material,
    Kind.ADD_NOTE: _check_note,
    Kind.RATE: _check_rating,
    Kind.REASSIGN: _check_reassign,
    Kind.EXTEND: _check_extend,
}
