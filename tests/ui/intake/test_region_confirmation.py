"""The applicant step: an unlisted region code is a warning the clerk confirms, a number
from the card reader needs no confirmation, and both travel with the person."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pytestqt.qtbot import QtBot

from tests.offline.domain.test_gb11643_gb32100 import id_number
from ui.intake.applicant_page import ApplicantPage
from ui.intake.page import ERROR_STYLE, WARNING_STYLE
from ui.intake.person_fields import PersonFields
from ui.intake.runner import ThreadRunner
from ui.readers.simulated import demo_cards

UNLISTED = id_number("999999", date(1990, 3, 7), 123)
LISTED = id_number("520102", date(1975, 3, 15), 11)


def _fields(qtbot: QtBot) -> PersonFields:
    fields = PersonFields("applicant")
    qtbot.addWidget(fields)
    fields.show()
    fields.name.setText("张三")
    return fields


def test_an_unlisted_region_asks_for_a_confirmation(qtbot: QtBot) -> None:
    fields = _fields(qtbot)
    fields.cert_no.setText(UNLISTED)
    assert fields.region_confirm.isVisible() and not fields.region_confirm.isChecked()
    assert fields.cert_error.isVisible()
    assert fields.cert_error.styleSheet() == WARNING_STYLE  # amber, not the error red
    assert "region_confirmed" not in fields.value()
    assert fields.value()["birth_date"] == "1990-03-07"  # the hard rules hold
    fields.region_confirm.setChecked(True)
    assert not fields.cert_error.isVisible()
    assert fields.value()["region_confirmed"] is True
    fields.cert_no.setText(UNLISTED[:-1])  # editing the number withdraws the confirmation
    fields.cert_no.setText(UNLISTED)
    assert not fields.region_confirm.isChecked() and "region_confirmed" not in fields.value()


def test_a_listed_region_never_shows_the_confirmation(qtbot: QtBot) -> None:
    fields = _fields(qtbot)
    fields.cert_no.setText(LISTED[:-1] + ("0" if LISTED[-1] != "0" else "1"))
    assert fields.cert_error.isVisible() and fields.cert_error.styleSheet() == ERROR_STYLE
    assert not fields.region_confirm.isVisible()
    fields.cert_no.setText(LISTED)
    assert not fields.region_confirm.isVisible() and not fields.cert_error.isVisible()
    assert fields.facts.text() == "男 · 1975-03-15"


def test_a_card_read_number_needs_no_confirmation_until_edited(qtbot: QtBot) -> None:
    fields = _fields(qtbot)
    card = replace(demo_cards()[0], number=UNLISTED, birth_date=date(1990, 3, 7))
    fields.set_value(card.applicant())
    assert not fields.region_confirm.isVisible() and not fields.cert_error.isVisible()
    assert fields.value()["card_read"] is True
    fields.cert_no.setText(UNLISTED[:-1])
    fields.cert_no.setText(UNLISTED)  # typed by hand now: the warning is back
    assert "card_read" not in fields.value()
    assert fields.region_confirm.isVisible()


def test_the_page_refuses_until_confirmed_and_restores_drafts(
    qtbot: QtBot, runner: ThreadRunner
) -> None:
    page = ApplicantPage(runner)
    qtbot.addWidget(page)
    page.show()
    page.person.name.setText("张三")
    page.person.cert_no.setText(UNLISTED)
    page.phone.setText("13800138000")
    assert [i.code for i in page.validate()] == ["unknown_region"]
    assert page.person.region_confirm.isVisible()
    page.person.region_confirm.setChecked(True)
    assert page.validate() == []
    draft = page.to_draft()
    again = ApplicantPage(runner)
    qtbot.addWidget(again)
    again.from_draft(draft)
    assert again.applicant()["region_confirmed"] is True and again.validate() == []
