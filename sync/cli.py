"""Headless sync commands: `counterdesk sync --profile NAME` and `counterdesk status`.

For scripted township offices and for support staff: one sync run without the UI, with an
exit code a script can trust (0 only when nothing is left pending and no error occurred),
and the status as JSON. ``register(subparsers)`` adds both commands to the `counterdesk`
dispatcher (ui/cli.py); ``main(argv)`` runs them standalone (`python -m sync.cli`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_PENDING = 1  # the run finished but work remains or an error occurred
EXIT_USAGE = 2  # wrong profile, no key, not registered, no platform URL


def register(subparsers: Any) -> None:
    """Add `sync` and `status` to an argparse subparsers object."""
    sync_p = subparsers.add_parser("sync", help="同步一次 / run one sync pass")
    _common(sync_p)
    sync_p.add_argument("--platform-url", help="平台地址 / platform URL (default: registration)")
    sync_p.add_argument("--user", help="用户名 / user whose stored sign-in is used")
    sync_p.add_argument("--json", action="store_true", help="print the status as JSON")
    sync_p.set_defaults(func=run_sync)
    status_p = subparsers.add_parser("status", help="同步状态 / show sync status")
    _common(status_p)
    status_p.add_argument("--json", action="store_true", help="print JSON")
    status_p.set_defaults(func=run_status)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, help="配置名称 / profile name")
    parser.add_argument("--data-dir", type=Path, default=None, help="profiles root directory")


def _data_dir(args: argparse.Namespace) -> Path:
    from offline.data_dir import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def _registration(db_path: Path) -> dict[str, Any]:
    """Non-secret facts the app saved at first run (platform URL, user) — may be absent."""
    path = db_path.parent / "registration.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _fail(zh: str, en: str, code: int = EXIT_USAGE) -> int:
    print(f"{zh}\n{en}", file=sys.stderr)
    return code


def _load(args: argparse.Namespace) -> tuple[Path, Any] | int:
    """Open the profile's store on its own thread, or print why not and return an exit code."""
    from offline.store import paths
    from offline.store.errors import StoreError
    from offline.store.opening import open_profile
    from sync.store_thread import StoreThread

    data_dir = _data_dir(args)
    try:
        db = paths.db_path(args.profile, data_dir)
        return db, StoreThread(lambda: open_profile(args.profile, data_dir))
    except StoreError as exc:
        return _fail(exc.zh, exc.en)


def run_status(args: argparse.Namespace) -> int:
    """Print the status from the local store only (no network)."""
    from sync.engine import SyncEngine

    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    _, store = loaded

    async def read() -> dict[str, Any]:
        engine = SyncEngine(store, client=None)  # type: ignore[arg-type]
        await engine.refresh_status()
        data = engine.board.status.to_dict()
        data["online"] = None
        data["cursor"] = await store.call(lambda s: s.pull_cursor())
        return data

    try:
        data = asyncio.run(read())
    finally:
        store.close()
    _print(data, args.json)
    return EXIT_OK


def run_sync(args: argparse.Namespace) -> int:
    """One sync pass; exit 0 only when nothing is pending and nothing failed."""
    from client.api import PlatformClient
    from sync import profile_network
    from sync.engine import SyncEngine

    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    db, store = loaded
    reg = _registration(db)
    url = args.platform_url or reg.get("platform_url")
    user = args.user or (reg.get("extra") or {}).get("username", "")
    if not url:
        store.close()
        return _fail("未配置平台地址（--platform-url）。", "no platform URL (--platform-url).")
    if not user:
        store.close()
        return _fail(
            "未指定用户：同步要使用某位用户保存在本机的登录。请加 --user <用户名>"
            "（该用户须曾在本机联网登录过）。",
            "No user named: a sync uses the sign-in a user saved on this PC. Add --user "
            "<username> (someone who has signed in online on this PC).",
        )

    async def once() -> tuple[bool, dict[str, Any]]:
        settings = profile_network.client_settings(args.profile, db.parent, url)
        async with PlatformClient(settings, username=user) as client:
            engine = SyncEngine(store, client)
            outcome = await engine.run()
            return outcome.ok, engine.board.status.to_dict()

    try:
        ok, data = asyncio.run(once())
    finally:
        store.close()
    _print(data, args.json)
    return EXIT_OK if ok else EXIT_PENDING


def _print(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, sort_keys=True))
        return
    error = data.get("last_error")
    print(
        f"待上传 pending: {data['pending']}  冲突 conflicts: {data['conflicts']}  "
        f"被拒绝 rejected: {data['rejected']}"
    )
    print(f"上次成功 last success: {data['last_success_at'] or '—'}")
    if error:
        print(f"{error['zh']}\n{error['en']}")
    for warning in data.get("warnings", []):
        print(f"{warning['zh']}\n{warning['en']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counterdesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
