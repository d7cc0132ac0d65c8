"""The settings dialog (设置): connection, language, idle lock, sync interval, printer.

The dialog only collects raw values and shows results; :mod:`ui.settings.model` decides
what is valid and who may change it. A refused change shows an inline error beside each
offending field and writes nothing. Fields the signed-in user may not change are shown
read-only with a note, but the model enforces the rule either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import i18n
from ui.profile import Profile
from ui.settings import model
from ui.settings.model import Editor, Settings, SettingsRefused
from ui.settings.office_legal import add_office_rows

MIN_WIDTH = 560


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def choose_ca_file(parent: QWidget) -> str:
    """Ask for a PEM file (monkeypatched in tests; a modal file dialog)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _tr("Extra CA bundle"),
        "",
        _tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
    )
    return path


class SettingsDialog(QDialog):
    """Edit one profile's settings; emits :attr:`saved` (before, after) once written."""

    saved = Signal(object, object)

    def __init__(
        self,
        profile: Profile,
        editor: Editor,
        parent: QWidget | None = None,
        office: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_tr("Settings"))
        self.profile = profile
        self.editor = editor
        self.lang = i18n.current_language()
        self.current = model.load(profile)
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        form = QFormLayout()
        self._build(form)
        self.review_body, self.court = add_office_rows(form, office or {}, self)
        self.note = QLabel("", self)
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        self.message = QLabel("", self)
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # Messages wrap at a readable width instead of stretching the dialog sideways.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(MIN_WIDTH)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._load(self.current)
        self._lock_fields()

    # --- building ----------------------------------------------------------------------
    def _row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        error = QLabel("", self)
        error.setObjectName(f"{name}Error")
        error.setStyleSheet("color: #c62828;")
        error.setWordWrap(True)
        error.hide()
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(label, box)
        self.errors[name] = error
        widget.setObjectName(name)

    def _build(self, form: QFormLayout) -> None:
        self.platform_url = QLineEdit(self)
        self.platform_url.setPlaceholderText("https://zwfw.example.gov.cn")
        self.platform_url.setToolTip(
            _tr("https for the platform; plain http only for a demo platform on this computer")
        )
        self._row(form, "platform_url", _tr("Platform address"), self.platform_url)
        self.proxy_mode = QComboBox(self)
        for mode, text in (
            ("none", _tr("No proxy")),
            ("system", _tr("System proxy")),
            ("manual", _tr("Manual proxy")),
        ):
            self.proxy_mode.addItem(text, mode)
        self._row(form, "proxy_mode", _tr("Proxy"), self.proxy_mode)
        self.proxy_url = QLineEdit(self)
        self.proxy_url.setPlaceholderText("http://proxy.example.gov.cn:8080")
        self._row(form, "proxy_url", _tr("Proxy address"), self.proxy_url)
        self.proxy_mode.currentIndexChanged.connect(self._proxy_mode_changed)
        ca_box = QWidget(self)
        ca_row = QHBoxLayout(ca_box)
        ca_row.setContentsMargins(0, 0, 0, 0)
        self.ca_bundle = QLineEdit(ca_box)
        self.ca_bundle.setObjectName("ca_bundleInput")
        self.ca_bundle.setPlaceholderText(_tr("none (the system's certificates only)"))
        self.ca_browse = QPushButton(_tr("Browse…"), ca_box)
        self.ca_browse.setObjectName("caBrowse")
        self.ca_browse.clicked.connect(self._browse_ca)
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.ca_browse)
        self._row(form, "ca_bundle", _tr("Extra CA bundle"), ca_box)
        self.language = QComboBox(self)
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self._row(form, "language", _tr("Language"), self.language)
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setRange(*model.IDLE_RANGE)
        self.idle_minutes.setSuffix(_tr(" min"))
        self._row(form, "idle_minutes", _tr("Lock after idle"), self.idle_minutes)
        self.sync_minutes = QSpinBox(self)
        self.sync_minutes.setRange(*model.SYNC_RANGE)
        self.sync_minutes.setSuffix(_tr(" min"))
        self._row(form, "sync_minutes", _tr("Sync every"), self.sync_minutes)
        self.printer = QComboBox(self)
        self.printer.addItem(_tr("Default printer"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        self._row(form, "printer", _tr("Printer"), self.printer)
        self.inputs = {
            "platform_url": self.platform_url,
            "proxy_mode": self.proxy_mode,
            "proxy_url": self.proxy_url,
            "ca_bundle": ca_box,
            "language": self.language,
            "idle_minutes": self.idle_minutes,
            "sync_minutes": self.sync_minutes,
            "printer": self.printer,
        }

    def _load(self, settings: Settings) -> None:
        prefs = settings.prefs
        self.platform_url.setText(settings.platform_url)
        self.proxy_mode.setCurrentIndex(max(0, self.proxy_mode.findData(prefs.proxy_mode)))
        self.proxy_url.setText(prefs.proxy_url)
        self.ca_bundle.setText(prefs.ca_bundle)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.idle_minutes.setValue(prefs.idle_minutes)
        self.sync_minutes.setValue(prefs.sync_minutes)
        index = self.printer.findData(prefs.printer)
        if index < 0:  # saved printer not installed here (any more): keep the choice visible
            self.printer.addItem(_tr("%1 (not found)").replace("%1", prefs.printer), prefs.printer)
            index = self.printer.count() - 1
        self.printer.setCurrentIndex(index)
        self._proxy_mode_changed()

    def _lock_fields(self) -> None:
        locked = [n for n in self.inputs if not self.editor.may_change(n)]
        for name in locked:
            self.inputs[name].setEnabled(False)
        if locked:
            self.note.setText(
                _tr("Greyed-out settings can be changed only by a supervisor (窗口负责人).")
            )

    def _proxy_mode_changed(self) -> None:
        manual = self.proxy_mode.currentData() == "manual"
        self.proxy_url.setEnabled(manual and self.editor.may_change("proxy_url"))

    def _browse_ca(self) -> None:
        path = choose_ca_file(self)
        if path:
            self.ca_bundle.setText(path)

    # --- submitting --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The raw values as typed (the model normalizes and checks them)."""
        return {
            "platform_url": self.platform_url.text(),
            "proxy_mode": self.proxy_mode.currentData(),
            "proxy_url": self.proxy_url.text(),
            "ca_bundle": self.ca_bundle.text(),
            "language": self.language.currentData(),
            "idle_minutes": self.idle_minutes.value(),
            "sync_minutes": self.sync_minutes.value(),
            "printer": self.printer.currentData(),
        }

    def show_errors(self, refused: SettingsRefused | None) -> None:
        for name, label in self.errors.items():
            issue = refused.for_field(name) if refused else None
            label.setText(issue.message(self.lang) if issue else "")
            label.setVisible(issue is not None)
        self.message.setText(_tr("Nothing was saved.") if refused else "")
        self._fit()

    def _fit(self) -> None:
        """Grow to show every wrapped message whole (a dialog keeps its size otherwise)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        self.resize(self.width(), max(self.height(), needed, self.sizeHint().height()))

    def submit(self) -> bool:
        """Check and save; on refusal show inline errors and keep the dialog open."""
        try:
            after = model.check(self.current, self.values(), self.editor)
        except SettingsRefused as refused:
            self.show_errors(refused)
            return False
        self.show_errors(None)
        before = self.current
        try:
            model.save(self.profile, before, after)
        except OSError as exc:
            self.message.setText(
                _tr("The settings could not be saved: %1").replace("%1", exc.strerror or str(exc))
            )
            return False
        self.current = after
        self.saved.emit(before, after)
        self.accept()
        return True
