"""`counterdesk store backup|backups|restore|recovery-key`: copies, listing, restore.

Backups use the app's policy (folder, names, rotation, second place) from the profile's
preferences (``offline.backup_policy``), so a copy taken here is one of the app's copies.
``restore --recovery-code`` installs a backup from a lost computer with the office's
recovery sheet (``offline.store.recovery``); plain ``restore`` uses this PC's key.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from offline.cli_common import EXIT_OK, emit, open_store, profile_key, say


def backup(args: argparse.Namespace) -> int:
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
    with open_store(args) as store:
        key = profile_key(args.profile)
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
    emit(
        args,
        data,
        f"已备份并校验：{made.path}（审计记录 {made.audit_entries} 条）",
        f"backed up and verified: {made.path} ({made.audit_entries} audit entries)",
    )
    if made.mirror_warning:
        say(*made.mirror_warning, err=True)
    if not data["recovery_file"]:
        say(
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
    emit(
        args,
        {"path": str(dest), "audit_entries": count, "verified": True},
        f"已备份到 {dest}（审计记录 {count} 条；自定文件名不参与轮换）",
        f"backed up to {dest} ({count} audit entries; a file name of your own is not rotated)",
    )
    return EXIT_OK


def list_backups_command(args: argparse.Namespace) -> int:
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


def recovery_key(args: argparse.Namespace) -> int:
    from offline.domain.clock import now_utc
    from offline.store import recovery

    with open_store(args) as store:
        key = profile_key(args.profile)
        code = recovery.set_up(store.path.parent, key, device_id=store.device_id, now=now_utc())
    data = {"recovery_code": code.grouped(), "recovery_id": code.recovery_id}
    if args.json:
        print(json.dumps(data, sort_keys=True))
        return EXIT_OK
    print(code.grouped())
    say(
        f"以上是新的恢复码（恢复单编号 {code.recovery_id}），只显示这一次：请打印或抄写后"
        "存放在办公室保险柜中。此后的备份都可以用它在新电脑上打开；更早的备份仍需要原来的恢复单。",
        f"Above is the new recovery code (sheet {code.recovery_id}), shown only this once: "
        "print or copy it and keep it in the office safe. Backups from now on open with it on "
        "a new computer; older backups still need the previous sheet.",
        err=True,
    )
    return EXIT_OK


def restore_command(args: argparse.Namespace) -> int:
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

    key = profile_key(args.profile)
    result = restore(
        db_path(args.profile, args.data_dir), source, key, replace_newer=args.replace_newer
    )
    aside = f"；原数据库已另存为 {result.replaced_aside}" if result.replaced_aside else ""
    aside_en = f"; the old database was kept as {result.replaced_aside}" if aside else ""
    emit(
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
    emit(
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
