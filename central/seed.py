"""Demo data: two offices of a Guizhou city and county, their users and the service catalog.

The catalog lives as JSON in `counterdesk_resources/catalog/` (shape of docs/CONTRACTS.md)
and is checked with the domain's `ServiceItem.from_dict` while seeding,
so bad demo data fails loudly.

Demo accounts (password for all: `DEMO_PASSWORD`, documented for training use only):
`nm-clerk1`, `nm-clerk2`, `nm-super` at 贵阳市南明区政务服务中心 (520102);
`zz-clerk1`, `zz-clerk2`, `zz-super` at 修文县扎佐镇便民服务中心 (520123102);
`backoffice` (platform back office, no office).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher

from central.calendar_publish import publish_calendar
from central.db import Database, backfill_role_history
from central.security import hash_password
from counterdesk_resources import resource_path
from offline.domain.catalog import ServiceItem

CATALOG_DIR = resource_path("catalog")
DEMO_PASSWORD = "Demo@2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    roles: tuple[str, ...]
    office_code: str | None
    password: str = DEMO_PASSWORD

    @property
    def id(self) -> str:
        return f"u-{self.username}"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("nm-clerk1", "张敏", ("clerk",), "520102"),
    DemoUser("nm-clerk2", "李娜", ("clerk",), "520102"),
    DemoUser("nm-super", "王建国", ("clerk", "supervisor"), "520102"),
    DemoUser("zz-clerk1", "杨梅", ("clerk",), "520123102"),
    DemoUser("zz-clerk2", "吴磊", ("clerk",), "520123102"),
    DemoUser("zz-super", "罗光荣", ("clerk", "supervisor"), "520123102"),
    DemoUser("backoffice", "陈审批", ("back_office",), None),
)


# Columns of `offices`, in INSERT order; the last two (printed on rejection notices) may be
# absent from an older offices.json.
OFFICE_FIELDS = ("code", "name", "kind", "address", "phone", "hours", "review_body", "court")


def load_json(name: str) -> object:
    return json.loads((CATALOG_DIR / name).read_text(encoding="utf-8"))


def seed(db_path: Path, hasher: PasswordHasher | None = None) -> None:
    """Load the demo offices, catalog, calendar and users; safe to run twice."""
    items = load_json("items.json")
    offices = load_json("offices.json")
    calendar = load_json("calendar_override.json")
    assert isinstance(items, list) and isinstance(offices, list) and isinstance(calendar, dict)
    for item in items:
        ServiceItem.from_dict(item)  # raises ValidationFailed on bad demo data
    kwargs = {"hasher": hasher} if hasher else {}
    users = [(u, hash_password(u.password, **kwargs)) for u in DEMO_USERS]
    auto_hash = hash_password(secrets.token_urlsafe(24), **kwargs)
    db = Database(db_path)
    try:
        with db.write() as conn:
            for o in offices:
                conn.execute(
                    "INSERT OR REPLACE INTO offices (code, name, kind, address, phone, hours,"
                    " review_body, court) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        *(o[k] for k in OFFICE_FIELDS[:6]),
                        o.get("review_body", ""),
                        o.get("court", ""),
                    ),
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO office_items VALUES (?, ?)",
                    [(o["code"], code) for code in o["items"]],
                )
            conn.executemany(
                "INSERT OR REPLACE INTO items (code, doc) VALUES (?, ?)",
                [(i["code"], json.dumps(i, ensure_ascii=False)) for i in items],
            )
            # Publishing also fills in due dates the new calendar data makes known.
            publish_calendar(conn, calendar["version"], calendar["days"], time.time())
            for u, pw_hash in users:
                conn.execute(
                    "INSERT OR IGNORE INTO users (id, username, name, roles, office_code,"
                    " password_hash) VALUES (?, ?, ?, ?, ?, ?)",
                    (u.id, u.username, u.name, json.dumps(list(u.roles)), u.office_code, pw_hash),
                )
            conn.execute(
                "INSERT OR IGNORE INTO users (id, username, name, roles, office_code,"
                " password_hash) VALUES ('u-backoffice-auto', 'backoffice-auto',"
                " '自动审批', '[\"back_office\"]', NULL, ?)",
                (auto_hash,),
            )
            backfill_role_history(conn)
    finally:
        db.close()
