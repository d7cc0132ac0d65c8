"""``counterdesk`` as a real process: it starts on qasync, logs (masked) under the profile,
and a second start of the same profile only brings the first window forward."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from ui.logs import LOG_FILE

ROOT = Path(__file__).resolve().parents[2]


def _start(data_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "COUNTERDESK_ALLOW_FILE_KEYRING": "1",
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(data_dir / "xdg"),
    }
    code = "import sys; from ui.app import run; sys.exit(run(sys.argv[1:]))"
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "--profile",
            "p1",
            "--data-dir",
            str(data_dir),
            "--platform-url",
            "http://127.0.0.1:9",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _log(data_dir: Path) -> str:
    path = data_dir / "profiles" / "p1" / "logs" / LOG_FILE
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _wait_for(data_dir: Path, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in _log(data_dir):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not logged; log: {_log(data_dir)!r}")
        time.sleep(0.1)


def test_second_start_brings_the_first_window_forward(tmp_path: Path) -> None:
    first = _start(tmp_path)
    try:
        _wait_for(tmp_path, "page")  # window shown, store opened (setup page: new profile)
        second = _start(tmp_path)
        assert second.wait(timeout=30) == 0
        _wait_for(tmp_path, "window brought forward")
        assert first.poll() is None, "the first instance keeps running"
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_profile_layout_matches_the_store_cli(tmp_path: Path) -> None:
    import pytest

    from offline.store import paths
    from ui.profile import Profile

    profile = Profile.locate("front-desk.1", tmp_path)
    assert profile.root == paths.profile_dir("front-desk.1", tmp_path)
    assert profile.db_path == paths.db_path("front-desk.1", tmp_path)
    assert Profile.locate("x").root.parent.parent == paths.default_data_dir()
    with pytest.raises(ValueError):
        Profile.locate("../evil", tmp_path)
