"""The Qt-free settings model: validation, who may change what, atomic persistence, and
the client settings and start-up options built from what was saved."""

from __future__ import annotations

import json
from pathlib import Path

import certifi
import pytest

from ui.options import AppOptions
from ui.profile import Profile, Registration
from ui.settings import model
from ui.settings.connection import client_settings
from ui.settings.model import Editor, Preferences, Settings, SettingsRefused

CLERK = Editor("clerk", registered=True)
SUPERVISOR = Editor("supervisor", registered=True)
SETUP = Editor(None, registered=False)
LOCKED = Editor(None, registered=True)


def one_certificate(tmp_path: Path) -> Path:
    """A real CA certificate (the first one of certifi's bundle) as its own PEM file."""
    text = Path(certifi.where()).read_text(encoding="ascii")
    start = text.index("-----BEGIN CERTIFICATE-----")
    end = text.index("-----END CERTIFICATE-----", start) + len("-----END CERTIFICATE-----")
    path = tmp_path / "ca.pem"
    path.write_text(text[start:end] + "\n", encoding="ascii")
    return path


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    p = Profile.locate("t", tmp_path).ensure()
    p.save_registration(Registration(platform_url="https://zwfw.example.gov.cn"))
    return p


def snapshot(profile: Profile) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in profile.root.iterdir() if p.is_file()}


def refused(current: Settings, changes: dict[str, object], editor: Editor) -> SettingsRefused:
    with pytest.raises(SettingsRefused) as info:
        model.check(current, changes, editor)
    return info.value


def test_defaults_when_nothing_was_saved(profile: Profile) -> None:
    current = model.load(profile)
    assert current.platform_url == "https://zwfw.example.gov.cn"
    assert current.prefs == Preferences()
    assert current.prefs.language == "zh_CN" and current.prefs.printer == ""
    assert not profile.preferences_path.exists()


def test_clerk_may_change_language_and_printer_only(profile: Profile) -> None:
    current = model.load(profile)
    after = model.check(current, {"language": "en", "printer": "Counter-HP"}, CLERK)
    assert after.prefs.language == "en" and after.prefs.printer == "Counter-HP"
    for field, value in (
        ("platform_url", "https://other.example.gov.cn"),
        ("proxy_mode", "none"),
        ("ca_bundle", "/tmp/x.pem"),
        ("idle_minutes", 60),
        ("sync_minutes", 1),
        ("backup_keep", 3),
    ):
        problem = refused(current, {field: value}, CLERK).for_field(field)
        assert problem is not None and problem.code == "forbidden"
        assert "只有窗口负责人" in problem.message("zh_CN")
        assert "Only a supervisor" in problem.message("en")
    # unchanged values need no permission (the dialog always sends every field)
    assert model.check(current, {"idle_minutes": 10, "platform_url": current.platform_url}, CLERK)
    # a locked screen (nobody signed in on a registered computer) is a clerk's view
    assert refused(current, {"sync_minutes": 2}, LOCKED).for_field("sync_minutes")


def test_supervisor_and_first_setup_may_change_everything(profile: Profile) -> None:
    current = model.load(profile)
    for editor in (SUPERVISOR, SETUP):
        after = model.check(
            current,
            {"platform_url": "https://n.example.gov.cn/", "idle_minutes": "30", "sync_minutes": 2},
            editor,
        )
        assert after.platform_url == "https://n.example.gov.cn"
        assert after.prefs.idle_minutes == 30 and after.prefs.sync_minutes == 2


def test_platform_url_rules(profile: Profile) -> None:
    current = model.load(profile)
    for url in ("ftp://x", "zwfw.example.gov.cn", "https://", "https://u:p@h.example", ""):
        issue = refused(current, {"platform_url": url}, SUPERVISOR).for_field("platform_url")
        assert issue is not None and "平台地址" in issue.zh
    issue = refused(current, {"platform_url": "http://10.1.2.3:8000"}, SUPERVISOR).issues[0]
    assert issue.code == "http_not_loopback" and "https" in issue.en
    for ok in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:9", "https://h.cn"):
        assert model.check(current, {"platform_url": ok}, SUPERVISOR).platform_url == ok


def test_proxy_rules(profile: Profile) -> None:
    current = model.load(profile)
    issue = refused(current, {"proxy_mode": "manual", "proxy_url": ""}, SUPERVISOR).issues[0]
    assert issue.code == "proxy_required"
    issue = refused(
        current, {"proxy_mode": "manual", "proxy_url": "http://bob:secret@proxy:8080"}, SUPERVISOR
    ).issues[0]
    assert issue.code == "proxy_credentials" and "密码" in issue.zh
    assert refused(current, {"proxy_url": "proxy:8080"}, SUPERVISOR).for_field("proxy_url")
    assert refused(current, {"proxy_mode": "pac"}, SUPERVISOR).for_field("proxy_mode")
    after = model.check(
        current, {"proxy_mode": "manual", "proxy_url": "http://10.0.0.1:3128"}, SUPERVISOR
    )
    assert after.prefs.proxy_url == "http://10.0.0.1:3128"


def test_ca_bundle_must_be_pem_with_a_certificate(profile: Profile, tmp_path: Path) -> None:
    current = model.load(profile)
    missing = refused(current, {"ca_bundle": str(tmp_path / "nope.pem")}, SUPERVISOR)
    assert "找不到证书文件" in missing.issues[0].zh
    junk = tmp_path / "junk.pem"
    junk.write_text("hello, not a certificate\n")
    bad = refused(current, {"ca_bundle": str(junk)}, SUPERVISOR).issues[0]
    assert bad.code == "bad_ca_bundle" and "PEM" in bad.zh and "PEM" in bad.en
    cert = one_certificate(tmp_path)
    broken = tmp_path / "broken.pem"
    broken.write_text(cert.read_text().replace("A", "#", 5))
    assert refused(current, {"ca_bundle": str(broken)}, SUPERVISOR).issues[0].code == (
        "bad_ca_bundle"
    )
    keyed = tmp_path / "with-key.pem"
    key_pem = "-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----\n"
    keyed.write_text(cert.read_text() + key_pem)
    assert "私钥" in refused(current, {"ca_bundle": str(keyed)}, SUPERVISOR).issues[0].zh
    after = model.check(current, {"ca_bundle": str(cert)}, SUPERVISOR)
    assert after.prefs.ca_bundle == str(cert)
    whole = model.check(current, {"ca_bundle": certifi.where()}, SUPERVISOR)
    assert whole.prefs.ca_bundle == certifi.where()


def test_ranges(profile: Profile) -> None:
    current = model.load(profile)
    for field, bad in (
        ("idle_minutes", 0),
        ("idle_minutes", 121),
        ("idle_minutes", "ten"),
        ("sync_minutes", 61),
        ("backup_keep", 0),
        ("backup_time", "25:00"),
    ):
        assert refused(current, {field: bad}, SUPERVISOR).for_field(field), (field, bad)
    assert refused(current, {"language": "fr"}, CLERK).for_field("language")


def test_refusal_writes_nothing_and_success_is_atomic(profile: Profile) -> None:
    current = model.load(profile)
    before = snapshot(profile)
    with pytest.raises(SettingsRefused) as info:
        model.check(
            current, {"language": "en", "idle_minutes": 500, "platform_url": "x"}, SUPERVISOR
        )
    assert {i.field for i in info.value.issues} == {"idle_minutes", "platform_url"}
    assert snapshot(profile) == before
    after = model.check(
        current,
        {"language": "en", "idle_minutes": 25, "platform_url": "https://b.example.gov.cn"},
        SUPERVISOR,
    )
    model.save(profile, current, after)
    saved = json.loads(profile.preferences_path.read_text(encoding="utf-8"))
    assert saved["language"] == "en" and saved["idle_minutes"] == 25
    assert "saved" not in saved
    assert profile.load_registration().platform_url == "https://b.example.gov.cn"
    assert not [p for p in profile.root.iterdir() if p.name.endswith(".tmp")]
    again = model.load(profile)
    assert again == after and again.prefs.saved == {"language", "idle_minutes"}
    assert model.needs_restart(current, after) == ["language", "platform_url"]
    assert model.startup_language(profile) == "en"
    assert model.startup_language(profile, "zh_CN") == "zh_CN"


def test_hand_edited_garbage_falls_back_to_defaults(profile: Profile) -> None:
    profile.preferences_path.write_text(
        json.dumps({"idle_minutes": 9999, "language": "xx", "printer": 5, "sync_minutes": 3}),
        encoding="utf-8",
    )
    prefs = model.load(profile).prefs
    assert prefs.idle_minutes == 10 and prefs.language == "zh_CN" and prefs.printer == ""
    assert prefs.sync_minutes == 3
    profile.preferences_path.write_text("[1, 2", encoding="utf-8")
    assert model.load(profile).prefs == Preferences()


def test_client_settings_follow_the_saved_proxy_and_ca(profile: Profile, tmp_path: Path) -> None:
    url = "https://zwfw.example.gov.cn"
    default = client_settings(profile, url)
    assert default.proxy is None and default.trust_env and default.extra_ca_bundle is None
    cert = one_certificate(tmp_path)
    current = model.load(profile)
    manual = model.check(
        current,
        {"proxy_mode": "manual", "proxy_url": "http://10.0.0.1:3128", "ca_bundle": str(cert)},
        SUPERVISOR,
    )
    model.save(profile, current, manual)
    built = client_settings(profile, url)
    assert built.proxy == "http://10.0.0.1:3128" and built.extra_ca_bundle == cert
    assert built.profile == "t" and built.base_url == url
    none = model.check(manual, {"proxy_mode": "none"}, SUPERVISOR)
    model.save(profile, manual, none)
    built = client_settings(profile, url)
    assert built.proxy is None and not built.trust_env


def test_saved_idle_and_sync_apply_at_start_unless_given(profile: Profile) -> None:
    assert AppOptions(profile=profile).sync_timing is None
    current = model.load(profile)
    after = model.check(current, {"idle_minutes": 3, "sync_minutes": 7}, SUPERVISOR)
    model.save(profile, current, after)
    options = AppOptions(profile=profile)
    assert options.idle_minutes == 3.0
    assert options.sync_timing is not None and options.sync_timing.period == 420.0
    assert AppOptions(profile=profile, idle_minutes=0.5).idle_minutes == 0.5
