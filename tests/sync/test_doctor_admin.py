"""`doctor` speaks to the IT admin: it connects exactly as the app does (the profile's saved
proxy and CA), and when the platform does not answer it lists what to check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from central.runner import free_port
from sync import doctor
from tests.fixtures.store import CLERK, intake_fields


@pytest.fixture
def profile(store_factory: Any, tmp_path: Path, platform_server: Any) -> Iterator[Path]:
    data = tmp_path / "data"
    store = store_factory("adm", data_dir=data)
    store.intake(CLERK, **intake_fields())
    store.close()
    reg = {"platform_url": platform_server.base_url, "office_code": "520102"}
    (data / "profiles" / "adm" / "registration.json").write_text(json.dumps(reg), "utf-8")
    yield data


def _platform(results: list[doctor.Check]) -> doctor.Check:
    return next(c for c in results if c.key == "platform")


def _save_preferences(data: Path, prefs: dict[str, Any]) -> None:
    (data / "profiles" / "adm" / "preferences.json").write_text(json.dumps(prefs), "utf-8")


def test_a_dead_proxy_saved_in_the_profile_is_used_and_named(profile: Path) -> None:
    assert _platform(doctor.diagnose(doctor.DoctorOptions("adm", profile))).level == "ok"
    dead = f"http://127.0.0.1:{free_port()}"
    _save_preferences(profile, {"proxy_mode": "manual", "proxy_url": dead})
    check = _platform(doctor.diagnose(doctor.DoctorOptions("adm", profile, timeout_s=2)))
    assert check.level == "fail"
    assert dead in check.zh and dead in check.en


def test_proxy_mode_none_ignores_the_environment(
    profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NO_PROXY", "")
    _save_preferences(profile, {"proxy_mode": "none"})
    assert _platform(doctor.diagnose(doctor.DoctorOptions("adm", profile))).level == "ok"


def test_a_platform_that_is_down_gets_admin_steps(profile: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    results = doctor.diagnose(doctor.DoctorOptions("adm", profile, platform_url=url, timeout_s=2))
    check = _platform(results)
    assert check.level == "fail"
    for zh in ("代理", "域名", "证书", "端口"):
        assert zh in check.zh
    for en in ("proxy", "DNS", "certificate", "port"):
        assert en in check.en
    assert "离线" not in check.zh  # not the clerk's "working offline" wording
