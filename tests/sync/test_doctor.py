"""`counterdesk doctor`: each check against the real store, keyring and loopback platform."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest

from central.runner import free_port
from offline.store import keys
from sync import doctor
from tests.fixtures.store import CLERK, intake_fields
from ui.cli import main


@pytest.fixture
def profile(store_factory: Any, tmp_path: Path, platform_server: Any) -> Iterator[Path]:
    """A registered profile with one pending intake; registration names the platform."""
    data = tmp_path / "data"
    store = store_factory("doc", data_dir=data)
    store.intake(CLERK, **intake_fields())
    store.close()
    reg = {"platform_url": platform_server.base_url, "office_code": "520102"}
    (data / "profiles" / "doc" / "registration.json").write_text(json.dumps(reg), "utf-8")
    yield data


def _levels(results: list[doctor.Check]) -> dict[str, str]:
    return {c.key: c.level for c in results}


def test_healthy_profile_passes_with_plain_bilingual_lines(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["doctor", "--profile", "doc", "--data-dir", str(profile)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "系统密钥环可用" in out and "OS keyring usable" in out
    assert "待上传操作 1 条" in out and "1 action(s) waiting" in out
    assert "平台可访问" in out and "Platform reachable" in out


def test_json_lists_every_check(profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--profile", "doc", "--data-dir", str(profile), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    levels = {r["key"]: r["level"] for r in rows}
    assert levels == {
        "keyring": "ok", "database": "ok", "integrity": "ok", "schema": "ok",
        "pending": "warn", "platform": "ok", "tls": "warn", "clock": "ok",
    }  # fmt: skip
    clock = next(r for r in rows if r["key"] == "clock")
    assert abs(clock["detail"]["offset_seconds"]) < 5  # same machine
    schema = next(r for r in rows if r["key"] == "schema")["detail"]
    assert schema["tables"] >= 10 and schema["indexes"] >= schema["tables"] // 2


def test_unreachable_platform_fails(profile: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    results = doctor.diagnose(doctor.DoctorOptions("doc", profile, platform_url=url, timeout_s=2))
    assert _levels(results)["platform"] == "fail"
    assert doctor.exit_code(results) == 1
    failed = next(c for c in results if c.key == "platform")
    assert url in failed.zh and "Cannot reach" in failed.en


def test_dead_proxy_is_named(profile: Path, platform_server: Any) -> None:
    proxy = f"http://127.0.0.1:{free_port()}"
    opts = doctor.DoctorOptions("doc", profile, proxy=proxy, timeout_s=2)
    results = doctor.diagnose(opts)
    failed = next(c for c in results if c.key == "platform")
    assert failed.level == "fail" and proxy in failed.zh and proxy in failed.en


def test_tls_to_a_plain_http_platform_fails(profile: Path, platform_server: Any) -> None:
    url = platform_server.base_url.replace("http://", "https://")
    results = doctor.diagnose(doctor.DoctorOptions("doc", profile, platform_url=url, timeout_s=2))
    assert _levels(results)["platform"] == "fail"


def test_missing_database_key_fails(profile: Path) -> None:
    keyring.delete_password(keys.SERVICE, keys.key_username("doc"))
    results = doctor.diagnose(doctor.DoctorOptions("doc", profile))
    levels = _levels(results)
    assert levels["database"] == "fail" and levels["keyring"] == "ok"
    assert "integrity" not in levels  # nothing else was attempted on a store that won't open
    assert doctor.exit_code(results) == 1


def test_unusable_keyring_fails() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        check = doctor.check_keyring()
    finally:
        keyring.set_keyring(previous)
    assert check.level == "fail" and check.zh and check.en


def test_unknown_profile_fails_without_creating_anything(tmp_path: Path) -> None:
    data = tmp_path / "empty"
    assert main(["doctor", "--profile", "nobody", "--data-dir", str(data)]) == 1
    assert not (data / "profiles" / "nobody" / "store.db").exists()
    assert main(["doctor", "--profile", "../x", "--data-dir", str(data)]) == 2


@pytest.mark.parametrize(
    ("skew", "level"), [(0, "ok"), (-90, "warn"), (120, "warn"), (-400, "fail"), (3600, "fail")]
)
def test_clock_offset_from_the_date_header(skew: int, level: str) -> None:
    now = datetime(2026, 11, 26, 6, 0, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=skew), usegmt=True)
    offset = doctor.clock_offset(header, now)
    assert offset == skew
    assert doctor.clock_check(offset).level == level
