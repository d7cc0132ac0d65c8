"""Build step: compile the Qt translations (``.ts`` -> ``.qm``) into the wheel.

Everything else about the build is declared in ``pyproject.toml``; this file only adds the
compile step, so ``pip install .`` gives an app that speaks Chinese without a Qt toolchain
on the clerk's PC. ``lrelease`` comes from PySide6-Essentials, a build requirement.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

I18N = Path("counterdesk_resources") / "i18n"


def lrelease() -> Path:
    import PySide6  # the build environment's copy

    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).resolve().parent / name


class BuildWithTranslations(build_py):
    """``build_py`` plus the compiled translations in the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # a checkout compiles on start (ui.i18n)
            return
        out = Path(self.build_lib) / I18N
        out.mkdir(parents=True, exist_ok=True)
        for ts in sorted(I18N.glob("*.ts")):
            qm = out / f"{ts.stem}.qm"
            subprocess.run([str(lrelease()), "-silent", str(ts), "-qm", str(qm)], check=True)
            if not qm.is_file():
                raise RuntimeError(f"lrelease wrote no {qm}")


setup(cmdclass={"build_py": BuildWithTranslations})
