"""CLI and scheduled backups share one naming scheme, one listing and one rotation; copies
named by older versions of ``counterdesk store backup`` are listed and pruned too."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from offline.backup_policy import load_policy, state_path
from offline.backup_schedule import list_backups, load_state, mirror_copy, run_backup
from offline.store import keys
from tests.fixtures.store import CLERK, StoreFactory, intake_fields
from ui.cli import main

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


def test_a_cli_backup_is_in_the_scheduler_listing_and_state(
    store_factory: StoreFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    store = store_factory("nm", data_dir=data)
    store.intake(CLERK, **intake_fields())
    root = store.path.parent
    store.close()
    assert main(["store", "backup", "--profile", "nm", "--data-dir", str(data), "--json"]) == 0
    made = Path(json.loads(capsys.readouterr().out)["path"])
    listed = list_backups(load_policy(root).folder)
    assert [b.path for b in listed] == [made] and listed[0].verified
    assert made.name.startswith("store-") and "T" not in made.name  # the shared scheme
    assert load_state(state_path(root)).last_file == made.name


def test_older_cli_names_are_listed_and_pruned(store_factory: StoreFactory) -> None:
    store = store_factory("old")
    root = store.path.parent
    key = keys.load_key("old")
    assert key is not None
    policy = replace(load_policy(root), keep=1)
    legacy = policy.folder / "store-20261101T010203Z.db"  # what the CLI used to write
    store.backup(legacy)
    [found] = list_backups(policy.folder)
    assert found.path == legacy and not found.verified
    assert found.taken_at == datetime(2026, 11, 1, 1, 2, 3, tzinfo=UTC)
    for hours in (0, 1):
        run_backup(store, policy, key=key, state_path=state_path(root),
                   now=NOW + timedelta(hours=hours))  # fmt: skip
    left = list_backups(policy.folder)
    assert len(left) == 1 and left[0].verified  # the old-style copy was rotated out too
    assert not legacy.exists() and not Path(f"{legacy}.keyid").exists()


def test_an_unplugged_second_place_is_a_warning_not_a_failure(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = store_factory("mir")
    root = store.path.parent
    key = keys.load_key("mir")
    assert key is not None
    policy = replace(load_policy(root), mirror=tmp_path / "usb-not-plugged")
    made = run_backup(store, policy, key=key, state_path=state_path(root), now=NOW)
    assert made.verified and made.path.exists() and made.mirrored_to is None
    assert made.mirror_warning is not None and "usb-not-plugged" in made.mirror_warning[1]
    state = load_state(state_path(root))
    assert not state.failed_last and state.mirror_warning_zh == made.mirror_warning[0]
    (tmp_path / "usb-not-plugged").mkdir()
    again = mirror_copy(made, tmp_path / "usb-not-plugged", keep=3)
    assert again.mirror_warning is None and again.mirrored_to is not None
    assert again.mirrored_to.read_bytes() == made.path.read_bytes()
    assert [b.verified for b in list_backups(tmp_path / "usb-not-plugged")] == [True]
