"""Qt translations: Chinese (zh_CN) first, English as the source language.

The ``.ts`` sources in ``counterdesk_resources/i18n/`` are what translators edit and what git
keeps. Compiled ``.qm`` files are build output: the wheel build (``setup.py``) and the frozen
build compile them into the package, and the app loads those. In a source checkout
:func:`ensure_compiled` runs the ``lrelease`` that ships inside the PySide6 wheel whenever a
``.qm`` is missing or older than its ``.ts``, so a fresh clone works on first start; output
goes to ``build/i18n/``, or to the user cache dir when the checkout is read-only.
``python -m ui.i18n_tools`` refreshes the ``.ts`` from the source.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counterdesk_resources import resource_path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = resource_path("i18n")
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
_current = DEFAULT_LANGUAGE
_installed: list[QTranslator] = []


def current_language() -> str:
    """The language the UI was started in (``zh_CN`` unless the user chose English)."""
    return _current


def lrelease_path() -> Path:
    """The lrelease binary bundled with the installed PySide6 wheel."""
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).resolve().parent / name


def output_dir() -> Path:
    """Where compiled .qm files go: build/i18n in a writable checkout, else the cache dir."""
    build = ROOT / "build" / "i18n"
    try:
        build.mkdir(parents=True, exist_ok=True)
        if os.access(build, os.W_OK):
            return build
    except OSError:
        pass
    cache = Path(platformdirs.user_cache_dir("counterdesk")) / "i18n"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def shipped_is_current() -> bool:
    """Whether the package's own ``i18n/`` holds .qm files to use as they are: an installed
    or frozen build ships .qm compiled at build time and no .ts; a checkout has .ts sources,
    and a .qm beside one counts only when it is not older than it."""
    if getattr(sys, "frozen", False):
        return True
    sources = list(TS_DIR.glob("*.ts"))
    if not sources:
        return any(TS_DIR.glob("*.qm"))
    for ts in sources:
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            return False
    return True


def ensure_compiled(out: Path | None = None) -> Path:
    """The directory holding current .qm files: the shipped ones when current, otherwise
    every stale ``.ts`` compiled to ``.qm`` in ``out`` (default :func:`output_dir`)."""
    if out is None and shipped_is_current():
        return TS_DIR
    out = out or output_dir()
    for ts in sorted(TS_DIR.glob("*.ts")):
        qm = out / (ts.stem + ".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        # Compile beside the target and rename: parallel starts never read half a file.
        tmp = qm.with_name(f".{qm.stem}.{os.getpid()}.qm")
        result = subprocess.run(
            [str(lrelease_path()), "-silent", str(ts), "-qm", str(tmp)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not tmp.exists():
            log.warning("lrelease failed for %s: %s", ts.name, result.stderr.strip())
            tmp.unlink(missing_ok=True)
            continue
        os.replace(tmp, qm)
    return out


def install_translators(
    app: QCoreApplication, language: str = DEFAULT_LANGUAGE
) -> list[QTranslator]:
    """Load our and Qt's own translations for ``language``; English needs none of ours."""
    global _current
    _current = language
    remove_translators(app, _installed)  # a new choice replaces the previous one
    installed: list[QTranslator] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.China))
        return installed
    QLocale.setDefault(QLocale(language))
    qm_dir = ensure_compiled()
    ours = QTranslator(app)
    if ours.load(str(qm_dir / f"counterdesk_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no compiled translation for %s in %s", language, qm_dir)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    _installed[:] = installed
    return list(installed)


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in list(translators):
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)
