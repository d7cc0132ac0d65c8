"""Chinese first: every UI string has a translation, and the .ts compiles and loads at start.

The coverage check reads the whole of ``ui/`` (every subpackage) the way the extractor does:
``self.tr`` per class, ``QCoreApplication.translate`` written out and module translate
helpers of any name. A new string without a finished Chinese translation fails here.
"""

from __future__ import annotations

import ast
import importlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.i18n_tools import (
    ast_messages,
    lupdate_messages,
    read_translations,
    sources,
    untranslatable,
    write,
)

TS = i18n.TS_DIR / "counterdesk_zh_CN.ts"
PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def _ts_messages() -> list[tuple[str, ET.Element]]:
    return [
        (ctx.findtext("name") or "", m)
        for ctx in ET.parse(TS).getroot().iter("context")
        for m in ctx.iter("message")
    ]


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


def test_every_ui_string_has_a_chinese_translation() -> None:
    wanted = ast_messages()
    packages = {p.parent.name for p in sources()}
    assert {"supervisor", "settings", "backup", "upgrade", "queue", "detail"} <= packages
    contexts = {m.context for m in wanted}
    assert {"ReportsView", "SettingsDialog", "BackupDialog", "SupervisorLabels"} <= contexts
    done = read_translations(TS)
    missing = [f"{m.context}: {m.source!r}" for m in sorted(wanted) if m[:3] not in done]
    assert missing == [], "run `python -m ui.i18n_tools` and translate these"


def test_the_syntax_tree_pass_sees_all_that_lupdate_sees() -> None:
    paths = sources()
    found = {m[:3] for m in ast_messages(paths)}
    assert {m[:3] for m in lupdate_messages(paths)} <= found


def test_no_translatable_call_hides_its_text() -> None:
    """f-strings or variables inside tr/_tr/translate cannot reach the .ts file."""
    assert untranslatable() == []


def test_the_extractor_sees_helpers_plurals_and_bad_calls(tmp_path: Path) -> None:
    module = tmp_path / "screen.py"
    module.write_text(
        "from PySide6.QtCore import QCoreApplication, QObject\n"
        "def _label(text):\n"
        "    return QCoreApplication.translate('Labels', text)\n"
        "class Screen(QObject):\n"
        "    def show(self, n, name):\n"
        "        self.tr('Title')\n"
        "        self.tr('%n files', '', n)\n"
        "        _label('Phone')\n"
        "        self.tr(f'Hello {name}')\n"
        "        _label(name)\n",
        encoding="utf-8",
    )
    found = {(m.context, m.source, m.numerus) for m in ast_messages([module])}
    assert found == {
        ("Screen", "Title", False),
        ("Screen", "%n files", True),
        ("Labels", "Phone", False),
    }
    problems = untranslatable([module])
    assert [p.split(": ")[1] for p in problems] == [
        "tr() needs a literal string",
        "_label() needs a literal string",
    ]
    ts = tmp_path / "x.ts"
    assert write(ts, "zh_CN", sorted(ast_messages([module])), {}) == 3
    unfinished = ET.parse(ts).getroot().findall(".//translation[@type='unfinished']")
    assert len(unfinished) == 3


def test_translations_keep_placeholders_accelerators_and_ellipses() -> None:
    wrong = []
    for context, message in _ts_messages():
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = (translation.text or "").strip() or "".join(
            f.text or "" for f in translation.iter("numerusform")
        )
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            wrong.append(f"{context}: {source!r} -> {text!r} (placeholders)")
        if ("&" in source.replace("&&", "")) != ("&" in text.replace("&&", "")):
            wrong.append(f"{context}: {source!r} -> {text!r} (accelerator)")
        if source.endswith("…") != text.endswith("…"):
            wrong.append(f"{context}: {source!r} -> {text!r} (ellipsis)")
    assert wrong == []


def test_every_message_translates_through_the_compiled_catalogue(
    qapp: QApplication, tmp_path: Path
) -> None:
    """What the .ts says is what Qt returns at run time, context by context."""
    i18n.ensure_compiled(tmp_path)
    installed = i18n.install_translators(qapp, "zh_CN")
    try:
        for context, message in _ts_messages():
            source = message.findtext("source") or ""
            comment = message.findtext("comment")
            if message.get("numerus") == "yes":
                got = QCoreApplication.translate(context, source, comment, 3)
                assert got != source.replace("%n", "3"), (context, source)
            else:
                expected = message.findtext("translation")
                assert QCoreApplication.translate(context, source, comment) == expected
    finally:
        i18n.remove_translators(qapp, installed)
        i18n.remove_translators(qapp, i18n.install_translators(qapp, "zh_CN"))


def _tr_classes() -> dict[str, set[str]]:
    """module -> names of the classes that call self.tr."""
    found: dict[str, set[str]] = {}
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(c, ast.Call)
                and isinstance(c.func, ast.Attribute)
                and c.func.attr == "tr"
                for c in ast.walk(node)
            ):
                module = ".".join(path.relative_to(i18n.ROOT).with_suffix("").parts)
                found.setdefault(module, set()).add(node.name)
    return found


def test_self_tr_context_is_the_class_qt_looks_up(qapp: QApplication) -> None:
    """Qt takes tr()'s context from the instance's class at run time, the extractor from
    the class the call is written in: they differ for a subclass, which would then show
    its base class's strings in English. So no UI class may subclass one that calls tr."""
    classes = []
    for module, names in _tr_classes().items():
        loaded = importlib.import_module(module)
        for name in names:
            cls = getattr(loaded, name)
            assert issubclass(cls, QObject), f"{module}.{name} calls self.tr but is no QObject"
            assert cls.staticMetaObject.className() == name
            classes.append(cls)
    assert len(classes) > 20
    subclassed = [
        f"{sub.__module__}.{sub.__qualname__} < {cls.__name__}"
        for cls in classes
        for sub in _subclasses(cls)
        if sub.__module__.startswith("ui.")
    ]
    assert subclassed == []


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found
