"""`counterdesk doctor --profile NAME`: can this counter PC work and sync? (自检)

Support staff on the phone with a township office need one command that says, in plain
words (Chinese first, English second), what is wrong: the OS keyring (密钥环) is usable,
the encrypted database opens and passes its integrity check, its schema version, the
platform answers /health, TLS and the proxy settings work, the clock difference from the
platform (from the HTTP `Date` header), and how many actions wait to be pushed. Each check
is a `Check`; the exit code is non-zero when any check failed (warnings do not fail).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sqlite3
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal

import sqlcipher3

from offline.data_dir import resolve_data_dir
from offline.store import health, introspection, keys, paths, support
from offline.store.errors import StoreError
from offline.store.migrations import LATEST
from offline.store.opening import open_profile
from offline.store.store import Store
from sync import profile_network

log = logging.getLogger(__name__)
# What a damaged page raises from inside SQLite; doctor reports it instead of crashing.
ENGINE_ERRORS = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)

Level = Literal["ok", "warn", "fail"]
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CLOCK_WARN_S = 60.0  # tokens and due dates tolerate a minute
CLOCK_FAIL_S = 300.0  # beyond five minutes sign-in tokens and timestamps go wrong
PROBE_USER = "doctor-probe"


@dataclass(frozen=True, slots=True)
class Check:
    """One result: `key` names the check; `zh`/`en` say it in plain words."""

    key: str
    level: Level
    zh: str
    en: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DoctorOptions:
    profile: str
    data_dir: Path | None = None
    platform_url: str | None = None
    proxy: str | None = None
    extra_ca_bundle: Path | None = None
    timeout_s: float = 5.0


def check_keyring() -> Check:
    """The OS keyring is secure and a probe secret can be written, read back and removed."""
    import keyring

    try:
        backend = keys.require_secure_keyring()
        value = os.urandom(8).hex()
        keyring.set_password(keys.SERVICE, PROBE_USER, value)
        back = keyring.get_password(keys.SERVICE, PROBE_USER)
        keyring.delete_password(keys.SERVICE, PROBE_USER)
    except StoreError as exc:
        return Check("keyring", "fail", exc.zh, exc.en)
    except Exception as exc:  # any backend error means "not usable"
        name = type(exc).__name__
        return Check(
            "keyring", "fail", f"系统密钥环不可用（{name}）", f"OS keyring unusable ({name})"
        )
    if back != value:
        return Check("keyring", "fail", "系统密钥环读写不一致", "OS keyring did not keep a secret")
    kind = type(backend).__name__
    return Check("keyring", "ok", f"系统密钥环可用（{kind}）", f"OS keyring usable ({kind})")


def check_store(store: Store) -> list[Check]:
    """Integrity, schema version and pending actions of an open store; a read that fails
    on a damaged page becomes a failed check, never an exception."""
    out: list[Check] = []
    try:
        store.integrity_check()
        out.append(
            Check("integrity", "ok", "数据库完整性检查通过", "Database integrity check passed")
        )
    except StoreError as exc:
        _log_detail(exc)
        out.append(Check("integrity", "fail", exc.zh, exc.en))
    try:
        version = support.schema_version(store)
        shape = introspection.schema_overview(store, with_rows=False)["tables"]
        counts = store.sync_counts()
    except ENGINE_ERRORS as exc:
        log.warning("doctor: reading the store failed: %s", exc)
        out.append(
            Check(
                "pending",
                "fail",
                "无法读取待上传操作（数据库已损坏）",
                "Cannot read the actions waiting to be pushed (the database is damaged)",
            )
        )
        return out
    level: Level = "ok" if version == LATEST else "fail"
    out.append(
        Check(
            "schema",
            level,
            f"数据库版本 {version}（程序支持 {LATEST}）",
            f"Schema version {version} (program supports {LATEST})",
            {
                "version": version,
                "latest": LATEST,
                "tables": len(shape),
                "indexes": sum(len(table["indexes"]) for table in shape.values()),
            },
        )
    )
    pending = int(counts.get("pending") or 0)
    oldest = counts.get("oldest_pending_at")
    out.append(
        Check(
            "pending",
            "ok" if pending == 0 else "warn",
            f"待上传操作 {pending} 条" + (f"，最早 {oldest}" if oldest else ""),
            f"{pending} action(s) waiting to be pushed" + (f", oldest {oldest}" if oldest else ""),
            {k: counts.get(k) for k in ("pending", "oldest_pending_at", "conflicts", "rejected")},
        )
    )
    return out


def check_database(opts: DoctorOptions) -> list[Check]:
    """The file examined read-only first (keyring, key, damage: which tables and pages),
    then, if it is sound, opened for the integrity, schema and pending checks."""
    found = health.examine_profile(opts.profile, opts.data_dir)
    if not found.ok:
        report = found.report
        if report is not None and report.problems:
            log.warning("doctor: %s: %s", found.state, "; ".join(report.problems))
        detail: dict[str, Any] = {"error": found.state}
        if report is not None and not report.ok:
            detail.update(tables=list(report.tables), pages=list(report.pages))
        return [Check("database", "fail", found.zh, found.en, detail)]
    try:
        store = open_profile(opts.profile, opts.data_dir, check="none")
    except StoreError as exc:
        _log_detail(exc)
        return [Check("database", "fail", exc.zh, exc.en, {"error": exc.code})]
    except ENGINE_ERRORS as exc:
        log.warning("doctor: opening the store failed: %s", exc)
        return [
            Check(
                "database",
                "fail",
                "数据库无法打开（文件已损坏）。请从备份恢复。",
                "The database cannot be opened (the file is damaged). Restore from a backup.",
                {"error": "database_corrupt"},
            )
        ]
    try:
        return [
            Check("database", "ok", "加密数据库可以打开", "Encrypted database opens"),
            *check_store(store),
        ]
    finally:
        store.close()


def _log_detail(exc: StoreError) -> None:
    if exc.detail:
        log.warning("doctor: %s: %s", exc.code, exc.detail)


def clock_offset(date_header: str, received: datetime) -> float:
    """Seconds the platform's clock is ahead of ours (negative: behind)."""
    return (parsedate_to_datetime(date_header) - received).total_seconds()


def clock_check(offset: float) -> Check:
    magnitude = abs(offset)
    level: Level = "ok" if magnitude <= CLOCK_WARN_S else "warn"
    if magnitude > CLOCK_FAIL_S:
        level = "fail"
    side_zh = "快" if offset < 0 else "慢"
    side_en = "ahead of" if offset < 0 else "behind"
    return Check(
        "clock",
        level,
        f"本机时钟比平台{side_zh} {magnitude:.0f} 秒"
        + ("，请校准系统时间" if level != "ok" else ""),
        f"This PC's clock is {magnitude:.0f} s {side_en} the platform"
        + ("; please correct the system time" if level != "ok" else ""),
        {"offset_seconds": round(offset, 1)},
    )


def admin_steps(url: str, proxy: str | None, code: str) -> tuple[str, str]:
    """What an IT admin checks, in order, when the platform does not answer (not the
    clerk's "work offline" wording: the admin is here to fix the link)."""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    name = host.split(":")[0]
    proxy_zh = f"确认代理 {proxy} 可用" if proxy else "确认本机是否需要代理（设置 → 代理）"
    proxy_en = f"check that {proxy} works" if proxy else "does this PC need a proxy (Settings)?"
    zh = [
        f"1. 代理：{proxy_zh}；",
        f"2. 域名：确认 {name} 能解析（nslookup）；",
        "3. 证书：若为 HTTPS，确认平台证书由受信任的根证书签发，或在设置中添加单位根证书；",
        f"4. 端口：确认防火墙放行 {host}。",
    ]
    en = [
        f"1. proxy: {proxy_en};",
        f"2. DNS: check that {name} resolves (nslookup);",
        "3. certificate: for HTTPS, check the platform's certificate chains to a trusted "
        "root, or add the office's root CA in Settings;",
        f"4. port: check that the firewall lets {host} through.",
    ]
    if code == "certificate_untrusted":
        zh.insert(0, "证书不受信任。")
        en.insert(0, "The certificate is not trusted.")
    return "请依次检查：" + "".join(zh), "Check in order: " + " ".join(en)


async def check_platform(opts: DoctorOptions, url: str) -> list[Check]:
    """/health through the configured TLS and proxy settings, and the clock offset."""
    from client.api import PlatformClient
    from client.errors import CertificateUntrusted, ClientError
    from client.settings import RetryPolicy, Timeouts

    t = opts.timeout_s
    settings = profile_network.client_settings(
        opts.profile,
        paths.profile_dir(opts.profile, opts.data_dir),
        url,
        timeouts=Timeouts(connect=t, read=t, write=t, pool=t),
        retry=RetryPolicy(attempts=1, timeout=t),
        extra_ca_bundle=opts.extra_ca_bundle,
        proxy=opts.proxy,
    )
    via = f"（代理 {settings.proxy}）" if settings.proxy else ""
    via_en = f" (proxy {settings.proxy})" if settings.proxy else ""
    try:
        async with PlatformClient(settings) as client:
            response = await client.send("GET", "/health", authenticated=False)
            received = datetime.now(UTC)
    except CertificateUntrusted as exc:
        zh, en = exc.message("zh_CN"), exc.message("en")
        return [
            Check("platform", "fail", f"无法连接平台 {url}", f"Cannot reach the platform {url}"),
            Check("tls", "fail", f"证书不受信任：{zh}", f"Certificate not trusted: {en}"),
        ]
    except ClientError as exc:
        steps_zh, steps_en = admin_steps(url, settings.proxy, exc.code)
        return [
            Check(
                "platform",
                "fail",
                f"无法连接平台 {url}{via}（{exc.code}）。{steps_zh}",
                f"Cannot reach the platform {url}{via_en} ({exc.code}). {steps_en}",
                {"error": exc.code},
            )
        ]
    body: Any = None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code != 200 or not isinstance(body, dict) or body.get("status") != "ok":
        return [
            Check(
                "platform",
                "fail",
                f"平台 {url} 应答异常（HTTP {response.status_code}），可能是网关或登录页",
                f"Platform {url} answered HTTP {response.status_code}, not its health "
                "(a gateway or captive portal?)",
            )
        ]
    out = [
        Check(
            "platform",
            "ok",
            f"平台可访问：{url}",
            f"Platform reachable: {url}",
            {"epoch": body.get("epoch"), "schema_versions": body.get("schema_versions")},
        )
    ]
    tls = url.lower().startswith("https://")
    out.append(
        Check(
            "tls",
            "ok" if tls else "warn",
            ("TLS 证书校验通过" if tls else "未使用 HTTPS 加密连接") + via,
            ("TLS certificate verified" if tls else "Not an HTTPS connection") + via_en,
            {
                "proxy": bool(settings.proxy),
                "extra_ca_bundle": settings.extra_ca_bundle is not None,
            },
        )
    )
    date_header = response.headers.get("date")
    if date_header:
        out.append(clock_check(clock_offset(date_header, received)))
    else:
        out.append(
            Check("clock", "warn", "平台未提供时间，无法比较时钟", "Platform sent no Date header")
        )
    return out


def registration(profile: str, data_dir: Path | None) -> dict[str, Any]:
    """The profile's non-secret registration.json (platform URL, office), or {}."""
    try:
        data = json.loads(
            (paths.profile_dir(profile, data_dir) / "registration.json").read_text("utf-8")
        )
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def diagnose(opts: DoctorOptions) -> list[Check]:
    """Run every check in order; the store is opened and closed on this thread."""
    results = [check_keyring(), *check_database(opts)]
    url = opts.platform_url or registration(opts.profile, opts.data_dir).get("platform_url")
    if not url:
        results.append(
            Check(
                "platform", "fail", "未配置平台地址", "No platform URL configured (--platform-url)"
            )
        )
    else:
        results += asyncio.run(check_platform(opts, str(url)))
    return results


def exit_code(results: list[Check]) -> int:
    return EXIT_FAILED if any(c.level == "fail" for c in results) else EXIT_OK


_MARK = {"ok": "✓", "warn": "!", "fail": "✗"}


def render(results: list[Check]) -> str:
    return "\n".join(f"[{_MARK[c.level]}] {c.zh}\n    {c.en}" for c in results)


def register(subparsers: Any) -> None:
    """Add `doctor` to an argparse subparsers object (see ui/cli.py)."""
    p = subparsers.add_parser("doctor", help="自检 / check this PC, store and platform link")
    p.add_argument("--profile", required=True, help="配置名称 / profile name")
    p.add_argument("--data-dir", type=Path, default=None, help="profiles root directory")
    p.add_argument("--platform-url", help="平台地址 / platform URL (default: registration)")
    p.add_argument("--proxy", help="代理 / proxy URL")
    p.add_argument("--ca-bundle", type=Path, help="额外根证书 / extra CA bundle (PEM)")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds per network step")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    try:
        paths.check_profile(args.profile)
    except StoreError as exc:
        print(f"{exc.zh}\n{exc.en}", file=sys.stderr)
        return EXIT_USAGE
    opts = DoctorOptions(
        profile=args.profile,
        data_dir=data_dir,
        platform_url=args.platform_url,
        proxy=args.proxy,
        extra_ca_bundle=args.ca_bundle,
        timeout_s=args.timeout,
    )
    results = diagnose(opts)
    if args.json:
        print(json.dumps([asdict(c) for c in results], ensure_ascii=False))
    else:
        print(render(results))
    return exit_code(results)
