"""Review body and court: from offices.json through the platform's catalog to the
counter's store, its rejection notices and the settings dialog (read-only)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from central.db import connect
from client.wire import CatalogResponse
from counterdesk_resources import resource_path
from demo.intake_data import demo_application
from offline.store.opening import open_profile
from tests.central.helpers import login
from tests.fixtures.platform import PlatformServer
from tests.ui.printing.pdftext import source_text
from ui.printing import DocKind, PrintContext
from ui.printing.documents import render_html

OFFICES = resource_path("catalog", "offices.json")


def test_every_demo_office_names_its_review_body_and_court() -> None:
    offices = json.loads(OFFICES.read_text(encoding="utf-8"))
    assert {o["code"]: (o["review_body"], o["court"]) for o in offices} == {
        # 行政复议法第二十四条: the county-level government reviews its departments' acts;
        # 行政诉讼法第十八条: the court where the acting authority sits.
        "520102": ("贵阳市南明区人民政府", "贵阳市南明区人民法院"),
        "520123102": ("修文县人民政府", "修文县人民法院"),
    }


def test_catalog_carries_them_to_the_counter_and_onto_the_notice(
    platform_server: PlatformServer, tmp_path: Path
) -> None:
    body = login(platform_server, "zz-clerk1").get("/catalog").json()
    assert body["office"]["review_body"] == "修文县人民政府"
    assert body["office"]["court"] == "修文县人民法院"
    store = open_profile("clerk", tmp_path, create=True)
    try:
        store.save_catalog(CatalogResponse.model_validate(body).model_dump(mode="json"))
        office = store.office_info()
    finally:
        store.close()
    assert (office["review_body"], office["court"]) == ("修文县人民政府", "修文县人民法院")
    context = PrintContext(
        "修文县扎佐镇便民服务中心",
        "杨梅",
        date(2026, 11, 26),
        review_body=office["review_body"],
        court=office["court"],
    )
    text = source_text(render_html(DocKind.rejection, demo_application("rejected"), context))
    assert "六十日内向修文县人民政府申请行政复议" in text
    assert "六个月内向修文县人民法院提起行政诉讼" in text


def test_an_older_platform_database_gets_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE offices (code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT"
            " NULL, address TEXT NOT NULL, phone TEXT NOT NULL, hours TEXT NOT NULL)"
        )
        old.execute("INSERT INTO offices VALUES ('1', 'n', 'township', 'a', 'p', 'h')")
    conn = connect(path)
    row = conn.execute("SELECT review_body, court FROM offices").fetchone()
    conn.close()
    assert tuple(row) == ("", "")


def test_settings_dialog_shows_them_read_only(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel, QLineEdit

    from ui.profile import Profile
    from ui.settings.dialog import SettingsDialog
    from ui.settings.model import Editor

    office = {"review_body": "贵阳市南明区人民政府", "court": "贵阳市南明区人民法院"}
    dialog = SettingsDialog(
        Profile.locate("t", tmp_path).ensure(), Editor("supervisor", True), None, office
    )
    qtbot.addWidget(dialog)
    review = dialog.findChild(QLabel, "review_bodyValue")
    court = dialog.findChild(QLabel, "courtValue")
    assert review is not None and review.text() == office["review_body"]
    assert court is not None and court.text() == office["court"]
    assert "review_body" not in dialog.values() and "court" not in dialog.values()
    assert not any(office["court"] == e.text() for e in dialog.findChildren(QLineEdit))
    unset = SettingsDialog(Profile.locate("t", tmp_path).ensure(), Editor("supervisor", True))
    qtbot.addWidget(unset)
    label = unset.findChild(QLabel, "courtValue")
    assert label is not None and label.text() == "not set by the platform"


def test_workspace_print_context_reads_office_and_items_from_the_store(
    qapp: object, tmp_path: Path
) -> None:
    from demo.intake_data import DEMO_ITEM
    from tests.ui.intake.support import open_store_thread
    from ui.context import SignedInUser, WorkspaceContext
    from ui.printing.context import print_context

    thread = open_store_thread(tmp_path / "data")
    try:
        thread.call_blocking(
            lambda s: s.save_catalog(
                {
                    "office": {
                        "code": "520102",
                        "review_body": "贵阳市南明区人民政府",
                        "court": "贵阳市南明区人民法院",
                    }
                }
            )
        )
        ctx = WorkspaceContext(
            user=SignedInUser("u-clerk1", "clerk1", "李明", "520102", ("clerk",)),
            store=thread,
            office_code="520102",
            office_name="南明区政务服务中心",
            terminal_code="03",
            device_id="dev-03",
        )
        context = print_context(ctx)
    finally:
        thread.close()
    assert (context.review_body, context.court) == ("贵阳市南明区人民政府", "贵阳市南明区人民法院")
    assert context.clerk_name == "李明"
    text = source_text(render_html(DocKind.rejection, demo_application("rejected"), context))
    assert f"作出决定机关Department{DEPARTMENT_OF_DEMO}" in text.replace(" ", "")
    assert DEMO_ITEM["department"] == DEPARTMENT_OF_DEMO


DEPARTMENT_OF_DEMO = "贵阳市市场监督管理局"
