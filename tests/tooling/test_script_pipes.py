"""The setup scripts detect what is installed without being fooled by SIGPIPE.

`fc-list | grep -q` under ``set -o pipefail`` fails with status 141 as soon as grep stops
reading at its match while fc-list is still writing, so the script believed the font was
missing and re-ran apt. These tests put fake listing commands first on PATH that write far
more than a pipe buffer holds, with the match at the top, and a fake apt-get that records
being called.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBS = [
    "libxcb-cursor.so.0",
    "libxkbcommon-x11.so.0",
    "libxcb-icccm.so.4",
    "libxcb-image.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-randr.so.0",
    "libxcb-render-util.so.0",
    "libxcb-shape.so.0",
    "libxcb-xinerama.so.0",
    "libxcb-xkb.so.1",
    "libX11-xcb.so.1",
]


def _tool(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _fake_system(tmp_path: Path, *, cjk: bool) -> tuple[dict[str, str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    font = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc: Noto Serif CJK SC"
    first = f'echo "{font}"\n' if cjk else ""
    # 200,000 lines (several MB): far beyond the 64 KiB pipe buffer.
    _tool(
        bin_dir, "fc-list", first + 'yes "/usr/share/fonts/x.ttf: DejaVu Sans" | head -n 200000\n'
    )
    lib_lines = "".join(f'echo "\t{lib} (libc6,x86-64) => /usr/lib/{lib}"\n' for lib in LIBS)
    _tool(bin_dir, "ldconfig", lib_lines + 'yes "\tlibfiller.so.1 => /x" | head -n 200000\n')
    _tool(bin_dir, "apt-get", f'echo "$@" >> "{calls}"\n')
    _tool(bin_dir, "id", "echo 0\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    return env, calls


def test_demo_deps_finds_installed_fonts_and_libraries(tmp_path: Path) -> None:
    env, calls = _fake_system(tmp_path, cjk=True)
    done = subprocess.run(
        ["bash", str(ROOT / "scripts/demo-deps.sh")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert not calls.exists(), calls.read_text()


def test_demo_deps_still_installs_a_missing_font(tmp_path: Path) -> None:
    env, calls = _fake_system(tmp_path, cjk=False)
    done = subprocess.run(
        ["bash", str(ROOT / "scripts/demo-deps.sh")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "fonts-noto-cjk" in calls.read_text()
    assert "libxcb-cursor0" not in calls.read_text()


@pytest.mark.parametrize("script", ["scripts/demo-deps.sh", "scripts/bootstrap.sh"])
def test_no_early_exit_grep_after_a_pipe_under_pipefail(script: str) -> None:
    text = (ROOT / script).read_text()
    assert "pipefail" in text
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if "|" in line and "grep -q" in line.replace("grep -qi", "grep -q"):
            assert "<<<" in line or "| grep" not in line, line
