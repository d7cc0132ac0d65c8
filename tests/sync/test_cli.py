"""`counterdesk sync` / `counterdesk status` through the real dispatcher, store and platform."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import pytest

from central.runner import free_port
from tests.sync.harness import Device
from ui.cli import main


def _prepare(platform: Any, data: Path, intakes: int) -> None:
    async def setup() -> None:
        dev = await Device.create("cli", platform.users["nm-clerk1"], data, platform.base_url)
        rng = random.Random(3)
        for _ in range(intakes):
            await dev.intake(rng)
        await dev.aclose()

    asyncio.run(setup())


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    out = capsys.readouterr().out.strip().splitlines()
    return dict(json.loads(out[-1]))


def test_sync_exit_code_is_zero_only_when_nothing_is_pending(
    fresh_platform: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _prepare(fresh_platform, data, 2)
    common = ["--profile", "cli", "--data-dir", str(data)]
    assert main(["status", *common, "--json"]) == 0
    before = _json(capsys)
    assert before["pending"] == 2 and before["settled"] is False

    dead = f"http://127.0.0.1:{free_port()}"
    offline = ["sync", *common, "--platform-url", dead, "--user", "nm-clerk1", "--json"]
    assert main(offline) == 1
    failed = _json(capsys)
    assert failed["pending"] == 2 and failed["online"] is False
    assert failed["last_error"]["code"] == "offline" and failed["last_error"]["zh"]

    url = fresh_platform.base_url
    assert main(["sync", *common, "--platform-url", url, "--user", "nm-clerk1", "--json"]) == 0
    done = _json(capsys)
    assert done["pending"] == 0 and done["settled"] is True and done["last_error"] is None
    assert main(["status", *common]) == 0
    human = capsys.readouterr().out
    assert "待上传 pending: 0" in human


def test_unknown_profile_is_a_clear_bilingual_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "--profile", "nobody", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nobody" in err and "profile" in err  # Chinese line first, English second
    assert err.index("配置") < err.index("profile")
