"""`counterdesk --self-test` in a fresh process: one JSON line, exit 0 only when every
check passed, a failing part named with what is missing, and no profile left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from central.runner import free_port

ROOT = Path(__file__).resolve().parents[2]


def _self_test(tmp_path: Path, *extra: str, keyring_backend: str) -> tuple[int, dict[str, Any]]:
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        TMPDIR=str(tmp_path / "tmp"),
        PYTHON_KEYRING_BACKEND=keyring_backend,
        COUNTERDESK_ALLOW_FILE_KEYRING="1",
    )
    (tmp_path / "tmp").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--self-test", *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout + done.stderr
    return done.returncode, json.loads(lines[0])


def _checks(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in report["checks"]}


def test_every_part_passes_and_nothing_is_left_behind(tmp_path: Path) -> None:
    code, report = _self_test(tmp_path, keyring_backend="keyrings.alt.file.PlaintextKeyring")
    checks = _checks(report)
    assert code == 0 and report["self_test"] == "ok", report
    assert set(checks) == {
        "store",
        "translations",
        "pdf",
        "keyring",
        "trust_store",
        "time_data",
        "qr",
    }
    assert "退出" in checks["translations"]["detail"]
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary profile is gone


def test_a_missing_keyring_fails_and_says_what_is_missing(tmp_path: Path) -> None:
    code, report = _self_test(tmp_path, keyring_backend="keyring.backends.fail.Keyring")
    checks = _checks(report)
    assert code == 1 and report["self_test"] == "failed"
    assert not checks["keyring"]["ok"] and "keyring" in checks["keyring"]["detail"].lower()
    assert checks["pdf"]["ok"] and checks["qr"]["ok"]  # the other parts were still checked


def test_the_configured_platform_is_checked(tmp_path: Path, platform_server: Any) -> None:
    backend = "keyrings.alt.file.PlaintextKeyring"
    code, report = _self_test(
        tmp_path, "--platform-url", platform_server.base_url, keyring_backend=backend
    )
    assert code == 0 and _checks(report)["platform"]["ok"]
    dead = f"http://127.0.0.1:{free_port()}"
    code, report = _self_test(tmp_path, "--platform-url", dead, keyring_backend=backend)
    assert code == 1 and not _checks(report)["platform"]["ok"]


def test_a_missing_url_value_is_not_a_crash(tmp_path: Path) -> None:
    code, report = _self_test(
        tmp_path, "--platform-url", keyring_backend="keyrings.alt.file.PlaintextKeyring"
    )
    assert code == 0 and "platform" not in _checks(report)
