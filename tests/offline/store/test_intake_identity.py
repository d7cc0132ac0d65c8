"""Intake on a real encrypted store, and the same create pushed to the real platform.

The store refuses at intake what the platform would refuse (oversized counts, a birth
date that contradicts the ID number, an unlisted region nobody confirmed) and accepts
what the platform accepts: a confirmed or card-read number is applied on both sides,
and the confirmation is kept in the record and in the intake's audit entry.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from offline.domain.errors import ValidationFailed
from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields
from tests.offline.domain.test_gb11643_gb32100 import id_number
from tests.sync.harness import Device
from tests.sync.harness import intake_fields as platform_intake

UNLISTED = id_number("999999", "19900307", 123)
NANMING_1975 = "520102197503150118"


def _rows(store: Store) -> tuple[Any, ...]:
    q = store.conn.execute
    return tuple(
        q(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("applications", "outbox", "audit_log", "receipt_serials")
    )


def _person(cert_no: str, **flags: Any) -> dict[str, Any]:
    return {"kind": "person", "name": "张三", "cert_type": "111", "cert_no": cert_no, **flags}


@pytest.mark.parametrize(
    "overrides",
    [
        {"materials": [{"code": "M01", "originals": 10**30, "copies": 1}]},
        {"materials": [{"code": "M01", "originals": 100, "copies": 1}]},
        {"materials": [{"code": "M01", "originals": 1.0, "copies": 1}]},
        {"materials": [{"code": "M01", "originals": True, "copies": 1}]},
        {"form": {"area": 10**30}},
        {"applicant": _person(UNLISTED)},
        {"applicant": _person(NANMING_1975, birth_date="9999-12-31")},
        {"applicant": _person(NANMING_1975, birth_date="0001-01-01")},
        {"applicant": _person(NANMING_1975, nation=10**30)},
    ],
)
def test_the_store_refuses_what_the_platform_would_refuse(
    store: Store, overrides: dict[str, Any]
) -> None:
    before = _rows(store)
    with pytest.raises(ValidationFailed) as info:
        store.intake(CLERK, **intake_fields(**overrides))
    assert info.value.message("zh_CN") and info.value.message("en")
    assert _rows(store) == before


def test_valid_numbers_of_every_birth_year_are_received(store: Store) -> None:
    for number in (NANMING_1975, "500103199005153211", id_number("110103", "20150101")):
        doc = store.intake(CLERK, **intake_fields(applicant=_person(number)))
        assert doc["applicant"]["birth_date"] == f"{number[6:10]}-{number[10:12]}-{number[12:14]}"


def test_a_confirmed_unlisted_region_is_received_and_audited(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields(applicant=_person(UNLISTED, region_confirmed=True)))
    assert doc["applicant"]["region_confirmed"] is True
    action, detail = _last_audit(store)
    assert action == "application.create"
    assert detail["region_confirmed"] == ["applicant"]
    assert UNLISTED not in str(detail)  # the audit names the path, never the number
    store.intake(CLERK, **intake_fields(applicant=_person(UNLISTED, card_read=True)))
    assert _last_audit(store)[1]["card_read"] == ["applicant"]
    assert store.verify_audit().ok


def _last_audit(store: Store) -> tuple[str, dict[str, Any]]:
    row = store.conn.execute(
        "SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return row[0], json.loads(row[1])


@pytest.mark.asyncio
async def test_the_platform_applies_what_the_store_received(
    fresh_platform: Any, tmp_path: Path
) -> None:
    device = await Device.create(
        "dev-law", fresh_platform.users["nm-clerk1"], tmp_path / "d", fresh_platform.base_url
    )
    try:
        rng = random.Random(11)
        people = [
            _person(UNLISTED, region_confirmed=True),
            _person(UNLISTED, card_read=True),
            _person(NANMING_1975, birth_date="1975-03-15"),
            _person(id_number("110103", "20150101")),
        ]
        for person in people:
            fields = platform_intake(device.items[0], rng) | {"applicant": person}
            await device.store.call(lambda s, f=fields, a=device.actor: s.intake(a, **f))
        outcome = await device.engine.run()
        assert outcome.ok
        assert device.engine.totals.outcomes == {"applied": len(people)}
    finally:
        await device.aclose()
