"""`counterdesk status` reads the store's real state, and every command finds the same
store through ``$COUNTERDESK_DATA_DIR`` alone (no ``--data-dir`` anywhere)."""

from __future__ import annotations

import asyncio
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from central.runner import free_port
from offline import data_dir
from offline.store import paths
from tests.sync.harness import Device
from ui.cli import main
from ui.profile import Profile


def _prepare(platform: Any, data: Path, intakes: int) -> None:
    async def setup() -> None:
        dev = await Device.create("st", platform.users["nm-clerk1"], data, platform.base_url)
        rng = random.Random(5)
        for _ in range(intakes):
            await dev.intake(rng)
        await dev.aclose()

    asyncio.run(setup())


def _last_json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_status_after_a_real_sync_is_settled_with_its_time(
    fresh_platform: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _prepare(fresh_platform, data, 2)
    common = ["--profile", "st", "--data-dir", str(data)]
    assert main(["status", *common, "--json"]) == 0
    never = _last_json(capsys)
    assert never["settled"] is False and never["last_success_at"] is None
    url = fresh_platform.base_url
    assert main(["sync", *common, "--platform-url", url, "--user", "nm-clerk1", "--json"]) == 0
    synced = _last_json(capsys)
    # a separate command, a separate process state: only the store carries the truth
    assert main(["status", *common, "--json"]) == 0
    status = _last_json(capsys)
    assert status["settled"] is True and status["pending"] == 0
    assert status["last_success_at"] == synced["last_success_at"] is not None
    assert status["last_error"] is None
    dead = f"http://127.0.0.1:{free_port()}"
    assert main(["sync", *common, "--platform-url", dead, "--user", "nm-clerk1"]) != 0
    capsys.readouterr()
    assert main(["status", *common, "--json"]) == 0
    after_failure = _last_json(capsys)
    assert after_failure["settled"] is False
    assert after_failure["last_error"]["code"] == "offline"
    assert after_failure["last_success_at"] == synced["last_success_at"]  # kept


def test_every_command_uses_the_data_dir_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env_dir = tmp_path / "from-env"
    monkeypatch.setenv(data_dir.DATA_DIR_ENV, str(env_dir))
    monkeypatch.chdir(tmp_path)
    common = ["--profile", "same"]
    expected_db = env_dir / "profiles" / "same" / "store.db"
    assert data_dir.resolve_data_dir() == env_dir
    assert paths.db_path("same") == expected_db == Profile.locate("same").db_path

    assert main(["store", "init", *common]) == 0
    assert expected_db.is_file()
    assert main(["store", "info", *common, "--json"]) == 0
    assert _last_json(capsys)["path"] == str(expected_db)
    assert main(["store", "backup", *common, "--json"]) == 0
    made = Path(_last_json(capsys)["path"])
    assert made.parent == env_dir / "profiles" / "same" / "backups"
    assert main(["store", "backups", *common, "--json"]) == 0
    assert [row["path"] for row in _last_json(capsys)] == [str(made)]
    assert main(["store", "restore", *common, "--from", str(made), "--json"]) == 0
    assert _last_json(capsys)["path"] == str(expected_db)
    assert list(expected_db.parent.glob("store.db.replaced-*"))  # replaced THIS store
    assert main(["status", *common, "--json"]) == 0
    assert _last_json(capsys)["pending"] == 0
    out = tmp_path / "diag.zip"
    assert main(["diagnostics", *common, "--out", str(out)]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(out) as bundle:
        assert bundle.namelist()
    dead = f"http://127.0.0.1:{free_port()}"
    main(["doctor", *common, "--platform-url", dead, "--json"])
    checks = {row["key"]: row["level"] for row in _last_json(capsys)}
    assert checks["database"] == "ok"  # found the store in the variable's folder
    assert not (tmp_path / "profiles").exists()  # nothing went to the working directory
