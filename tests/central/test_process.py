"""The platform as a subprocess: CLI seed and serve, kill -9 and restart lose nothing."""

from __future__ import annotations

import httpx
import pytest

from central.runner import ProcessServer
from tests.central.builders import Device
from tests.central.helpers import login
from tests.fixtures.platform import PlatformServer


def test_kill_9_and_restart_keep_every_outcome(platform_process: PlatformServer) -> None:
    dev = Device(login(platform_process, "zz-clerk1"), "520123102")
    batch = [dev.create(), dev.create()]
    first = dev.push_ok(batch)
    handle = platform_process.handle
    assert isinstance(handle, ProcessServer)
    handle.kill()
    handle.start()
    assert dev.push_ok(batch) == first  # replay after the crash: stored outcomes
    assert dev.push_ok([dev.create()])[0]["seq"] == 3
    assert len(dev.pull()["changes"]) == 3


def test_bump_epoch_command(
    fresh_platform: PlatformServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from central.__main__ import main

    assert main(["bump-epoch", "--db", str(fresh_platform.db_path)]) == 0
    assert capsys.readouterr().out.strip() == "2"
    assert httpx.get(fresh_platform.api + "/health").json()["epoch"] == 2
