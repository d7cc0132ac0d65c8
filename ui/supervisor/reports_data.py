"""What the reports screen (统计报表) reads from the store, and how its figures read aloud.

:func:`load` runs on the store's own thread (never on the GUI thread): the offline report
of ``offline.reports`` plus the display names it needs — clerk names from the users
cached on this device (离线登录缓存) and item names from the catalog — so the screen shows
names, not ids. The formatting helpers are plain functions so the screen, the printed
daily report (日报) and the tests agree on every figure's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from offline import reports
from offline.domain.status import STATUS_LABELS, Status
from offline.reports import Period, Report
from offline.store.store import Store
from ui.supervisor.office_source import office_users


@dataclass(frozen=True)
class ReportData:
    """One computed report and the names to show for its ids."""

    report: Report
    clerk_names: dict[str, str] = field(default_factory=dict)
    item_names: dict[str, str] = field(default_factory=dict)

    def clerk(self, clerk_id: str) -> str:
        """The clerk's cached display name, else the id (never empty)."""
        return self.clerk_names.get(clerk_id) or clerk_id or "—"

    def item(self, code: str) -> str:
        return self.item_names.get(code) or code or "—"


def names(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """(clerk id → display name, item code → name) from this device's store."""
    users = office_users(store, store.office_code or "")
    clerks = {u["user_id"]: u["display_name"] for u in users}
    items = {str(i["code"]): str(i["name"]) for i in store.list_items(active_only=False)}
    return clerks, items


def load(store: Store, period: Period) -> ReportData:
    """Compute the report of ``period`` with display names (on the store's thread)."""
    report = reports.build(store, period)
    clerks, items = names(store)
    return ReportData(report, clerks, items)


# ---------------------------------------------------------------------------- formatting
def status_label(status: str, lang: str) -> str:
    """The domain's bilingual status label in ``lang`` (the raw value if unknown)."""
    try:
        zh, en = STATUS_LABELS[Status(status)]
    except (KeyError, ValueError):
        return status
    return zh if lang.startswith("zh") else en


def duration_text(hours: float | None, lang: str) -> str:
    """An average duration said plainly: hours below two days, days from there on.

    The report measures elapsed (calendar) time, so a day here is 24 hours.
    """
    zh = lang.startswith("zh")
    if hours is None:
        return "无数据" if zh else "no data"
    if hours < 48:
        return f"{hours:.1f} 小时" if zh else f"{hours:.1f} hours"
    days = hours / 24
    return f"{days:.1f} 天" if zh else f"{days:.1f} days"


def rate_text(report: Report, lang: str) -> str:
    """On-time rate as a percentage with its counts, e.g. ``87.5%（7/8）``."""
    rate = report.on_time_rate
    if rate is None:
        return "无数据" if lang.startswith("zh") else "no data"
    counts = f"{report.on_time}/{report.with_due_date}"
    return (
        f"{rate * 100:.1f}%（{counts}）"
        if lang.startswith("zh")
        else f"{rate * 100:.1f}% ({counts})"
    )


def share(count: int, total: int) -> str:
    """A count's share of the total as a percentage with one decimal."""
    return "" if total <= 0 else f"{count * 100 / total:.1f}%"


def period_text(period: Period) -> str:
    if period.start == period.end:
        return period.start.isoformat()
    return f"{period.start.isoformat()} — {period.end.isoformat()}"


def rows_by_status(data: ReportData, lang: str) -> list[tuple[str, str, int]]:
    """(key, label, count) per status, in the domain's order."""
    counts = data.report.by_status
    order: list[str] = [s.value for s in Status if s.value in counts]
    order += sorted(k for k in counts if k not in order)
    return [(k, status_label(k, lang), counts[k]) for k in order]


def rows_by_clerk(data: ReportData) -> list[tuple[str, str, int]]:
    """(clerk id, name, count), busiest first."""
    pairs = sorted(data.report.by_clerk.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(k, data.clerk(k), n) for k, n in pairs]


def rows_by_item(data: ReportData) -> list[tuple[str, str, int]]:
    """(item code, name, count), most frequent first."""
    pairs = sorted(data.report.by_item.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(k, data.item(k), n) for k, n in pairs]


# 好差评 five grades, as the national evaluation system names them.
RATING_LABELS: dict[int, tuple[str, str]] = {
    5: ("非常满意", "Very satisfied"),
    4: ("满意", "Satisfied"),
    3: ("基本满意", "Fairly satisfied"),
    2: ("不满意", "Dissatisfied"),
    1: ("非常不满意", "Very dissatisfied"),
}


def rating_label(score: int, lang: str) -> str:
    zh, en = RATING_LABELS[score]
    return f"{score} {zh if lang.startswith('zh') else en}"


def rows_ratings(data: ReportData, lang: str) -> list[tuple[str, str, int]]:
    """(score, label, count) for scores 5 (非常满意) down to 1 (非常不满意)."""
    ratings = data.report.ratings
    return [(str(s), rating_label(s, lang), int(ratings.get(s, 0))) for s in range(5, 0, -1)]


def summary(data: ReportData, lang: str) -> dict[str, str]:
    """The headline figures as text, keyed as the screen and the daily report name them."""
    r = data.report
    return {
        "period": period_text(r.period),
        "total": str(r.total),
        "accepted": str(r.accepted),
        "avg_accept": duration_text(r.avg_receipt_to_acceptance_hours, lang),
        "completed": str(r.completed),
        "avg_complete": duration_text(r.avg_acceptance_to_completion_hours, lang),
        "on_time": rate_text(r, lang),
        "rated": str(sum(r.ratings.values())),
    }
