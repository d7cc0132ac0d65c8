"""Builders of valid application documents and device mutations for platform tests.

Documents come from the domain's own `new_application_doc`, so the platform is tested with
exactly what a counter device would push.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import uuid6
from stdnum.cn import ric

from counterdesk_resources import resource_path
from offline.domain.application import new_application_doc
from offline.domain.catalog import ServiceItem
from offline.domain.mutations import new_mutation

CATALOG = resource_path("catalog", "items.json")
CITY_ITEM = "11520102MB0001XK000101001"  # 个体工商户设立登记, offered by both offices
_serials = itertools.count(1)


def item(code: str = CITY_ITEM) -> ServiceItem:
    data = next(i for i in json.loads(CATALOG.read_text("utf-8")) if i["code"] == code)
    return ServiceItem.from_dict(data)


def id_number(n: int) -> str:
    body = f"520102199001{n % 28 + 1:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # the last char is ignored


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Device:
    """A counter device: a logged-in client plus its gap-free mutation sequence."""

    def __init__(self, client: httpx.Client, office_code: str) -> None:
        self.client = client
        self.office_code = office_code
        self.device_id: str = client.device_id  # type: ignore[attr-defined]
        self.user_id: str = client.user["id"]  # type: ignore[attr-defined]
        self.terminal: str = client.terminal_code  # type: ignore[attr-defined]
        self.seq = 0

    def mutation(
        self,
        kind: str,
        record_id: str,
        payload: dict[str, Any],
        role: str = "clerk",
        seq: int | None = None,
        sign: bool = True,
    ) -> dict[str, Any]:
        if seq is None:
            self.seq += 1
            seq = self.seq
        mutation = new_mutation(
            kind,
            record_id,
            payload,
            actor=self.user_id,
            role=role,
            at=now_iso(),
            device_id=self.device_id,
            seq=seq,
        )
        if sign:
            self.client.signer.sign(mutation)  # type: ignore[attr-defined]
        return mutation

    def new_doc(self, office_code: str | None = None, name: str = "张三") -> dict[str, Any]:
        n = next(_serials)
        office = office_code or self.office_code
        return new_application_doc(
            item=item(),
            applicant={"kind": "person", "name": name, "cert_type": "111", "cert_no": id_number(n)},
            phone="13800138000",
            office_code=office,
            receipt_no=f"{office}-{self.terminal}-20261126-{n % 10000:04d}",
            clerk_id=self.user_id,
            device_id=self.device_id,
            at=datetime.now(UTC),
            address="贵阳市南明区某街道1号",
            form={
                "trade_name": f"南明区小吃店{n}",
                "business_address": "贵阳市南明区花果园",
                "scope": "小吃服务",
                "capital": 5,
            },
            materials=[
                {"code": "M01", "originals": 1, "copies": 1},
                {"code": "M02", "originals": 1, "copies": 0},
                {"code": "M03", "originals": 1, "copies": 1},
            ],
            record_id=str(uuid6.uuid7()),
        )

    def create(self, **kwargs: Any) -> dict[str, Any]:
        doc = self.new_doc(**kwargs)
        return self.mutation("create", doc["id"], {"doc": doc})

    def transition(
        self, record_id: str, source: str, target: str, reason: str | None = None, **data: Any
    ) -> dict[str, Any]:
        return self.mutation(
            "transition", record_id, {"from": source, "to": target, "reason": reason, "data": data}
        )

    def push(self, mutations: list[dict[str, Any]]) -> httpx.Response:
        return self.client.post(
            "/sync/push", json={"device_id": self.device_id, "mutations": mutations}
        )

    def push_ok(self, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        r = self.push(mutations)
        assert r.status_code == 200, r.text
        outcomes: list[dict[str, Any]] = r.json()["outcomes"]
        return outcomes

    def pull(self, epoch: int = 0, seq: int = 0, limit: int = 500) -> dict[str, Any]:
        r = self.client.get(
            "/sync/pull",
            params={"device_id": self.device_id, "epoch": epoch, "seq": seq, "limit": limit},
        )
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body
