"""The audit log in plain words: action labels, who did it, and newest-first keyset pages.

Every action code the store writes (``grep -rn 'action=' offline/store``) has a label
here; a test fails when the store gains a code without one. Pages are read newest first
by keyset on ``seq`` (``seq < before_seq``), so the millionth entry costs what the first
costs and the log is never loaded whole. ``Store.audit_entries`` (STORE-PERF) is used
when the store has it; until then the same read runs here on the store's thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication

from offline.domain.clock import TZ, to_iso
from offline.store.store import Store
from ui.supervisor.labels import field_label, status_text
from ui.supervisor.record_labels import Directory, receipt_numbers

AUDIT_KEYS = ("seq", "at", "actor", "action", "record_id", "op_id")
# Detail keys that never hold personal data, shown next to the action's label.
SAFE_DETAIL: dict[str, tuple[str, ...]] = {
    "application.transition": ("from", "to", "override"),
    "application.extend": ("working_days",),
    "application.set_fields": ("paths",),
    "application.reassign": ("from", "to"),
    "application.rate": ("score",),
    "conflict.resolved": ("choice", "path"),
    "sync.outcomes": ("applied", "duplicate", "conflict", "rejected"),
    "user.login_failed": ("locked",),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditLabels", text)


def action_labels() -> dict[str, str]:
    """Action code → label, in the store's order of importance (the filter's order)."""
    return {
        "application.create": _tr("Application received"),  # 收件登记
        "application.transition": _tr("Status changed"),  # 办件状态变更
        "application.set_fields": _tr("Details corrected"),  # 修改办件信息
        "application.add_material": _tr("Material added"),  # 补收材料
        "application.add_note": _tr("Note added"),  # 添加备注
        "application.rate": _tr("Rating recorded"),  # 记录评价
        "application.reassign": _tr("Reassigned to another clerk"),  # 改派经办人
        "application.extend": _tr("Time limit extended"),  # 延长办理期限
        "deadline.refilled": _tr("Due dates filled in from new calendar data"),  # 补算办结期限
        "conflict.resolved": _tr("Conflict resolved"),  # 处理冲突
        "sync.outcomes": _tr("Sync results recorded"),  # 同步结果入账
        "sync.epoch_reset": _tr("Platform reset: full resync"),  # 平台重置，全部重新同步
        "user.cached": _tr("Offline sign-in saved"),  # 保存离线登录资料
        "user.login_offline": _tr("Signed in offline"),  # 离线登录
        "user.login_failed": _tr("Offline sign-in failed"),  # 离线登录失败
        "device.registered": _tr("Device registered"),  # 设备登记
        "store.created": _tr("Local database created"),  # 创建本机数据库
    }


def system_actors() -> dict[str, str]:
    """Actors that are not people."""
    return {"system": _tr("System"), "sync": _tr("Sync engine")}  # 系统 / 同步程序


def choice_text(choice: Any) -> str:
    return {
        "keep_platform": _tr("kept the platform's value"),  # 保留平台数据
        "resubmit": _tr("resubmitted the local value"),  # 重新提交本机数据
        "edit": _tr("submitted a corrected value"),  # 修改后提交
    }.get(str(choice), str(choice))


def outcomes_text(tally: dict[str, Any]) -> str:
    """A sync run's tally, e.g. "accepted 3 · conflicts 1" (zero counts left out)."""
    words = {
        "applied": _tr("accepted %1"),  # 平台接受 %1 项
        "duplicate": _tr("already there %1"),  # 已存在 %1 项
        "conflict": _tr("conflicts %1"),  # 冲突 %1 项
        "rejected": _tr("refused %1"),  # 被拒 %1 项
    }
    return " · ".join(words[k].replace("%1", str(tally[k])) for k in words if tally.get(k))


def action_text(
    action: str, facts: dict[str, Any], labels: dict[str, str], users: Directory
) -> str:
    """The action's label plus what it did, e.g. "Status changed: Received → Rejected"."""
    label = labels.get(action, action)
    if action == "application.transition" and "to" in facts:
        extra = f"{status_text(facts.get('from'))} → {status_text(facts['to'])}"
        if facts.get("override"):  # a further supplement notice (行政许可法 第三十二条)
            extra += " " + _tr("(supervisor's override)")  # （负责人审批）
    elif action == "application.extend" and "working_days" in facts:
        extra = _tr("%1 working days").replace("%1", str(facts["working_days"]))  # %1个工作日
    elif action == "application.reassign" and "to" in facts:
        extra = f"{users.user(facts.get('from'))} → {users.user(facts['to'])}"
    elif action == "application.set_fields" and facts.get("paths"):
        extra = "、".join(field_label(str(p)) for p in facts["paths"])
    elif action == "application.rate" and "score" in facts:
        extra = str(facts["score"])
    elif action == "conflict.resolved" and "choice" in facts:
        extra = choice_text(facts["choice"])
    elif action == "sync.outcomes" and any(facts.values()):
        extra = outcomes_text(facts)
    elif action == "user.login_failed" and facts.get("locked"):
        extra = _tr("account locked for 15 minutes")  # 账户锁定15分钟
    else:
        return label
    return _tr("%1: %2").replace("%1", label).replace("%2", extra)  # 全角冒号 in Chinese


def problem_text(problem: str | None, seq: int | None) -> str:
    """The verify-chain verdict for a broken chain, in plain words."""
    n = str(seq)
    if problem == "deleted":
        text = _tr("Entry %1 is missing: entries were deleted from the audit log.")
    elif problem == "reordered":
        text = _tr("Entry %1 is out of order: entries of the audit log were moved.")
    else:
        text = _tr("Entry %1 was changed after it was written: the audit log was tampered with.")
    advice = _tr("Entries before it are intact. Tell the office's security officer.")
    return text.replace("%1", n) + " " + advice


def intact_text(entries: int) -> str:
    return _tr("The audit log is intact: %1 entries checked, none changed.").replace(
        "%1", str(entries)
    )


@dataclass(frozen=True)
class AuditQuery:
    """Viewer filters (all optional, AND-ed); dates are Asia/Shanghai, inclusive.

    ``start_before``: show entries with ``seq`` below it (jump to an entry)."""

    actor: str | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    start_before: int | None = None
    record_id: str | None = None

    def since(self) -> str | None:
        return _day_start(self.date_from) if self.date_from else None

    def until(self) -> str | None:
        return _day_start(self.date_to + timedelta(days=1)) if self.date_to else None


def _day_start(day: date) -> str:
    """The UTC instant (the log's own form) of a local midnight."""
    return to_iso(datetime.combine(day, time(0), TZ))


def _entries(
    store: Store, q: AuditQuery, before_seq: int | None, limit: int
) -> list[dict[str, Any]]:
    reader = getattr(store, "audit_entries", None)
    if callable(reader):
        rows: list[dict[str, Any]] = reader(
            actor=q.actor,
            action=q.action,
            since=q.since(),
            until=q.until(),
            record_id=q.record_id,
            limit=limit,
            before_seq=before_seq,
        )
        return rows
    sql = f"SELECT {', '.join(AUDIT_KEYS)} FROM audit_log WHERE 1"
    params: list[Any] = []
    for clause, value in (
        (" AND actor = ?", q.actor),
        (" AND action = ?", q.action),
        (" AND at >= ?", q.since()),
        (" AND at < ?", q.until()),
        (" AND record_id = ?", q.record_id),
        (" AND seq < ?", before_seq),
    ):
        if value is not None:
            sql += clause
            params.append(value)
    sql += " ORDER BY seq DESC LIMIT ?"
    params.append(limit)
    return [dict(zip(AUDIT_KEYS, r, strict=True)) for r in store.conn.execute(sql, params)]


def safe_details(store: Store, rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """seq → the non-personal part of the entry's detail (status from/to, field paths,
    resolution choice), for the entries of one page whose action has such a part."""
    seqs = [int(r["seq"]) for r in rows if r.get("action") in SAFE_DETAIL]
    if not seqs:
        return {}
    marks = ", ".join("?" * len(seqs))
    sql = f"SELECT seq, action, detail FROM audit_log WHERE seq IN ({marks})"
    out: dict[int, dict[str, Any]] = {}
    for seq, action, detail in store.conn.execute(sql, seqs):
        try:
            data = json.loads(detail) if detail else {}
        except ValueError:
            continue
        if isinstance(data, dict):
            keep = SAFE_DETAIL.get(str(action), ())
            out[int(seq)] = {k: data[k] for k in keep if k in data}
    return out


def record_by_receipt(store: Store, receipt_no: str) -> str | None:
    """The record id behind a receipt number (unique index), or None."""
    doc = store.by_receipt_no(receipt_no)
    return None if doc is None else str(doc["id"])


def audit_page(
    store: Store, q: AuditQuery, *, before_seq: int | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """One page, newest first, each entry with its record's receipt number and the safe
    part of its detail (``facts``)."""
    rows = _entries(store, q, before_seq if before_seq is not None else q.start_before, limit)
    receipts = receipt_numbers(store, (str(r["record_id"]) for r in rows if r.get("record_id")))
    facts = safe_details(store, rows)
    return [
        {
            **r,
            "receipt_no": receipts.get(str(r.get("record_id")), ""),
            "facts": facts.get(int(r["seq"]), {}),
        }
        for r in rows
    ]
