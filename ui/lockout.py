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


def texts(seconds: int | None, *, offline: bool) -> tuple[str, str]:
    """(zh, en) of the refusal for a wait of `seconds` (None: the platform did not say)."""
    where_zh = "本机离线登录" if offline else "该账号"
    where_en = "Offline sign-in on this computer" if offline else "This account"
    if seconds is None:
        return (
            f"密码错误次数过多，{where_zh}已暂时锁定，请稍后再试。",
            f"Too many wrong passwords. {where_en} is locked for a while; try again later.",
        )
    if seconds < 60:
        zh_wait, en_wait = f"{seconds} 秒", f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        minutes = math.ceil(seconds / 60)
        zh_wait, en_wait = f"{minutes} 分钟", f"{minutes} minute{'s' if minutes != 1 else ''}"
    extra_zh = "，或在网络恢复后联网登录" if offline else ""
    extra_en = ", or sign in online once the network is back" if offline else ""
    return (
        f"密码错误次数过多，{where_zh}已锁定，请在 {zh_wait}后再试{extra_zh}。",
        f"Too many wrong passwords. {where_en} is locked; try again in {en_wait}{extra_en}.",
    )
