"""`counterdesk diagnostics --profile NAME --out FILE.zip`: a bundle for support (诊断包).

A supervisor e-mails this zip to support, so it must hold what explains a problem — logs,
sync state, settings, versions, the doctor's checks without the network — and nothing that
identifies a citizen or opens the store: ID numbers, phones and Han-script names are masked
in every text file; every secret this profile keeps in the keyring (database key, access and
refresh tokens) is removed wherever it appears; keyring files and the database itself are
never copied; settings keys that look secret are dropped. Outbox and conflict rows appear
only as counts and error codes, never payloads.
"""

from __future__ import annotations

import argparse
import configparser
import io
import json
import os
import platform
import re
import sys
import zipfile
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from offline.data_dir import resolve_data_dir
from offline.masking import mask
from offline.store import health, introspection, keys, paths, support
from offline.store.errors import StoreError
from offline.store.opening import open_profile
from offline.store.store import Store
from sync import doctor

EXIT_OK, EXIT_USAGE = 0, 2
LOG_GLOB = "counterdesk.log*"
SECRET_KEY = re.compile(r"pass|token|secret|key|cookie|auth", re.IGNORECASE)
PACKAGES = ("counterdesk", "PySide6", "httpx", "sqlcipher3", "keyring", "pydantic", "openpyxl")


def profile_secrets(profile: str, usernames: list[str]) -> list[str]:
    """Every secret of the profile in the keyring: the DB key (hex) and the users' tokens."""
    import keyring

    names = [keys.key_username(profile)]
    for user in usernames:
        names += [f"access:{profile}:{user}", f"refresh:{profile}:{user}"]
    found: list[str] = []
    for name in names:
        try:
            value = keyring.get_password(keys.SERVICE, name)
        except Exception:  # an unusable keyring holds nothing to scrub
            continue
        if value:
            found.append(value)
    return found


def scrub(text: str, secrets: list[str]) -> str:
    """Mask personal data, then cut out every known secret (also in upper case)."""
    for secret in secrets:
        for form in {secret, secret.upper(), secret.lower()}:
            text = text.replace(form, "[secret removed]")
    return mask(text)


def _settings_text(path: Path) -> str | None:
    """settings.ini (QSettings) without keys that look secret."""
    if not path.exists():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return "# settings.ini unreadable\n"
    for section in parser.sections():
        for option in list(parser[section]):
            if SECRET_KEY.search(option):
                parser[section][option] = "[removed]"
    out = io.StringIO()
    parser.write(out)
    return out.getvalue()


# The app's preferences (proxy, CA, intervals) and the daily backup's last result: both
# explain a device's behaviour and hold no personal data; secrets are dropped anyway.
PROFILE_JSON = ("preferences.json", "backup-state.json")
_URL_USERINFO = re.compile(r"(://)[^/@\s]+@")


def _profile_json(path: Path) -> str | None:
    """A profile JSON file with secret-looking keys and URL credentials removed."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return f"# {path.name} unreadable\n"
    return _URL_USERINFO.sub(r"\1[removed]@", _json(_drop_secret_keys(data)))


def _drop_secret_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: "[removed]" if SECRET_KEY.search(str(k)) else _drop_secret_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_drop_secret_keys(v) for v in value]
    return value


def versions() -> dict[str, Any]:
    found: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return {
        "python": sys.version,
        "platform": platform.platform(),
        "packages": found,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def store_state(profile: str, data_dir: Path | None) -> tuple[dict[str, Any], list[str]]:
    """Sync state, counts and audit verdict (no record contents, no payloads), and the
    usernames that signed in on this device (whose tokens the keyring may hold).

    Never raises: a missing key, a wrong key or a damaged file becomes the state that
    support needs to see (which tables and pages are hit), and the bundle is still made."""
    found = health.examine_profile(profile, data_dir)
    if not found.ok:
        state: dict[str, Any] = {"error": found.state, "zh": found.zh, "en": found.en}
        if found.report is not None and not found.report.ok:
            state["damage"] = {
                "tables": list(found.report.tables),
                "pages": list(found.report.pages),
                "engine": list(found.report.problems[:20]),
            }
        return state, []
    try:
        store = open_profile(profile, data_dir, check="none")
    except StoreError as exc:
        return {"error": exc.code, "zh": exc.zh, "en": exc.en, "engine": exc.detail}, []
    except doctor.ENGINE_ERRORS as exc:
        return {"error": "database_corrupt", "engine": str(exc)}, []
    try:
        return _open_store_state(store)
    except doctor.ENGINE_ERRORS as exc:
        return {"error": "database_corrupt", "engine": str(exc)}, []
    finally:
        store.close()


def _open_store_state(store: Store) -> tuple[dict[str, Any], list[str]]:
    usernames = support.signed_in_usernames(store)
    info = store.info()
    info.pop("path", None)
    audit = store.verify_audit()
    state = {
        "info": info,
        "sync_counts": store.sync_counts(),
        "pull_cursor": store.pull_cursor(),
        **support.outbox_summary(store),
        "audit": {"ok": audit.ok, "entries": audit.entries, "first_bad": audit.first_bad_seq},
        "schema": introspection.schema_overview(store),
    }
    return state, usernames


def build(profile: str, out: Path, data_dir: Path | None = None) -> list[str]:
    """Write the zip to `out`; returns the member names."""
    root = paths.profile_dir(profile, data_dir)
    reg = doctor.registration(profile, data_dir)
    state, users = store_state(profile, data_dir)
    users += [str(u) for u in [(reg.get("extra") or {}).get("username")] if u]
    secrets = profile_secrets(profile, sorted(set(users)))
    checks = [doctor.check_keyring()]
    members: dict[str, str] = {
        "versions.json": _json(versions()),
        "sync_state.json": _json(state),
        "registration.json": _json(_drop_secret_keys(reg)),
        "doctor.json": _json([asdict(c) for c in checks]),
    }
    settings = _settings_text(root / "settings.ini")
    if settings is not None:
        members["settings.ini"] = settings
    for name in PROFILE_JSON:
        text = _profile_json(root / name)
        if text is not None:
            members[name] = text
    log_dir = root / "logs"
    if log_dir.is_dir():
        for path in sorted(log_dir.glob(LOG_GLOB)):
            members[f"logs/{path.name}"] = path.read_text("utf-8", errors="replace")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, scrub(text, secrets))
    os.replace(tmp, out)
    return list(members)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def register(subparsers: Any) -> None:
    """Add `diagnostics` to an argparse subparsers object (see ui/cli.py)."""
    p = subparsers.add_parser("diagnostics", help="导出诊断包 / export a diagnostics zip")
    p.add_argument("--profile", required=True, help="配置名称 / profile name")
    p.add_argument("--data-dir", type=Path, default=None, help="profiles root directory")
    p.add_argument("--out", type=Path, required=True, help="输出文件 / output FILE.zip")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    try:
        paths.check_profile(args.profile)
        names = build(args.profile, args.out, data_dir)
    except StoreError as exc:
        print(f"{exc.zh}\n{exc.en}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"无法写入诊断包：{exc}\nCannot write the bundle: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"诊断包已生成 / diagnostics written: {args.out} ({len(names)} files)")
    return EXIT_OK
