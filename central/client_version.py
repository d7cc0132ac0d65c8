"""The minimum client version the platform accepts (``--min-client-version``).

Every versioned request carries ``X-CounterDesk-Version``. With a minimum configured, an
older (or missing, or unreadable) version is answered 426 ``upgrade_required`` with the
minimum in ``detail.min_version``, before anything is read or written: the client keeps
its outbox and works offline until it is updated. ``/health`` tells the minimum too, so a
client can warn before its next sync is refused.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from central.deps import PlatformDep
from central.errors import ApiError
from client.version import VERSION_HEADER, is_older, parse_version


def check_minimum(text: str | None) -> str | None:
    """A configured minimum, validated ("" or None: no minimum)."""
    if text is None or not text.strip():
        return None
    if parse_version(text.strip()) is None:
        raise ValueError(f"--min-client-version must look like 1.2.3, got {text!r}")
    return text.strip()


def client_version(
    ctx: PlatformDep,
    version: Annotated[
        str | None,
        Header(alias=VERSION_HEADER, description="the app version of the client, e.g. 0.1.0"),
    ] = None,
) -> None:
    minimum = ctx.settings.min_client_version
    if minimum is None or not is_older(version, minimum):
        return
    raise ApiError(
        426,
        "upgrade_required",
        f"客户端版本过旧（{version or '未知'}），平台要求 {minimum} 或更高版本。"
        "请更新窗口通后再同步；离线办理不受影响，待同步的操作都保存在本机。",
        f"This client version ({version or 'unknown'}) is too old; the platform requires "
        f"{minimum} or later. Update CounterDesk, then sync; offline work continues and "
        "actions waiting to sync stay on this computer.",
        {"min_version": minimum, "got": version},
    )
