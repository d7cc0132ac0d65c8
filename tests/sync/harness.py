"""A real device for sync tests: encrypted store on its own thread + real client + engine.

Shared by the engine tests, the chaos suite and the sync benchmark. Nothing is faked: the
store is SQLCipher in a temp dir, the client talks HTTP to the real reference platform on
loopback, through a `FaultTransport` that injects faults only when a test asks.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from stdnum.cn import ric

from central.runner import ProcessServer, free_port, wait_healthy
from central.seed import DEMO_USERS
from client.api import PlatformClient
from client.settings import ClientSettings, RetryPolicy, Timeouts
from client.wire import API_PREFIX, BackOfficeAction
from offline.store.actions import Actor
from offline.store.opening import open_profile
from sync.engine import SyncEngine
from sync.keys import ensure_user_key, load_device_key
from sync.store_thread import StoreThread
from tests.support.faults import FaultTransport
from tests.support.signing import DeviceKey, register_device

SHARED_ITEM = "11520102MB0001XK000101001"  # offered by both demo offices
FAST_RETRY = RetryPolicy(attempts=2, timeout=5.0, wait_initial=0.01, wait_max=0.05, wait_jitter=0)
FAST_TIMEOUTS = Timeouts(connect=2.0, read=20.0, write=20.0, pool=5.0)


def valid_id_number(rng: random.Random) -> str:
    body = f"110101{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")


def fill_form(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Values for the item's required form fields that the domain accepts."""
    form: dict[str, Any] = {}
    for f in item.get("form_fields", []):
        if not f.get("required"):
            continue
        kind = f["type"]
        if kind == "number":
            low = f.get("min") or 0
            form[f["key"]] = int(low) + rng.randint(1, 50)
        elif kind == "choice":
            form[f["key"]] = rng.choice(f["choices"])
        elif kind == "date":
            form[f["key"]] = date(2026, 11, rng.randint(1, 25)).isoformat()
        elif kind == "cert_no":
            form[f["key"]] = valid_id_number(rng)
        elif kind == "phone":
            form[f["key"]] = "13800138000"
        else:
            form[f["key"]] = f"测试{rng.randint(1, 999)}"
    return form


def intake_fields(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨梅", "赵磊", "黄敏"]
    return {
        "item_code": item["code"],
        "applicant": {
            "kind": "person",
            "name": rng.choice(names),
            "cert_type": "111",
            "cert_no": valid_id_number(rng),
        },
        "phone": f"139{rng.randint(10000000, 99999999)}",
        "address": f"贵阳市南明区{rng.randint(1, 99)}号",
        "form": fill_form(item, rng),
        "materials": [
            {"code": m["code"], "originals": m["originals"], "copies": m["copies"]}
            for m in item["materials"]
            if m["required"]
        ],
    }


def make_client(
    base_url: str, profile: str, username: str, faults: FaultTransport | None
) -> PlatformClient:
    settings = ClientSettings(
        base_url=base_url,
        profile=profile,
        retry=FAST_RETRY,
        timeouts=FAST_TIMEOUTS,
        trust_env=False,
    )
    return PlatformClient(settings, username=username, transport=faults)


@dataclass
class Device:
    """One clerk's terminal."""

    name: str
    username: str
    password: str
    user_id: str
    data_dir: Path
    base_url: str
    store: StoreThread[Any]
    faults: FaultTransport
    client: PlatformClient
    engine: SyncEngine
    office_code: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, "clerk")

    @classmethod
    async def create(
        cls,
        name: str,
        user: Any,
        data_dir: Path,
        base_url: str,
        *,
        seed: int = 0,
        **engine_options: Any,
    ) -> Device:
        """Create the store, sign in, register the device and load the catalog."""
        data_dir.mkdir(parents=True, exist_ok=True)
        store: StoreThread[Any] = StoreThread(lambda: open_profile(name, data_dir, create=True))
        faults = FaultTransport(httpx.AsyncHTTPTransport(), seed=seed)
        client = make_client(base_url, name, user.username, faults)
        device_id = await load_device_key(store, client)
        login = await client.login(user.username, user.password, device_id)
        office = str(login.user.office_code)
        key = DeviceKey(device_id, await store.call(lambda s: s.device_credential()))
        users = {u.username: u for u in DEMO_USERS}
        await asyncio.to_thread(register_device, base_url + API_PREFIX, users, office, key, name)
        info = await client.register_device(device_id, name)  # registered: idempotent
        await store.call(lambda s: s.register_device(info.office_code, info.terminal_code))
        await ensure_user_key(store, client, user.id, user.password)
        catalog = await client.catalog()
        assert catalog is not None
        data = catalog.model_dump(mode="json")
        await store.call(lambda s: s.save_catalog(data))
        engine = SyncEngine(store, client, **engine_options)
        items = [i for i in data["items"] if i["active"]]
        items.sort(key=lambda i: i["code"] != SHARED_ITEM)
        return cls(
            name,
            user.username,
            user.password,
            user.id,
            data_dir,
            base_url,
            store,
            faults,
            client,
            engine,
            info.office_code,
            items,
        )

    async def last_op(self) -> str:
        return str(
            await self.store.call(
                lambda s: s.conn.execute("SELECT op_id FROM outbox ORDER BY seq DESC").fetchone()[0]
            )
        )

    async def intake(self, rng: random.Random) -> dict[str, Any]:
        fields = intake_fields(self.items[0], rng)
        actor = self.actor
        return dict(await self.store.call(lambda s: s.intake(actor, **fields)))

    async def close_store(self) -> None:
        self.store.close()

    def reopen_store(self) -> None:
        """Open the store again; the user's key is unlocked again (as at a sign-in)."""
        name, data_dir = self.name, self.data_dir
        user_id, password = self.user_id, self.password

        def reopen() -> Any:
            store = open_profile(name, data_dir)
            store.unlock_signer(user_id, password)
            return store

        self.store = StoreThread(reopen)
        self.engine.store = self.store

    async def aclose(self) -> None:
        await self.client.aclose()
        self.store.close()


async def back_office_client(base_url: str, user: Any) -> PlatformClient:
    client = make_client(base_url, "backoffice", user.username, None)
    await client.login(user.username, user.password, "back-office-desk")
    return client


async def back_office_act(
    client: PlatformClient, record_id: str, action: str, reason: str | None = None
) -> Any:
    missing = None
    if action == "request_supplement":
        missing = [{"code": "M01", "name": "申请人身份证明", "problem": "复印件不清晰"}]
    body = BackOfficeAction.model_validate(
        {"action": action, "reason": reason or "依法审查", "missing": missing}
    )
    return await client.back_office(record_id, body)


def start_platform_process(db_path: Path, *, seed_demo: bool = True) -> ProcessServer:
    """The platform as a subprocess; on a loaded machine its start may take longer than
    the runner's 20 s, so keep waiting instead of leaking a half-started process."""
    port = free_port()
    server = ProcessServer(
        f"http://127.0.0.1:{port}", db_path, port, ["--seed", "demo"] if seed_demo else []
    )
    ensure_started(server)
    return server


def ensure_started(server: ProcessServer, attempts: int = 3) -> None:
    """Start (or restart after a kill) and wait until healthy; retry a start that died."""
    for attempt in range(attempts):
        try:
            server.start()
            return
        except TimeoutError:
            wait_healthy(server.base_url, timeout=180, proc=server.proc)
            return
        except RuntimeError:
            stderr = (
                server.proc.stderr.read().decode(errors="replace")
                if (server.proc and server.proc.stderr)
                else ""
            )
            if attempt == attempts - 1:
                raise RuntimeError(f"platform would not start: {stderr[-2000:]}") from None
            time.sleep(1.0)
