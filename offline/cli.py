"""`counterdesk store init|info|verify-audit|export-audit|backup|restore --profile NAME`.

Maintenance commands for the encrypted store, for support staff and scripts. Messages go
to stderr in Chinese first, then English; exit codes: 0 ok, 1 check failed (audit chain
broken), 2 refused (no keyring, missing/wrong key, damaged file, bad arguments).
``register(subparsers)`` adds the `store` command to the `counterdesk` dispatcher
(ui/cli.py); ``main(argv)`` runs it standalone (`python -m offline.cli store ...`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2


def register(subparsers: Any) -> None:
    """Add `store` and its subcommands to an argparse subparsers object."""
    store_p = subparsers.add_parser("store", help="加密数据库维护 / encrypted store maintenance")
    commands = store_p.add_subparsers(dest="store_command", required=True)
    specs = (
        ("init", "新建配置的加密数据库 / create the profile's encrypted database", _init),
        ("info", "显示数据库信息 / show database information", _info),
        ("verify-audit", "校验审计日志哈希链 / verify the audit hash chain", _verify),
        (
            "export-audit",
            "导出审计日志供平台核验签名 / export the audit log for the platform to verify",
            _export_audit,
        ),
        ("backup", "在线备份到加密文件 / online backup to an encrypted file", _backup),
        ("restore", "从备份恢复 / restore from a backup", _restore),
    )
    for name, help_text, func in specs:
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--profile", required=True, help="配置名称 / profile name")
        p.add_argument("--data-dir", type=Path, help="数据目录 / data dir (default: OS user dir)")
        p.set_defaults(func=func)
        if name == "info":
            p.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
        if name == "export-audit":
            p.add_argument("--to", dest="dest", type=Path, required=True, help="导出文件 / file")
        if name == "backup":
            p.add_argument("--to", dest="dest", type=Path, help="备份文件 / backup file")
        if name == "restore":
            p.add_argument(
                "--from", dest="source", type=Path, required=True, help="备份文件 / backup file"
            )
            p.add_argument(
                "--replace-newer",
                action="store_true",
                help="当前数据库更新时仍然恢复（当前文件另存）/ restore even over a "
                "newer database (it is kept aside)",
            )


def _say(zh: str, en: str, *, err: bool = False) -> None:
    print(f"{zh}\n{en}", file=sys.stderr if err else sys.stdout)


def _open(args: argparse.Namespace, **kwargs: Any) -> Any:
    """`open_profile`, saying on stderr when a schema upgrade runs and how far it is."""
    from offline.store.opening import open_profile, pending_migration

    upgrade = pending_migration(args.profile, args.data_dir)
    if upgrade is None:
        return open_profile(args.profile, args.data_dir, **kwargs)
    _say(
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


def _init(args: argparse.Namespace) -> int:
    from offline.store.opening import open_profile
    from offline.store.paths import db_path

    if db_path(args.profile, args.data_dir).exists():
        _say(
            f"配置 {args.profile} 已有数据库，未做任何更改。",
            f"profile {args.profile} already has a database; nothing changed.",
            err=True,
        )
        return EXIT_REFUSED
    with open_profile(args.profile, args.data_dir, create=True) as store:
        _say(f"已创建加密数据库：{store.path}", f"created the encrypted database: {store.path}")
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    with _open(args, check="quick") as store:
        info = store.info()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, sort_keys=True))
    else:
        for key, value in info.items():
            print(f"{key}: {value}")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    with _open(args, check="quick") as store:
        report = store.verify_audit()
    _say(report.message("zh_CN"), report.message("en"), err=not report.ok)
    return EXIT_OK if report.ok else EXIT_FAILED


def _export_audit(args: argparse.Namespace) -> int:
    with _open(args, check="quick") as store:
        count = store.export_audit(args.dest)
    _say(
        f"已导出审计日志 {count} 条到 {args.dest}，平台可用 verify-audit 核验",
        f"exported {count} audit entries to {args.dest}; the platform checks them with"
        " verify-audit",
    )
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    with _open(args) as store:
        dest = args.dest or store.path.parent / "backups" / (
            f"store-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.db"
        )
        count = store.backup(dest)
    _say(f"已备份到 {dest}（审计记录 {count} 条）", f"backed up to {dest} ({count} audit entries)")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from offline.store import keys
    from offline.store.backup import restore
    from offline.store.errors import KeyMissing
    from offline.store.paths import db_path

    key = keys.load_key(args.profile)
    if key is None:
        raise KeyMissing(
            f"系统密钥环中没有配置 {args.profile} 的密钥，无法解密备份。",
            f"the OS keyring holds no key for profile {args.profile}; the backup cannot be "
            "decrypted.",
        )
    result = restore(
        db_path(args.profile, args.data_dir), args.source, key, replace_newer=args.replace_newer
    )
    aside = f"；原数据库已另存为 {result.replaced_aside}" if result.replaced_aside else ""
    aside_en = f"; the old database was kept as {result.replaced_aside}" if aside else ""
    _say(
        f"已从 {args.source} 恢复（审计记录 {result.audit_entries} 条）{aside}",
        f"restored from {args.source} ({result.audit_entries} audit entries){aside_en}",
    )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run a parsed `store` command, turning refusals into exit code 2 and a message."""
    from offline.domain.errors import DomainError
    from offline.store.errors import StoreError

    try:
        code: int = args.func(args)
    except StoreError as exc:
        _say(exc.message("zh_CN"), exc.message("en"), err=True)
        return EXIT_REFUSED
    except DomainError as exc:
        _say(exc.message("zh_CN"), exc.message("en"), err=True)
        return EXIT_REFUSED
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry: `python -m offline.cli store ...`."""
    parser = argparse.ArgumentParser(prog="counterdesk")
    register(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
