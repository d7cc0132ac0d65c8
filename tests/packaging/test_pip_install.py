"""``pip install .`` into a fresh virtual environment gives a working desktop app.

Slow (it builds the wheel, with its translation compile step, and installs every desktop
dependency), so it is marked ``slow`` and run by ``make package-test`` and
``make install-test``, not by ``make test``. It proves what an IT admin gets from the
distribution: the ``counterdesk`` command passes its self-test (encrypted store, Chinese
translations, a printed notice), the translations are the ones compiled into the wheel,
and neither the reference platform's dependencies, the demo tools nor QtWebEngine come
along.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

PROBE = r"""
import importlib.util, json, sys
from importlib.resources import files
from PySide6.QtCore import QCoreApplication
from ui import i18n

i18n_dir = files("counterdesk_resources") / "i18n"
app = QCoreApplication(sys.argv)
qm_dir = i18n.ensure_compiled()
i18n.install_translators(app, "zh_CN")
print(json.dumps({
    "qm_dir": str(qm_dir),
    "package_i18n": sorted(p.name for p in i18n_dir.iterdir()),
    "templates": sorted(p.name for p in (files("counterdesk_resources") / "templates").iterdir()),
    "catalog": (files("counterdesk_resources") / "catalog" / "items.json").is_file(),
    "quit": QCoreApplication.translate("MainWindow", "Quit"),
    "absent": [m for m in ("fastapi", "uvicorn", "argon2", "starlette", "demo", "tests",
                           "PySide6.QtWebEngineCore")
               if importlib.util.find_spec(m.split(".")[0]) is None
               or (m.startswith("PySide6.") and importlib.util.find_spec(m) is None)],
}))
"""


def _uv() -> str | None:
    found = shutil.which("uv")
    local = ROOT / ".tools" / "bin" / "uv"
    return found or (str(local) if local.exists() else None)


def _install(venv: Path) -> Path:
    """A fresh venv with ``pip install <checkout>`` (uv's pip when available: same
    resolution, much faster); returns its python."""
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    uv = _uv()
    if uv:
        subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
        # Rebuilt every run: uv would otherwise reuse a wheel cached for this checkout.
        install = [uv, "pip", "install", "-q", "--reinstall-package", "counterdesk"]
        install += ["--python", str(python), str(ROOT)]
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = [str(python), "-m", "pip", "install", "-q", str(ROOT)]
    subprocess.run(install, check=True, cwd=venv.parent)
    return python


def test_pip_install_gives_a_working_desktop_app(tmp_path: Path) -> None:
    python = _install(tmp_path / "venv")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "xdg"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
        # A CI runner has no OS keyring; the admin guide's headless choice.
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "COUNTERDESK_ALLOW_FILE_KEYRING": "1",
        "PYTHONPATH": "",
    }
    # Run outside the checkout so nothing is imported from the source tree.
    probe = subprocess.run(
        [str(python), "-c", PROBE], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    site = str(tmp_path / "venv")
    assert found["qm_dir"].startswith(site), found["qm_dir"]
    assert "counterdesk_zh_CN.qm" in found["package_i18n"]
    assert not any(name.endswith(".ts") for name in found["package_i18n"])
    assert "receipt.html" in found["templates"] and found["catalog"]
    assert found["quit"] == "退出"
    assert found["absent"] == [
        "fastapi", "uvicorn", "argon2", "starlette", "demo", "tests", "PySide6.QtWebEngineCore"
    ]  # fmt: skip

    command = (
        tmp_path
        / "venv"
        / ("Scripts/counterdesk.exe" if sys.platform == "win32" else "bin/counterdesk")
    )
    result = subprocess.run(
        [str(command), "--self-test"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0 and report["self_test"] == "ok", (report, result.stderr)
    checks = {check["name"] for check in report["checks"]}
    assert {"translations", "pdf"} <= checks, checks
