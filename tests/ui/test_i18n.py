"""Chinese first: the .ts sources compile with the wheel's lrelease and load at start."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.i18n_tools import helper_strings


def test_ts_compiles_to_qm_in_a_fresh_directory(tmp_path: Path) -> None:
    out = i18n.ensure_compiled(tmp_path)
    qm = out / "counterdesk_zh_CN.qm"
    assert qm.exists() and qm.stat().st_size > 1000
    mtime = qm.stat().st_mtime_ns
    i18n.ensure_compiled(tmp_path)  # up to date: not rebuilt
    assert qm.stat().st_mtime_ns == mtime


def test_chinese_is_the_default_and_english_is_available(qapp: QApplication) -> None:
    installed = i18n.install_translators(qapp, "zh_CN")
    try:
        assert i18n.current_language() == "zh_CN"
        assert QCoreApplication.translate("SyncStatusBar", "Sync now") == "同步"
        assert QCoreApplication.translate("MainWindow", "Simulate offline") == "模拟断网"
    finally:
        i18n.remove_translators(qapp, installed)
    assert i18n.install_translators(qapp, "en") == []
    assert QCoreApplication.translate("SyncStatusBar", "Sync now") == "Sync now"
    i18n.remove_translators(qapp, i18n.install_translators(qapp, "zh_CN"))  # default again


def test_every_shell_string_has_a_chinese_translation() -> None:
    ts = ET.parse(i18n.TS_DIR / "counterdesk_zh_CN.ts").getroot()
    done = {
        (c.findtext("name"), m.findtext("source"))
        for c in ts.iter("context")
        for m in c.iter("message")
        if m.findtext("translation")
    }
    shell = Path(i18n.__file__).parent
    wanted = [
        s
        for p in sorted(shell.glob("*.py")) + sorted(shell.glob("queue/*.py"))
        for s in helper_strings(p)
    ]
    assert wanted, "the extractor found the shell's strings"
    missing = [s for s in wanted if s not in done]
    assert missing == []
