"""Shared pieces of the `counterdesk store ...` commands: exit codes, bilingual output,
opening the profile's store with upgrade progress, and the profile's key."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2


def say(zh: str, en: str, *, err: bool = False) -> None:
    print(f"{zh}\n{en}", file=sys.stderr if err else sys.stdout)


def open_store(args: argparse.Namespace, **kwargs: Any) -> Any:
    """`open_profile`, saying on stderr when a schema upgrade runs and how far it is."""
    from offline.store.opening import open_profile, pending_migration

    upgrade = pending_migration(args.profile, args.data_dir)
    if upgrade is None:
        return open_profile(args.profile, args.data_dir, **kwargs)
    say(
        f"正在升级数据库（版本 {upgrade.from_version} → {upgrade.to_version}，"
        f"{upgrade.rows} 条办件），请勿关闭…",
        f"upgrading the database (schema {upgrade.from_version} -> {upgrade.to_version}, "
        f"{upgrade.rows} applications); do not interrupt...",
        err=True,
    )
    shown = [-1]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth > shown[0]:
            shown[0] = tenth
            print(f"{tenth * 10}%", file=sys.stderr, flush=True)

    return open_profile(args.profile, args.data_dir, on_progress=progress, **kwargs)


def emit(args: argparse.Namespace, data: dict[str, Any], zh: str, en: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str))
    else:
        say(zh, en)


def profile_key(profile: str) -> bytes:
    from offline.store import keys
    from offline.store.errors import KeyMissing

    key = keys.load_key(profile)
    if key is None:
        raise KeyMissing(
            f"系统密钥环中没有配置 {profile} 的密钥。",
            f"the OS keyring holds no key for profile {profile}.",
        )
    return key
