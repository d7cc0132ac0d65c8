"""`counterdesk store init|info|verify-audit|export-audit|backup|backups|restore|recovery-key`.

Maintenance commands for the encrypted store, for support staff and scripts. The data
folder is ``--data-dir``, else ``$COUNTERDESK_DATA_DIR``, else the OS default: the same
rule as the app and every other command (``offline.data_dir``). Backups taken here use the
app's backup folder, names, listing, rotation and second place (``offline.backup_policy``).
``restore --recovery-code`` opens a backup on a new computer with the office's recovery
sheet. Messages go to stderr in Chinese first, then English; exit codes: 0 ok, 1 check
failed (audit chain broken), 2 refused (no keyring, missing/wrong key or code, damaged
file, bad arguments).
``register(subparsers)`` adds the `store` command to the `counterdesk` dispatcher
(ui/cli.py); ``main(argv)`` runs it standalone (`python -m offline.cli store ...`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from offline import cli_backup
from offline.cli_common import EXIT_FAILED, EXIT_OK, EXIT_REFUSED, open_store, say

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_REFUSED", "main", "register", "run"]


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
        ("backup", "在线备份到加密文件 / online backup to an encrypted file", cli_backup.backup),
        ("backups", "列出备份 / list the backups", cli_backup.list_backups_command),
        ("restore", "从备份恢复 / restore from a backup", cli_backup.restore_command),
        (
            "recovery-key",
            "设置新的恢复密钥（打印恢复单）/ set up a new recovery key (for the recovery sheet)",
            cli_backup.recovery_key,
        ),
    )
    for name, help_text, func in specs:
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--profile", required=True, help="配置名称 / profile name")
        p.add_argument("--data-dir", type=Path, help="数据目录 / data dir (default: OS user dir)")
        p.set_defaults(func=func)
        if name in ("info", "backups", "recovery-key", "restore", "backup"):
            p.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
        if name == "export-audit":
            p.add_argument("--to", dest="dest", type=Path, required=True, help="导出文件 / file")
        if name == "backup":
            p.add_argument(
                "--to",
                dest="dest",
                type=Path,
                help="备份文件夹（或 .db 文件名）/ backup folder (or an exact .db file name); "
                "default: the folder in the settings",
            )
        if name == "restore":
            p.add_argument("file", nargs="?", type=Path, help="备份文件 / backup file")
            p.add_argument("--from", dest="source", type=Path, help="备份文件 / backup file")
            p.add_argument(
                "--recovery-code",
                help="恢复单上的恢复码（- 表示从标准输入读取）/ the code on the recovery "
                "sheet ('-' reads it from stdin); for a backup from another computer",
            )
            p.add_argument(
                "--recovery-file",
                type=Path,
                help="恢复文件（默认：备份文件名 + .recovery）/ recovery file "
                "(default: the backup's name + .recovery)",
            )
            p.add_argument(
                "--replace-newer",
                action="store_true",
                help="当前数据库更新时仍然恢复（当前文件另存）/ restore even over a "
                "newer database (it is kept aside)",
            )


def _init(args: argparse.Namespace) -> int:
    from offline.store.opening import open_profile
    from offline.store.paths import db_path

    if db_path(args.profile, args.data_dir).exists():
        say(
            f"配置 {args.profile} 已有数据库，未做任何更改。",
            f"profile {args.profile} already has a database; nothing changed.",
            err=True,
        )
        return EXIT_REFUSED
    with open_profile(args.profile, args.data_dir, create=True) as store:
        say(f"已创建加密数据库：{store.path}", f"created the encrypted database: {store.path}")
    say(
        "下一步：由负责人运行 counterdesk store recovery-key 设置恢复密钥并打印恢复单。",
        "next: a supervisor runs 'counterdesk store recovery-key' to set up the recovery key "
        "and print the recovery sheet.",
        err=True,
    )
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    with open_store(args, check="quick") as store:
        info = store.info()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, sort_keys=True))
    else:
        for key, value in info.items():
            print(f"{key}: {value}")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    with open_store(args, check="quick") as store:
        report = store.verify_audit()
    say(report.message("zh_CN"), report.message("en"), err=not report.ok)
    return EXIT_OK if report.ok else EXIT_FAILED


def _export_audit(args: argparse.Namespace) -> int:
    with open_store(args, check="quick") as store:
        count = store.export_audit(args.dest)
    say(
        f"已导出审计日志 {count} 条到 {args.dest}，平台可用 verify-audit 核验",
        f"exported {count} audit entries to {args.dest}; the platform checks them with"
        " verify-audit",
    )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run a parsed `store` command, turning refusals into exit code 2 and a message."""
    from offline.domain.errors import BilingualError, DomainError
    from offline.store.errors import StoreError

    try:
        code: int = args.func(args)
    except StoreError as exc:
        say(exc.message("zh_CN"), exc.message("en"), err=True)
        return EXIT_REFUSED
    except (DomainError, BilingualError) as exc:
        say(exc.message("zh_CN"), exc.message("en"), err=True)
        return EXIT_REFUSED
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry: `python -m offline.cli store ...`."""
    parser = argparse.ArgumentParser(prog="counterdesk")
    register(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
