"""The settings dialog offscreen: what each role may edit, inline errors that save
nothing, the CA file picker, and values persisted for the next start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.ui.settings.test_model import one_certificate
from ui.profile import Profile, Registration
from ui.settings import dialog as dialog_mod
from ui.settings import model
from ui.settings.dialog import SettingsDialog
from ui.settings.model import Editor


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    p = Profile.locate("t", tmp_path).ensure()
    p.save_registration(Registration(platform_url="https://zwfw.example.gov.cn"))
    return p


def files(profile: Profile) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in profile.root.iterdir() if p.is_file()}


def make(
    qtbot: QtBot, profile: Profile, role: str | None, registered: bool = True
) -> SettingsDialog:
    dialog = SettingsDialog(profile, Editor(role, registered))
    qtbot.addWidget(dialog)
    return dialog


def test_clerk_sees_connection_settings_read_only_and_saves_language(
    qtbot: QtBot, profile: Profile
) -> None:
    dialog = make(qtbot, profile, "clerk")
    for name in ("platform_url", "proxy_mode", "ca_bundle", "idle_minutes", "sync_minutes"):
        assert not dialog.inputs[name].isEnabled(), name
    assert dialog.language.isEnabled() and dialog.printer.isEnabled()
    assert "supervisor" in dialog.note.text() or "窗口负责人" in dialog.note.text()
    assert dialog.printer.itemData(0) == ""  # the system default printer comes first
    saved: list[object] = []
    dialog.saved.connect(lambda before, after: saved.append(after))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.submit()
    assert json.loads(profile.preferences_path.read_text(encoding="utf-8")) == {"language": "en"}
    assert len(saved) == 1 and dialog.result() == QDialog.DialogCode.Accepted


def test_clerk_cannot_sneak_a_supervisor_setting_past_the_model(
    qtbot: QtBot, profile: Profile
) -> None:
    dialog = make(qtbot, profile, "clerk")
    before = files(profile)
    dialog.idle_minutes.setValue(120)  # disabled in the UI, set anyway: the model refuses
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert not dialog.submit()
    error = dialog.errors["idle_minutes"]
    assert not error.isHidden() and "只有窗口负责人" in error.text()
    assert dialog.errors["language"].isHidden()
    assert files(profile) == before


def test_supervisor_gets_inline_errors_and_nothing_changes(
    qtbot: QtBot, profile: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make(qtbot, profile, "supervisor")
    assert all(w.isEnabled() for n, w in dialog.inputs.items() if n != "proxy_url")
    assert not dialog.proxy_url.isEnabled()  # only for a manual proxy
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("manual"))
    assert dialog.proxy_url.isEnabled()
    before = files(profile)
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    monkeypatch.setattr(dialog_mod, "choose_ca_file", lambda parent: str(junk))
    dialog.ca_browse.click()
    assert dialog.ca_bundle.text() == str(junk)
    dialog.platform_url.setText("http://zwfw.example.gov.cn")
    dialog.proxy_url.setText("http://user:pw@proxy.example.gov.cn:8080")
    dialog.sync_minutes.setValue(15)
    assert not dialog.submit()
    assert "https" in dialog.errors["platform_url"].text()
    assert "密码" in dialog.errors["proxy_url"].text()
    assert "PEM" in dialog.errors["ca_bundle"].text()
    assert dialog.errors["sync_minutes"].isHidden()
    assert dialog.message.text()
    assert files(profile) == before
    # fixed: everything is saved together, and errors disappear
    cert = one_certificate(tmp_path)
    monkeypatch.setattr(dialog_mod, "choose_ca_file", lambda parent: str(cert))
    dialog.ca_browse.click()
    dialog.platform_url.setText("https://zwfw2.example.gov.cn/")
    dialog.proxy_url.setText("http://proxy.example.gov.cn:8080")
    assert dialog.submit()
    assert all(label.isHidden() for label in dialog.errors.values())
    again = model.load(profile)
    assert again.platform_url == "https://zwfw2.example.gov.cn"
    assert again.prefs.proxy_mode == "manual"
    assert again.prefs.proxy_url == "http://proxy.example.gov.cn:8080"
    assert again.prefs.ca_bundle == str(cert) and again.prefs.sync_minutes == 15


def test_reopening_shows_the_saved_values(qtbot: QtBot, profile: Profile) -> None:
    current = model.load(profile)
    after = model.check(
        current,
        {"idle_minutes": 42, "sync_minutes": 9, "proxy_mode": "none", "printer": "Hall-2"},
        Editor("supervisor", True),
    )
    model.save(profile, current, after)
    dialog = make(qtbot, profile, "supervisor")
    assert dialog.idle_minutes.value() == 42 and dialog.sync_minutes.value() == 9
    assert dialog.proxy_mode.currentData() == "none"
    # a saved printer that is not installed here stays selected, marked as not found
    assert dialog.printer.currentData() == "Hall-2"
    assert "Hall-2" in dialog.printer.currentText()


def test_first_setup_may_set_the_proxy_before_anyone_can_sign_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    fresh = Profile.locate("new", tmp_path).ensure()
    dialog = make(qtbot, fresh, None, registered=False)
    assert dialog.proxy_mode.isEnabled() and dialog.platform_url.isEnabled()
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("none"))
    assert dialog.submit()  # an empty platform address is fine before registration
    assert model.load(fresh).prefs.proxy_mode == "none"


def test_applying_changes_only_touches_what_changed(qtbot: QtBot, profile: Profile) -> None:
    """The live part: a clerk saving the language must not reset an idle time given at
    start (``--idle-minutes``); a new sync interval reaches the running scheduler."""
    from types import SimpleNamespace

    from sync.scheduler import RunOutcome, SyncScheduler
    from ui.idle import IdleWatcher
    from ui.options import AppOptions
    from ui.settings import live

    async def run() -> RunOutcome:
        return RunOutcome(online=True, ok=True)

    async def probe() -> bool:
        return True

    idle = IdleWatcher(0.5)
    scheduler = SyncScheduler(run, probe)
    controller = SimpleNamespace(
        idle=idle,
        options=AppOptions(profile=profile, idle_minutes=0.5),
        sync=SimpleNamespace(scheduler=scheduler),
    )
    try:
        start = model.load(profile)
        english = model.check(start, {"language": "en"}, Editor("clerk", True))
        live.apply_to(controller, english, start)
        assert idle._timer.interval() == 30_000
        assert live.current_preferences().language == "en"
        slower = model.check(english, {"sync_minutes": 7}, Editor("supervisor", True))
        live.apply_to(controller, slower, english)
        assert scheduler.timing.period == 420.0
        assert controller.options.sync_timing is not None
        assert controller.options.sync_timing.period == 420.0
        assert idle._timer.interval() == 30_000
        locked = model.check(slower, {"idle_minutes": 3}, Editor("supervisor", True))
        live.apply_to(controller, locked, slower)
        assert idle._timer.interval() == 180_000
    finally:
        idle.stop()
        live.set_current(model.Preferences())
