"""Realistic made-up applications for the demo, screenshots, UI tests and benchmark.

Every record goes through the public ``Store`` API (intake, transitions), so it passed
the same validation and one-transaction path a clerk's action takes. Names are common
Chinese names, ID numbers are valid (python-stdnum computes the check digit), and the
service items come from the demo catalog in ``counterdesk_resources/catalog``.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from counterdesk_resources import resource_path
from offline.domain.clock import now_utc
from offline.store.actions import Actor
from offline.store.store import Store

ROOT = Path(__file__).resolve().parents[1]
ITEM_CODE = "11520102MB0010XK001001001"  # 烟草专卖零售许可: one required text field
OFFICE = "520102"
REGIONS = ("520100", "110105")  # division codes python-stdnum knows
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def catalog_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(
        resource_path("catalog", "items.json").read_text(encoding="utf-8")
    )
    return items


def id_number(rng: random.Random) -> str:
    birth = datetime(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + ric.calc_check_digit(body + "0")  # wants a placeholder check digit


def person(rng: random.Random, name: str | None = None) -> dict[str, Any]:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return {
        "kind": "person",
        "name": name or rng.choice(SURNAMES) + given,
        "cert_type": "111",
        "cert_no": id_number(rng),
    }


def required_materials(item_code: str = ITEM_CODE) -> list[dict[str, Any]]:
    """Every required material of the item, as received at the counter."""
    item = next(i for i in catalog_items() if i["code"] == item_code)
    return [
        {
            "code": m["code"],
            "name": m["name"],
            "originals": m["originals"],
            "copies": m["copies"],
            "form": "paper",
        }
        for m in item["materials"]
        if m["required"]
    ]


def new_store(path: Path, key: bytes = b"k" * 32, *, terminal: str = "03") -> Store:
    """A registered store (office 520102) holding the demo catalog."""
    store = Store.create(path, key)
    store.register_device(OFFICE, terminal)
    store.upsert_catalog(catalog_items())
    return store


def intake(
    store: Store,
    clerk: str,
    rng: random.Random,
    *,
    name: str | None = None,
    phone: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One application received by ``clerk`` with every required material."""
    return store.intake(
        Actor(clerk, "clerk"),
        item_code=ITEM_CODE,
        applicant=person(rng, name),
        phone=phone or f"13{rng.randrange(0, 10**9):09d}",
        address="贵州省贵阳市南明区花果园街道",
        form={"business_address": "南明区花果园大街1号"},
        materials=required_materials(),
        now=now,
    )


def fill(
    store: Store, clerks: list[str], n: int, seed: int = 7, *, accept_every: int = 0
) -> list[dict[str, Any]]:
    """``n`` applications over the last weeks spread over ``clerks``, in one commit;
    with ``accept_every=k`` every k-th one is accepted at receipt time (some overdue)."""
    rng = random.Random(seed)
    start = now_utc() - timedelta(days=40)
    docs = []
    with store.transaction():  # each intake nests as a savepoint
        for i in range(n):
            at = start + timedelta(hours=i * 40 * 24 / max(n, 1))
            clerk = clerks[i % len(clerks)]
            doc = intake(store, clerk, rng, now=at)
            if accept_every and i % accept_every == 0:
                doc = store.transition(Actor(clerk, "clerk"), doc["id"], "accepted", now=at)
            docs.append(doc)
    return docs
