"""Recovery key: a backup opens on a NEW computer with only the backup files and the code.

"New computer" here is real: a second, empty keyring and a second, empty data folder;
only the backup file and its ``.recovery`` file are carried over (copied to a "USB"
folder), and the code is typed on the command line exactly as printed on the sheet.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from hypothesis import given
from hypothesis import strategies as st

from offline.backup_policy import load_policy, state_path
from offline.backup_schedule import run_backup
from offline.store import keys, recovery
from offline.store.opening import open_profile
from offline.store.recovery_code import (
    RecoveryRefused,
    new_code,
    parse_code,
    unwrap_key,
    wrap_key,
)
from tests.conftest import MemoryKeyring
from tests.fixtures.store import CLERK, StoreFactory, intake_fields
from ui.cli import main

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _old_pc_backup(
    store_factory: StoreFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, list[str], str, Path]:
    """Old computer: a store with two intakes, a recovery key, one backup through the CLI.
    Returns (code, record ids, device id, the USB folder holding only the backup files)."""
    old_dir = tmp_path / "old-pc"
    store = store_factory("office1", data_dir=old_dir)
    ids = [store.intake(CLERK, **intake_fields(name=n))["id"] for n in ("张三", "李四")]
    device_id = store.device_id
    store.close()
    common = ["--profile", "office1", "--data-dir", str(old_dir)]
    status, out, _ = _run(capsys, "store", "recovery-key", *common, "--json")
    assert status == 0
    code = json.loads(out)["recovery_code"]
    status, out, _ = _run(capsys, "store", "backup", *common, "--json")
    assert status == 0
    made = Path(json.loads(out)["path"])
    assert json.loads(out)["recovery_file"] is True
    usb = tmp_path / "usb"
    usb.mkdir()
    for part in (made, recovery.sidecar_path(made)):
        shutil.copy2(part, usb / part.name)
    return code, ids, device_id, usb / made.name


def _new_pc(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    fresh = MemoryKeyring()
    keyring.set_keyring(fresh)  # the autouse fixture restores the previous one afterwards
    return fresh


def test_restore_on_a_new_pc_with_only_the_backup_and_the_code(
    store_factory: StoreFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, ids, device_id, backup_file = _old_pc_backup(store_factory, tmp_path, capsys)
    old_key = keys.load_key("office1")
    shutil.rmtree(tmp_path / "old-pc")  # the old computer is gone
    fresh = _new_pc(monkeypatch)
    new_dir = tmp_path / "new-pc"
    typed = code.lower().replace("-", " ")  # as a person types it from the sheet
    status, out, err = _run(capsys, "store", "restore", "--profile", "office1", "--data-dir",
                            str(new_dir), "--recovery-code", typed, str(backup_file),
                            "--json")  # fmt: skip
    assert status == 0, err
    report = json.loads(out)
    assert report["device_id"] == device_id and report["next_step"] == "replace_terminal"
    new_key = keys.load_key("office1")
    assert new_key is not None and new_key != old_key  # re-encrypted with this PC's key
    assert fresh.secrets  # the new key lives in the new computer's keyring
    with open_profile("office1", new_dir) as store:
        assert {r["id"] for r in store.queue().rows} == set(ids)
        assert store.get(ids[0])["applicant"]["name"] == "张三"
        assert store.verify_audit().ok
        assert store.device_id == device_id
    # the same sheet keeps covering the new computer's backups
    profile_root = new_dir / "profiles" / "office1"
    assert recovery.current_recovery_id(profile_root, new_key) == parse_code(code).recovery_id


def test_wrong_code_is_refused_and_writes_nothing(
    store_factory: StoreFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, _, _, backup_file = _old_pc_backup(store_factory, tmp_path, capsys)
    fresh = _new_pc(monkeypatch)
    new_dir = tmp_path / "new-pc"
    other = new_code().grouped()  # a well-formed code from another sheet
    before = sorted(p.name for p in backup_file.parent.iterdir())
    status, _, err = _run(capsys, "store", "restore", "--profile", "office1", "--data-dir",
                          str(new_dir), "--recovery-code", other, str(backup_file))  # fmt: skip
    assert status == 2 and "恢复码打不开" in err and "does not open" in err
    assert not new_dir.exists() and not fresh.secrets
    assert sorted(p.name for p in backup_file.parent.iterdir()) == before
    typo = other[:-1] + ("A" if other[-1] != "A" else "B")
    status, _, err = _run(capsys, "store", "restore", "--profile", "office1", "--data-dir",
                          str(new_dir), "--recovery-code", typo, str(backup_file))  # fmt: skip
    assert status == 2 and "校验组不符" in err and "check group" in err
    assert not new_dir.exists() and not fresh.secrets


def test_restore_refuses_without_the_recovery_file(
    store_factory: StoreFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _, _, backup_file = _old_pc_backup(store_factory, tmp_path, capsys)
    recovery.sidecar_path(backup_file).unlink()
    fresh = _new_pc(monkeypatch)
    status, _, err = _run(capsys, "store", "restore", "--profile", "office1", "--data-dir",
                          str(tmp_path / "new"), "--recovery-code", code,
                          str(backup_file))  # fmt: skip
    assert status == 2 and ".recovery" in err and not fresh.secrets


def test_a_damaged_backup_is_refused_before_anything_is_written(
    store_factory: StoreFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _, _, backup_file = _old_pc_backup(store_factory, tmp_path, capsys)
    raw = bytearray(backup_file.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 64] = bytes(64)  # a damaged page: SQLCipher's HMAC catches it
    backup_file.write_bytes(bytes(raw))
    fresh = _new_pc(monkeypatch)
    new_dir = tmp_path / "new-pc"
    status, _, err = _run(capsys, "store", "restore", "--profile", "office1", "--data-dir",
                          str(new_dir), "--recovery-code", code, str(backup_file))  # fmt: skip
    assert status == 2 and ("损坏" in err or "完整性检查未通过" in err)
    assert not (new_dir / "profiles" / "office1" / "store.db").exists() and not fresh.secrets


def test_scheduled_backups_carry_the_recovery_file(store_factory: StoreFactory) -> None:
    store = store_factory("office2")
    root = store.path.parent
    key = keys.load_key("office2")
    assert key is not None
    policy = load_policy(root)
    made = run_backup(store, policy, key=key, state_path=state_path(root), now=NOW)
    assert not recovery.sidecar_path(made.path).exists()  # no recovery key yet
    code = recovery.set_up(root, key, device_id=store.device_id, now=NOW)
    later = NOW.replace(hour=5)
    made = run_backup(store, policy, key=key, state_path=state_path(root), now=later)
    sidecar = json.loads(recovery.sidecar_path(made.path).read_text())
    assert unwrap_key(code, sidecar) == key
    assert code.grouped().replace("-", "") not in recovery.sidecar_path(made.path).read_text()


def test_code_round_trip_and_lookalike_characters() -> None:
    code = new_code()
    text = code.grouped()
    groups = text.split("-")
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert parse_code(text) == code
    assert parse_code(" " + text.lower().replace("-", "  ") + "\n") == code
    swapped = text.replace("O", "0").replace("I", "1").replace("B", "8")
    assert parse_code(swapped) == code


def test_every_single_character_typo_is_caught() -> None:
    code = new_code()
    text = code.grouped().replace("-", "")
    caught = 0
    for i, ch in enumerate(text):
        wrong = "A" if ch != "A" else "C"
        try:
            parse_code(text[:i] + wrong + text[i + 1 :])
        except RecoveryRefused:
            caught += 1
    # a 20-bit check misses a random change about once in a million; 56 changes here
    assert caught == len(text)


@given(st.one_of(st.text(max_size=80), st.binary(max_size=40), st.integers(), st.none()))
def test_parse_never_raises_anything_but_a_refusal(value: object) -> None:
    try:
        parse_code(value)
    except RecoveryRefused as exc:
        assert exc.zh and exc.en


@given(st.dictionaries(st.sampled_from(["format", "version", "salt", "nonce", "wrapped_key",
                                        "key_fingerprint"]),
                       st.one_of(st.text(max_size=20), st.integers(), st.none())))  # fmt: skip
def test_unwrap_refuses_damaged_files_clearly(wrapped: dict[str, object]) -> None:
    with pytest.raises(RecoveryRefused):
        unwrap_key(new_code(), {"format": "counterdesk-recovery", "version": 1, **wrapped})


def test_wrapped_key_is_bound_to_its_fingerprint() -> None:
    code, key, other = new_code(), bytes(range(32)), bytes(32)
    wrapped = wrap_key(code, key)
    assert unwrap_key(code, wrapped) == key
    forged = dict(wrapped, key_fingerprint=keys.fingerprint(other))
    with pytest.raises(RecoveryRefused):
        unwrap_key(code, forged)
