"""Child process for the chaos suite: open a device's store and sync until killed.

The parent SIGKILLs this process at a random instant, then reopens the store itself;
nothing committed may be lost and nothing may be applied twice. Secrets arrive through
the environment into an in-memory keyring (tests only; production uses the OS keyring).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import keyring

from tests.conftest import MemoryKeyring


async def main() -> None:
    from offline.store.opening import open_profile
    from sync.engine import SyncEngine
    from sync.store_thread import StoreThread
    from tests.sync.harness import make_client

    profile, data_dir = os.environ["CHAOS_PROFILE"], Path(os.environ["CHAOS_DATA_DIR"])
    store: StoreThread[object] = StoreThread(lambda: open_profile(profile, data_dir))
    client = make_client(os.environ["CHAOS_URL"], profile, os.environ["CHAOS_USER"], None)
    engine = SyncEngine(store, client, refresh_catalog=False)  # type: ignore[arg-type]
    print("ready", flush=True)
    for _ in range(50):
        outcome = await engine.run()
        print("run", "ok" if outcome.ok else "failed", flush=True)  # the parent may wait on it
    await client.aclose()
    store.close()


if __name__ == "__main__":
    backend = MemoryKeyring()
    for service, user, secret in json.loads(os.environ["CHAOS_KEYRING"]):
        backend.set_password(service, user, secret)
    keyring.set_keyring(backend)
    asyncio.run(main())
