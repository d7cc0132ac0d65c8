"""The lockout refusal: says how long to wait, online (the platform's Retry-After) and
offline (the cached account's `locked_until`).

"Try again later" leaves a clerk with a queue of citizens guessing; the wait is rounded
up to whole minutes (seconds under a minute), so the clerk never tries too early.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

LOCKED = "locked"


def wait_seconds(detail: Any) -> int | None:
    """`retry_after` from a platform 429's detail, when it holds a sane number."""
    if isinstance(detail, dict):
        value = detail.get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 86400:
            return math.ceil(value)
    return None


def remaining(until: datetime, now: datetime) -> int:
    """Whole seconds from `now` to `until` (at least 1)."""
    return max(1, math.ceil((until - now).total_seconds()))


def _wait(seconds: int) -> tuple[str, str]:
    if seconds < 60:
        return f"{seconds} 秒", f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} 分钟", f"{minutes} minute{'s' if minutes != 1 else ''}"


def texts(seconds: int | None, *, offline: bool) -> tuple[str, str]:
    """(zh, en) of the refusal for a wait of `seconds` (None: nobody said how long).

    Offline it is this account on this computer that is locked; online the platform may
    be limiting the account or the address, so the text names neither."""
    if seconds is None:
        return (
            "登录失败次数过多，请稍后再试。",
            "Too many failed sign-ins; try again later.",
        )
    zh_wait, en_wait = _wait(seconds)
    if offline:
        return (
            f"密码错误次数过多，本机离线登录已锁定，请在 {zh_wait}后再试，或在网络恢复后联网登录。",
            f"Too many wrong passwords. Offline sign-in on this computer is locked; try again "
            f"in {en_wait}, or sign in online once the network is back.",
        )
    return (
        f"登录失败次数过多，已暂时锁定，请在 {zh_wait}后再试。",
        f"Too many failed sign-ins; locked for now. Try again in {en_wait}.",
    )
