"""`counterdesk diagnostics`: the zip explains the device yet holds no personal data or secret.

A real store is seeded with real-looking applications, the keyring holds the database key
and a user's tokens, and the profile's log and settings deliberately contain them too (a
leak elsewhere must not travel on in the bundle). Every extracted byte is then searched.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import keyring
import pytest

from offline.store import keys
from offline.store.users import CachedUser
from sync import diagnostics
from tests.fixtures.store import CLERK, intake_fields, valid_id_number
from ui.cli import main

ID_1 = valid_id_number("520102", "19850412", "317")
ID_2 = valid_id_number("520103", "19921130", "046")
PHONE_1, PHONE_2 = "13912345678", "18687654321"
NAME_1, NAME_2 = "欧阳明华", "李秀英"
ACCESS = "eyJhbGciOiJIUzI1NiJ9.access-token-6f1d0c2a9b8e7f65"
REFRESH = "rt_9c7b5a3e1f2d4c6b8a0e2f4d6c8b0a1e"
USER = "nm-super1"
CLERK_USER, CLERK_TOKEN = "nm-clerk7", "eyJ0eXAiOiJKV1QifQ.clerk-seven-token-0a9f3b"


@pytest.fixture
def bundle_profile(store_factory: Any, tmp_path: Path) -> tuple[Path, bytes]:
    data = tmp_path / "data"
    store = store_factory("diag", data_dir=data)
    for name, cert, phone in ((NAME_1, ID_1, PHONE_1), (NAME_2, ID_2, PHONE_2)):
        fields = intake_fields(name, phone=phone)
        fields["applicant"]["cert_no"] = cert
        store.intake(CLERK, **fields)
    store.cache_user(
        CachedUser("u-clerk7", CLERK_USER, "王五", "clerk", "520102"),
        "pw-12345678",
        policy_days=7,
        max_failed=5,
    )
    store.close()
    key_hex = keyring.get_password(keys.SERVICE, keys.key_username("diag"))
    assert key_hex is not None
    keyring.set_password(keys.SERVICE, f"access:diag:{USER}", ACCESS)
    keyring.set_password(keys.SERVICE, f"refresh:diag:{USER}", REFRESH)
    keyring.set_password(keys.SERVICE, f"access:diag:{CLERK_USER}", CLERK_TOKEN)
    root = data / "profiles" / "diag"
    reg = {
        "platform_url": "https://zwfw.example.gov.cn",
        "office_code": "520102",
        "extra": {"username": USER, "password": "hunter2-pw"},
    }
    (root / "registration.json").write_text(json.dumps(reg), "utf-8")
    (root / "settings.ini").write_text(
        "[network]\nproxy=http://proxy.local:3128\nproxy_password=hunter2-pw\n"
        "[ui]\nlanguage=zh_CN\nidle_lock_minutes=10\n",
        "utf-8",
    )
    prefs = {"proxy_mode": "manual", "proxy_url": "http://clerk:hunter2-pw@proxy.local:3128"}
    (root / "preferences.json").write_text(json.dumps(prefs), "utf-8")
    (root / "backup-state.json").write_text(json.dumps({"last_error": "disk full"}), "utf-8")
    (root / "logs").mkdir()
    (root / "logs" / "counterdesk.log").write_text(
        f"2026-11-26 INFO intake saved for {NAME_1} {ID_1} phone {PHONE_1}\n"
        f"2026-11-26 WARNING push failed: 503\n"
        f"2026-11-26 DEBUG bearer {ACCESS} refresh {REFRESH} key {key_hex.upper()}\n"
        f"2026-11-26 DEBUG clerk session {CLERK_TOKEN}\n",
        "utf-8",
    )
    (root / "logs" / "counterdesk.log.1").write_text(
        f"older: {NAME_2} +86 {PHONE_2[:3]}-{PHONE_2[3:7]}-{PHONE_2[7:]} {ID_2.lower()}\n",
        "utf-8",
    )
    (root / "demo-keyring.cfg").write_text(f"[counterdesk]\nx = {key_hex}\n", "utf-8")
    return data, bytes.fromhex(key_hex)


def _extract(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_bundle_holds_no_personal_data_and_no_secret(
    bundle_profile: tuple[Path, bytes], tmp_path: Path
) -> None:
    data, key = bundle_profile
    out = tmp_path / "out" / "diag.zip"
    assert (
        main(["diagnostics", "--profile", "diag", "--data-dir", str(data), "--out", str(out)]) == 0
    )
    files = _extract(out)
    blob = b"\n".join(files.values())
    forbidden = [
        ID_1, ID_2, ID_1[-8:], PHONE_1, PHONE_2, PHONE_2[3:7], NAME_1, NAME_2, NAME_1[1:],
        ACCESS, REFRESH, ACCESS[-16:], CLERK_TOKEN, key.hex(), key.hex().upper(), "hunter2-pw",
    ]  # fmt: skip
    for secret in forbidden:
        assert secret.encode() not in blob, secret
    assert key not in blob
    # ...while the bundle still explains the device
    assert set(files) >= {
        "versions.json", "sync_state.json", "registration.json", "doctor.json",
        "settings.ini", "logs/counterdesk.log", "logs/counterdesk.log.1",
    }  # fmt: skip
    assert "demo-keyring.cfg" not in files and not any(n.endswith(".db") for n in files)
    state = json.loads(files["sync_state.json"])
    assert state["sync_counts"]["pending"] == 2 and state["info"]["applications"] == 2
    assert state["audit"]["ok"] is True
    assert state["schema"]["tables"]["applications"]["rows"] == 2
    log = files["logs/counterdesk.log"].decode()
    assert "push failed: 503" in log and ID_1[-4:] in log and "[secret removed]" in log
    assert "proxy.local:3128" in files["settings.ini"].decode()
    assert "[removed]@proxy.local:3128" in files["preferences.json"].decode()
    assert json.loads(files["backup-state.json"]) == {"last_error": "disk full"}
    assert json.loads(files["versions.json"])["packages"]["keyring"]


def test_unknown_profile_still_writes_a_bundle_with_the_reason(tmp_path: Path) -> None:
    out = tmp_path / "d.zip"
    diagnostics.build("ghost", out, tmp_path / "none")
    state = json.loads(_extract(out)["sync_state.json"])
    assert state["error"] == "store_not_found" and "en" in state


def test_bad_profile_name_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "d.zip"
    assert main(["diagnostics", "--profile", "../etc", "--out", str(out)]) == 2
    assert not out.exists()
