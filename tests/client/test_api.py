"""Every PlatformClient call against the real reference platform on loopback."""

from __future__ import annotations

import hashlib

import pytest

from client.api import PlatformClient
from client.errors import AuthExpired, Conflict, Forbidden, InvalidCredentials, NotFound
from client.tokens import SERVICE
from client.wire import BackOfficeAction, BackOfficeActionKind, Cursor, Outcome
from tests.client.helpers import make_creates, new_device, settings_for, signed_in
from tests.conftest import MemoryKeyring
from tests.fixtures.platform import PlatformServer


@pytest.mark.asyncio
async def test_health_needs_no_login(platform_server: PlatformServer) -> None:
    async with PlatformClient(settings_for(platform_server)) as api:
        health = await api.health()
        assert not api.has_session()
    assert health.epoch >= 1 and 1 in health.schema_versions


@pytest.mark.asyncio
async def test_login_keeps_tokens_only_in_keyring(
    platform_server: PlatformServer, memory_keyring: MemoryKeyring
) -> None:
    async with PlatformClient(settings_for(platform_server)) as api:
        result = await api.login("nm-clerk1", "Demo@2026", new_device())
        assert api.has_session()
    assert result.user.office_code == "520102" and result.offline_policy.max_offline_days > 0
    assert memory_keyring.secrets[(SERVICE, "access:test:nm-clerk1")] == result.access_token
    assert memory_keyring.secrets[(SERVICE, "refresh:test:nm-clerk1")] == result.refresh_token

    # A new session of the same profile and user resumes from the keyring, no password.
    async with PlatformClient(settings_for(platform_server), username="nm-clerk1") as again:
        assert (await again.catalog()) is not None


@pytest.mark.asyncio
async def test_wrong_password_is_invalid_credentials(platform_server: PlatformServer) -> None:
    async with PlatformClient(settings_for(platform_server)) as api:
        with pytest.raises(InvalidCredentials) as info:
            await api.login("nm-clerk2", "wrong-password", new_device())
        assert not api.has_session()
    assert info.value.status == 401 and "密码" in info.value.message()


@pytest.mark.asyncio
async def test_register_device_is_idempotent(platform_server: PlatformServer) -> None:
    device = new_device()
    async with signed_in(platform_server, device_id=device) as api:
        first = await api.register_device(device, "窗口3")
        second = await api.register_device(device, "窗口3")
    assert first.terminal_code == second.terminal_code and len(first.terminal_code) == 2
    assert first.office_code == "520102"


@pytest.mark.asyncio
async def test_catalog_etag_returns_none_when_unchanged(platform_server: PlatformServer) -> None:
    async with signed_in(platform_server) as api:
        catalog = await api.catalog()
        assert catalog is not None and len(catalog.items) >= 10
        assert await api.catalog(catalog.etag) is None
        assert await api.catalog('"stale-etag"') is not None


@pytest.mark.asyncio
async def test_push_then_pull_round_trip(platform_server: PlatformServer) -> None:
    device = new_device()
    async with signed_in(platform_server, device_id=device) as api:
        muts = await make_creates(api, device, 5)
        pushed = await api.push(device, muts)
        assert [o.outcome for o in pushed.outcomes] == [Outcome.applied] * 5
        assert pushed.last_applied_seq == 5

        again = await api.push(device, muts[:2])  # a replay returns the stored outcome
        assert [o.op_id for o in again.outcomes] == [m["op_id"] for m in muts[:2]]
        assert {o.outcome for o in again.outcomes} <= {Outcome.applied, Outcome.duplicate}

        cursor, seen = Cursor(epoch=0, seq=0), set()
        while True:
            page = await api.pull(device, cursor, limit=50)
            seen |= {c.record_id for c in page.changes}
            cursor = page.cursor
            if not page.has_more:
                break
        assert {m["record_id"] for m in muts} <= seen
        assert page.last_applied_seq == 5
        record = await api.get_application(muts[0]["record_id"])
        assert record.doc["receipt_no"] == muts[0]["payload"]["doc"]["receipt_no"]


@pytest.mark.asyncio
async def test_blob_upload_resumes_and_ranges_download(platform_server: PlatformServer) -> None:
    data = bytes(range(256)) * 1500  # 384,000 bytes, several chunks
    sha = hashlib.sha256(data).hexdigest()
    async with signed_in(platform_server) as api:
        assert (await api.blob_status(sha)).offset == 0
        first = await api.upload_chunk(sha, 0, len(data), data[:100_000])
        assert first.offset == 100_000 and not first.complete
        assert await api.blob_head(sha) == first == await api.blob_status(sha)
        done = await api.upload_blob(sha, data, chunk_size=64 * 1024)  # resumes at 100,000
        assert done.complete and done.offset == len(data)
        assert await api.download_blob(sha) == data
        assert await api.download_blob(sha, 1000, 1999) == data[1000:2000]
        assert await api.download_blob(sha, len(data) - 10) == data[-10:]
        with pytest.raises(NotFound):
            await api.get_application("no-such-record")


@pytest.mark.asyncio
async def test_back_office_reviews_and_supervisor_sees_device_health(
    platform_server: PlatformServer,
) -> None:
    device = new_device()
    async with signed_in(platform_server, device_id=device) as api:
        muts = await make_creates(api, device, 1)
        await api.push(device, muts)
        with pytest.raises(Forbidden):
            await api.list_applications()
        with pytest.raises(Forbidden):
            await api.device_health()
    record_id = muts[0]["record_id"]
    async with signed_in(platform_server, "backoffice") as office:
        listed = await office.list_applications(office_code="520102", limit=500)
        assert record_id in {a.id for a in listed.items}
        start = BackOfficeAction(action=BackOfficeActionKind.start_review)
        with pytest.raises(Conflict) as info:  # received, not accepted: refused for real
            await office.back_office(record_id, start)
        assert info.value.reason == "illegal_transition" and info.value.status == 409
    async with signed_in(platform_server, "nm-super") as supervisor:
        health = await supervisor.device_health()
    assert device in {d.device_id for d in health.devices}


@pytest.mark.asyncio
async def test_logout_revokes_and_clears_keyring(
    platform_server: PlatformServer, memory_keyring: MemoryKeyring
) -> None:
    async with signed_in(platform_server, "nm-clerk2") as api:
        await api.logout()
        assert not api.has_session()
        assert not [k for k in memory_keyring.secrets if k[1].endswith(":nm-clerk2")]
        with pytest.raises(AuthExpired):
            await api.catalog()


@pytest.mark.asyncio
async def test_pull_after_epoch_bump_answers_reset(fresh_platform: PlatformServer) -> None:
    from central.admin import bump_epoch

    device = new_device()
    async with signed_in(fresh_platform, device_id=device) as api:
        await api.push(device, await make_creates(api, device, 2))
        page = await api.pull(device, Cursor(epoch=0, seq=0))
        assert not page.reset and len(page.changes) == 2
        new_epoch = bump_epoch(fresh_platform.db_path)
        stale = await api.pull(device, page.cursor)
        assert stale.reset and stale.changes == []
        assert (stale.cursor.epoch, stale.cursor.seq) == (new_epoch, 0)
        again = await api.pull(device, stale.cursor)
        assert {c.record_id for c in again.changes} == {c.record_id for c in page.changes}
