"""A platform started with --exit-with-parent stops when its launcher is killed -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

LAUNCHER = """
import os, sys, time
from pathlib import Path
from central.runner import start_subprocess
server = start_subprocess(Path(sys.argv[1]), seed_demo=False,
                          extra=["--exit-with-parent", str(os.getpid())])
print(server.proc.pid, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purpose (its parent, the launcher, is gone)
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


@pytest.mark.skipif(os.name != "posix", reason="parent watch is POSIX only")
def test_platform_exits_when_launcher_is_killed(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(tmp_path / "platform.db")],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert launcher.stdout is not None
    server_pid = int(launcher.stdout.readline())
    assert _alive(server_pid)
    launcher.send_signal(signal.SIGKILL)
    launcher.wait()
    deadline = time.monotonic() + 15
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    still_alive = _alive(server_pid)
    if still_alive:
        os.kill(server_pid, signal.SIGKILL)
    assert not still_alive, "the platform outlived its launcher"
