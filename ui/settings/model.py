"""The settings model (设置): what may be set, by whom, and how it is checked and saved.

Qt-free on purpose: the dialog only collects raw values; this module decides. A change is
checked as a whole — every field validated, every permission checked — before anything is
written, so a refused change leaves the files exactly as they were. Who may change what:

- clerks (and anyone on a registered computer before sign-in): language and printer;
- supervisors (窗口负责人): everything, i.e. also platform address, proxy, extra CA
  bundle, idle-lock minutes, sync interval and the backup schedule — settings that can cut
  a counter off the platform or weaken the lock of an unattended screen;
- an unregistered computer (first setup, nobody can sign in yet): everything, because the
  proxy and CA are needed to reach the platform for the first time.

Files: the platform address stays in ``registration.json`` (the controller, the ``sync``
and ``doctor`` commands read it there); every other choice goes to the profile's
``preferences.json``. Both are written atomically and never hold secrets (a proxy address
with a password is refused).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from offline.backup_schedule import DEFAULT_KEEP, MAX_KEEP, BackupRefused, parse_daily_time
from ui.profile import Profile
from ui.settings.validators import (
    Issue,
    check_ca_bundle,
    check_int,
    check_platform_url,
    check_proxy_url,
)

LANGUAGES = ("zh_CN", "en")
PROXY_MODES = ("none", "system", "manual")
IDLE_RANGE = (1, 120)
SYNC_RANGE = (1, 60)
DEFAULT_IDLE_MINUTES = 10
DEFAULT_SYNC_MINUTES = 5  # sync.scheduler.Timing.period is 300 s
DEFAULT_BACKUP_TIME = "12:10"
CLERK_FIELDS = frozenset({"language", "printer"})
RESTART_FIELDS = ("language", "platform_url", "proxy_mode", "proxy_url", "ca_bundle")

# (zh, en) names for messages
LABELS: dict[str, tuple[str, str]] = {
    "platform_url": ("平台地址", "Platform address"),
    "proxy_mode": ("代理", "Proxy"),
    "proxy_url": ("代理地址", "Proxy address"),
    "ca_bundle": ("附加 CA 证书", "Extra CA bundle"),
    "language": ("界面语言", "Language"),
    "idle_minutes": ("自动锁屏分钟数", "Idle-lock minutes"),
    "sync_minutes": ("同步间隔分钟数", "Sync interval minutes"),
    "printer": ("打印机", "Printer"),
    "backup_folder": ("备份文件夹", "Backup folder"),
    "backup_time": ("每日备份时间", "Daily backup time"),
    "backup_keep": ("保留备份份数", "Backups to keep"),
    "backup_mirror": ("第二备份位置", "Second backup place"),
}


@dataclass(frozen=True)
class Preferences:
    """The non-secret choices kept in ``preferences.json`` (defaults when never saved)."""

    language: str = "zh_CN"
    printer: str = ""  # "" = the system's default printer (默认打印机)
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    sync_minutes: int = DEFAULT_SYNC_MINUTES
    proxy_mode: str = "system"  # none | system (environment / OS settings) | manual
    proxy_url: str = ""
    ca_bundle: str = ""
    backup_folder: str = ""  # "" = <profile>/backups
    backup_time: str = DEFAULT_BACKUP_TIME
    backup_keep: int = DEFAULT_KEEP
    backup_mirror: str = ""  # "" = none; a USB drive or network share folder
    saved: frozenset[str] = field(default=frozenset(), compare=False)  # keys in the file

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Preferences:
        """Read saved values, ignoring unknown keys and hand-edited values that are invalid."""
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "saved" or f.name not in data:
                continue
            value = data[f.name]
            # a CA file or folder that vanished is kept: the client then says what is wrong
            shape_only = f.name in ("ca_bundle", "backup_folder", "backup_mirror")
            if type(value) is type(getattr(defaults, f.name)) and (
                shape_only or not _field_issues(f.name, value, defaults)
            ):
                values[f.name] = value
        return replace(defaults, **values, saved=frozenset(values))

    def to_dict(self) -> dict[str, Any]:
        """The explicit choices only: what was never set keeps following the defaults."""
        data = asdict(self)
        return {k: v for k, v in data.items() if k in self.saved}


@dataclass(frozen=True)
class Settings:
    """Everything the settings dialog edits."""

    platform_url: str
    prefs: Preferences

    def value(self, name: str) -> Any:
        return self.platform_url if name == "platform_url" else getattr(self.prefs, name)


FIELDS = ("platform_url", *(f.name for f in fields(Preferences) if f.name != "saved"))


@dataclass(frozen=True)
class Editor:
    """Who is changing settings: the signed-in role (None before sign-in)."""

    role: str | None
    registered: bool

    @property
    def setup(self) -> bool:
        """An unregistered computer: nobody can sign in yet, everything is editable."""
        return self.role is None and not self.registered

    def may_change(self, name: str) -> bool:
        return name in CLERK_FIELDS or self.role == "supervisor" or self.setup


class SettingsRefused(Exception):
    """The change was refused; ``issues`` says why per field. Nothing was written."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(f"{i.field}: {i.en}" for i in issues))

    def message(self, lang: str = "zh_CN") -> str:
        sep = "\n"
        return sep.join(i.message(lang) for i in self.issues)

    def for_field(self, name: str) -> Issue | None:
        return next((i for i in self.issues if i.field == name), None)


def load(profile: Profile) -> Settings:
    return Settings(
        platform_url=profile.load_registration().platform_url,
        prefs=Preferences.from_dict(profile.load_preferences()),
    )


def _forbidden(name: str) -> Issue:
    zh, en = LABELS[name]
    return Issue(
        name,
        "forbidden",
        f"只有窗口负责人可以修改“{zh}”。",
        f"Only a supervisor may change “{en}”.",
    )


def _normalize(name: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if name == "platform_url":
            return value.rstrip("/")
        if name in ("ca_bundle", "backup_folder", "backup_mirror") and value:
            return str(Path(value).expanduser().absolute())
        if name == "backup_time":
            try:
                return parse_daily_time(value).strftime("%H:%M")
            except BackupRefused:
                return value
    if name in ("idle_minutes", "sync_minutes", "backup_keep") and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _field_issues(name: str, value: Any, merged: Preferences | Settings) -> list[Issue]:
    """Problems with one value (cross-field rules see the merged result)."""
    zh, en = LABELS.get(name, (name, name))
    problem: Issue | None = None
    if name == "platform_url":
        problem = check_platform_url(value) if value else None
    elif name == "language" and value not in LANGUAGES:
        problem = Issue(
            name, "bad_choice", "界面语言只能是中文或 English。", "Choose 中文 or English."
        )
    elif name == "proxy_mode" and value not in PROXY_MODES:
        problem = Issue(name, "bad_choice", "代理设置无效。", "Invalid proxy setting.")
    elif name == "proxy_url" and value:
        problem = check_proxy_url(value)
    elif name == "ca_bundle" and value:
        problem = check_ca_bundle(value)
    elif name == "idle_minutes":
        problem = check_int(value, *IDLE_RANGE, name, zh, en)
    elif name == "sync_minutes":
        problem = check_int(value, *SYNC_RANGE, name, zh, en)
    elif name == "backup_keep":
        problem = check_int(value, 1, MAX_KEEP, name, zh, en)
    elif name == "backup_time":
        try:
            parse_daily_time(str(value))
        except BackupRefused as exc:
            problem = Issue(name, exc.code, exc.zh, exc.en)
    elif name == "backup_folder" and value:
        problem = _check_folder(Path(value))
    elif name == "backup_mirror" and value:
        # an unplugged USB drive is fine here: each backup then warns; a file is not
        problem = _check_mirror(Path(value))
    elif name == "printer" and (len(value) > 200 or any(ord(c) < 32 for c in value)):
        problem = Issue(name, "bad_printer", "打印机名称无效。", "Invalid printer name.")
    return [problem] if problem else []


def _check_folder(folder: Path) -> Issue | None:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if (folder.exists() and not folder.is_dir()) or not probe.is_dir():
        return Issue(
            "backup_folder",
            "bad_folder",
            f"备份位置不是文件夹：{folder}",
            f"The backup location is not a folder: {folder}",
        )
    if not os.access(probe, os.W_OK | os.X_OK):
        return Issue(
            "backup_folder",
            "bad_folder",
            f"没有写入备份文件夹的权限：{folder}",
            f"No permission to write to the backup folder: {folder}",
        )
    return None


def _check_mirror(folder: Path) -> Issue | None:
    try:
        not_a_folder = any(ord(c) < 32 for c in str(folder)) or (
            folder.exists() and not folder.is_dir()
        )
    except (OSError, ValueError):  # an over-long or unreadable name
        not_a_folder = True
    if not_a_folder:
        return Issue(
            "backup_mirror",
            "bad_folder",
            f"第二备份位置不是文件夹：{folder}",
            f"The second backup place is not a folder: {folder}",
        )
    return None


def check(current: Settings, changes: Mapping[str, Any], editor: Editor) -> Settings:
    """The settings after ``changes``, or SettingsRefused listing every problem."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    values = {name: _normalize(name, v) for name, v in changes.items()}
    changed = {n: v for n, v in values.items() if v != current.value(n)}
    issues = [_forbidden(n) for n in changed if not editor.may_change(n)]
    if issues:
        raise SettingsRefused(issues)
    pref_changes = {n: v for n, v in changed.items() if n != "platform_url"}
    for name, value in changed.items():
        expected = type(current.value(name))
        if not isinstance(value, expected):
            zh, en = LABELS[name]
            issues.append(Issue(name, "bad_value", f"“{zh}”的值无效。", f"Invalid {en}."))
        else:
            issues.extend(_field_issues(name, value, current))
    url = changed.get("platform_url", current.platform_url)
    if "platform_url" in changed and not url and editor.registered:
        issues.extend(i for i in [check_platform_url("")] if i is not None)
    if issues:
        raise SettingsRefused(issues)
    prefs = replace(current.prefs, **pref_changes)
    if prefs.proxy_mode == "manual" and not prefs.proxy_url:
        issues.append(
            Issue(
                "proxy_url",
                "proxy_required",
                "选择“手动代理”时必须填写代理地址。",
                "A proxy address is required for a manual proxy.",
            )
        )
        raise SettingsRefused(issues)
    return Settings(platform_url=url, prefs=replace(prefs, saved=prefs.saved | set(pref_changes)))


def save(profile: Profile, before: Settings, after: Settings) -> None:
    """Write what changed (preferences first, then the registration's platform address)."""
    if after.prefs != before.prefs or after.prefs.saved != before.prefs.saved:
        profile.save_preferences(after.prefs.to_dict())
    if after.platform_url != before.platform_url:
        registration = profile.load_registration()
        registration.platform_url = after.platform_url
        profile.save_registration(registration)


def changed_fields(before: Settings, after: Settings) -> list[str]:
    """Names of the settings that differ (for the audit log: names, never values)."""
    names = ["platform_url"] if before.platform_url != after.platform_url else []
    return names + [
        f.name
        for f in fields(Preferences)
        if f.name != "saved" and getattr(before.prefs, f.name) != getattr(after.prefs, f.name)
    ]


def needs_restart(before: Settings, after: Settings) -> list[str]:
    """Changed fields that only take effect when CounterDesk starts again."""
    return [n for n in RESTART_FIELDS if before.value(n) != after.value(n)]


def startup_language(profile: Profile, requested: str | None = None) -> str:
    """The UI language at start: ``--lang`` when given, else the saved choice (zh_CN)."""
    if requested in LANGUAGES:
        return str(requested)
    return Preferences.from_dict(profile.load_preferences()).language
