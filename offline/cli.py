"""`counterdesk store init|info|verify-audit|backup|backups|restore|recovery-key --profile NAME`.

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
        ("backup", "在线备份到加密文件 / online backup to an encrypted file", _backup),
        ("backups", "列出备份 / list the backups", _list_backups),
        ("restore", "从备份恢复 / restore from a backup", _restore),
        (
            "recovery-key",
            "设置新的恢复密钥（打印恢复单）/ set up a new recovery key (for the recovery sheet)",
            _recovery_key,
        ),
    )
    for name, help_text, func in specs:
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--profile", required=True, help="配置名称 / profile name")
        p.add_argument("--data-dir", type=Path, help="数据目录 / data dir (default: OS user dir)")
        p.set_defaults(func=func)
        if name in ("info", "backups", "recovery-key", "restore", "backup"):
            p.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
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
    _say(
        "下一步：由负责人运行 counterdesk store recovery-key 设置恢复密钥并打印恢复单。",
        "next: a supervisor runs 'counterdesk store recovery-key' to set up the recovery key "
        "and print the recovery sheet.",
        err=True,
    )
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


def _emit(args: argparse.Namespace, data: dict[str, Any], zh: str, en: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str))
    else:
        _say(zh, en)


def _profile_key(profile: str) -> bytes:
    from offline.store import keys
    from offline.store.errors import KeyMissing

    key = keys.load_key(profile)
    if key is None:
        raise KeyMissing(
            f"系统密钥环中没有配置 {profile} 的密钥。",
            f"the OS keyring holds no key for profile {profile}.",
        )
    return key


def _backup(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from offline.backup_policy import load_policy, state_path
    from offline.backup_schedule import run_backup
    from offline.store.paths import profile_dir

    root = profile_dir(args.profile, args.data_dir)
    policy = load_policy(root)
    exact: Path | None = None
    if args.dest is not None:
        if args.dest.suffix == ".db" and not args.dest.is_dir():
            exact = args.dest
        else:
            policy = replace(policy, folder=args.dest)
    with _open(args) as store:
        key = _profile_key(args.profile)
        if exact is not None:
            return _backup_exact(args, store, exact, key, root)
        made = run_backup(store, policy, key=key, state_path=state_path(root))
    data = {
        "path": str(made.path),
        "audit_entries": made.audit_entries,
        "verified": made.verified,
        "mirrored_to": str(made.mirrored_to) if made.mirrored_to else None,
        "mirror_warning": list(made.mirror_warning) if made.mirror_warning else None,
        "recovery_file": Path(str(made.path) + ".recovery").exists(),
    }
    _emit(
        args,
        data,
        f"已备份并校验：{made.path}（审计记录 {made.audit_entries} 条）",
        f"backed up and verified: {made.path} ({made.audit_entries} audit entries)",
    )
    if made.mirror_warning:
        _say(*made.mirror_warning, err=True)
    if not data["recovery_file"]:
        _say(
            "提示：尚未设置恢复密钥，本机损坏时此备份无法在新电脑上打开。"
            "请运行 counterdesk store recovery-key。",
            "note: no recovery key is set up, so this backup cannot be opened on a new "
            "computer if this one is lost; run 'counterdesk store recovery-key'.",
            err=True,
        )
    return EXIT_OK


def _backup_exact(args: argparse.Namespace, store: Any, dest: Path, key: bytes, root: Path) -> int:
    """A copy under a name the caller chose (outside the rotation, never pruned)."""
    from offline.store import recovery

    count = store.backup(dest)
    recovery.write_sidecar(root, dest, key)
    _emit(
        args,
        {"path": str(dest), "audit_entries": count, "verified": True},
        f"已备份到 {dest}（审计记录 {count} 条；自定文件名不参与轮换）",
        f"backed up to {dest} ({count} audit entries; a file name of your own is not rotated)",
    )
    return EXIT_OK


def _list_backups(args: argparse.Namespace) -> int:
    from offline.backup_policy import load_policy
    from offline.backup_schedule import list_backups
    from offline.store.paths import profile_dir

    policy = load_policy(profile_dir(args.profile, args.data_dir))
    places = [("primary", policy.folder)]
    if policy.mirror is not None:
        places.append(("mirror", policy.mirror))
    rows = [
        {
            "place": place,
            "path": str(b.path),
            "taken_at": b.taken_at.isoformat(),
            "size": b.size,
            "verified": b.verified,
            "audit_entries": b.audit_entries,
            "recovery_file": Path(str(b.path) + ".recovery").exists(),
        }
        for place, folder in places
        for b in list_backups(folder)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, sort_keys=True))
    else:
        for row in rows:
            mark = "verified" if row["verified"] else "UNVERIFIED"
            print(f"{row['taken_at']}  {row['size']:>12}  {mark:<10}  {row['path']}")
    return EXIT_OK


def _recovery_key(args: argparse.Namespace) -> int:
    from offline.domain.clock import now_utc
    from offline.store import recovery

    with _open(args) as store:
        key = _profile_key(args.profile)
        code = recovery.set_up(store.path.parent, key, device_id=store.device_id, now=now_utc())
    data = {"recovery_code": code.grouped(), "recovery_id": code.recovery_id}
    if args.json:
        print(json.dumps(data, sort_keys=True))
        return EXIT_OK
    print(code.grouped())
    _say(
        f"以上是新的恢复码（恢复单编号 {code.recovery_id}），只显示这一次：请打印或抄写后"
        "存放在办公室保险柜中。此后的备份都可以用它在新电脑上打开；更早的备份仍需要原来的恢复单。",
        f"Above is the new recovery code (sheet {code.recovery_id}), shown only this once: "
        "print or copy it and keep it in the office safe. Backups from now on open with it on "
        "a new computer; older backups still need the previous sheet.",
        err=True,
    )
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from offline.store.errors import InvalidArgument

    source = args.source or args.file
    if source is None or (args.source and args.file and args.source != args.file):
        raise InvalidArgument(
            "请指定一个备份文件（--from 文件 或直接写文件名）。",
            "name one backup file (--from FILE, or just FILE).",
        )
    if args.recovery_code is not None:
        return _restore_with_code(args, source)
    return _restore_same_pc(args, source)


def _restore_same_pc(args: argparse.Namespace, source: Path) -> int:
    from offline.store.backup import restore
    from offline.store.paths import db_path

    key = _profile_key(args.profile)
    result = restore(
        db_path(args.profile, args.data_dir), source, key, replace_newer=args.replace_newer
    )
    aside = f"；原数据库已另存为 {result.replaced_aside}" if result.replaced_aside else ""
    aside_en = f"; the old database was kept as {result.replaced_aside}" if aside else ""
    _emit(
        args,
        {
            "path": str(db_path(args.profile, args.data_dir)),
            "audit_entries": result.audit_entries,
            "replaced_aside": str(result.replaced_aside) if result.replaced_aside else None,
        },
        f"已从 {source} 恢复（审计记录 {result.audit_entries} 条）{aside}",
        f"restored from {source} ({result.audit_entries} audit entries){aside_en}",
    )
    return EXIT_OK


def _restore_with_code(args: argparse.Namespace, source: Path) -> int:
    from offline.domain.clock import now_utc
    from offline.store import recovery

    code = args.recovery_code
    if code == "-":  # typed at a prompt, so it stays out of the shell history
        print("请输入恢复单上的恢复码 / type the code from the recovery sheet:", file=sys.stderr)
        code = sys.stdin.readline()
    done = recovery.restore_with_code(
        code,
        source,
        args.profile,
        args.data_dir,
        recovery_file=args.recovery_file,
        replace_newer=args.replace_newer,
        now=now_utc(),
    )
    data = {
        "path": str(done.path),
        "audit_entries": done.audit_entries,
        "device_id": done.device_id,
        "office_code": done.office_code,
        "terminal_code": done.terminal_code,
        "recovery_id": done.recovery_id,
        "replaced_aside": str(done.replaced_aside) if done.replaced_aside else None,
        "next_step": "replace_terminal",
    }
    _emit(
        args,
        data,
        f"已用恢复码从 {source} 恢复到 {done.path}（审计记录 {done.audit_entries} 条），"
        f"数据库已用本机新密钥重新加密。恢复的终端身份：设备 {done.device_id}，"
        f"终端编号 {done.terminal_code or '未登记'}。开始办件前，请由负责人执行“更换终端”，"
        "把这台电脑登记为该窗口的新终端。",
        f"restored {source} into {done.path} with the recovery code ({done.audit_entries} "
        f"audit entries) and re-encrypted it with a new key of this computer. Terminal "
        f"identity restored: device {done.device_id}, terminal code "
        f"{done.terminal_code or 'not registered'}. Before serving citizens, a supervisor "
        "runs 'replace terminal' to register this computer as the counter's new terminal.",
    )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run a parsed `store` command, turning refusals into exit code 2 and a message."""
    from offline.domain.errors import BilingualError, DomainError
    from offline.store.errors import StoreError

    try:
        code: int = args.func(args)
    except StoreError as exc:
        _say(exc.message("zh_CN"), exc.message("en"), err=True)
        return EXIT_REFUSED
    except (DomainError, BilingualError) as exc:
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
