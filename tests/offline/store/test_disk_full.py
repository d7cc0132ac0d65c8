"""A full disk at the counter: the clerk is told in plain words, nothing saved is lost,
and numbering goes on without a gap once there is room again (real tmpfs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from offline.store import disk_space
from offline.store.errors import DiskFull
from offline.store.opening import open_profile
from tests.fixtures.store import CLERK, SAMPLE_ITEMS, intake_fields
from tests.support.small_disk import leave_free, small_disk


def test_intake_on_a_full_disk_is_refused_in_plain_words(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 16) as disk:
        store = open_profile("full", disk / "data", create=True)
        try:
            store.register_device("520102", "03")
            store.upsert_catalog(SAMPLE_ITEMS)
            saved = [store.intake(CLERK, **intake_fields(name=f"张{i}")) for i in range(5)]
            filler = leave_free(disk, 0)
            with pytest.raises(DiskFull) as refused:
                for i in range(500):
                    saved.append(store.intake(CLERK, **intake_fields(name=f"李{i}")))
            message = refused.value
            assert "磁盘空间不足" in message.zh and "The disk is full" in message.en
            assert "database or disk is full" not in message.zh + message.en
            for doc in saved:  # everything committed before is still there
                assert store.get(doc["id"])["receipt_no"] == doc["receipt_no"]
            filler.unlink()
            after = store.intake(CLERK, **intake_fields(name="王五"))
            serials = [int(d["receipt_no"].rsplit("-", 1)[1]) for d in [*saved, after]]
            assert serials == list(range(serials[0], serials[0] + len(serials)))
        finally:
            store.close()


def test_low_space_is_told_before_the_disk_is_full(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 8) as disk:
        assert disk_space.is_low(disk)  # 8 MB is less than a day of work
        assert disk_space.free_bytes(disk) is not None
    assert disk_space.free_bytes(tmp_path / "does-not-exist") is None
