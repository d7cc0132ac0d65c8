"""The fault transport itself (shared with the chaos suite): seeded draws repeat exactly,
wrappers nest and count separately, a predicate scopes the faults, ``down`` partitions,
and resumable blob uploads get through committing faults intact."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from tests.client.helpers import fault_transport, signed_in
from tests.fixtures.platform import PlatformServer
from tests.support.faults import COMMITTING, Fault, FaultTransport


async def _health_run(server: PlatformServer, faults: FaultTransport, n: int) -> list[str]:
    """Outcome of ``n`` health probes through ``faults``: a status code or an error name."""
    out = []
    async with httpx.AsyncClient(transport=faults, base_url=server.api) as http:
        for _ in range(n):
            try:
                out.append(str((await http.get("/health")).status_code))
            except httpx.HTTPError as exc:
                out.append(type(exc).__name__)
    return out


@pytest.mark.asyncio
async def test_same_seed_same_faults(platform_server: PlatformServer) -> None:
    first = fault_transport(rate=0.6, seed=42)
    second = fault_transport(rate=0.6, seed=42)
    other = fault_transport(rate=0.6, seed=43)
    a = await _health_run(platform_server, first, 30)
    b = await _health_run(platform_server, second, 30)
    c = await _health_run(platform_server, other, 30)
    assert a == b and a != c
    assert first.injected == second.injected and first.total_injected() > 5
    assert first.passed + first.total_injected() == 30


@pytest.mark.asyncio
async def test_wrappers_compose_and_count_separately(platform_server: PlatformServer) -> None:
    inner = fault_transport(schedule=[None, Fault.bad_gateway])
    outer = FaultTransport(inner, schedule=[Fault.refuse], match=lambda r: "health" in r.url.path)
    got = await _health_run(platform_server, outer, 3)
    assert got == ["ConnectError", "200", "502"]
    assert outer.injected == {Fault.refuse: 1} and outer.passed == 2
    assert inner.injected == {Fault.bad_gateway: 1} and inner.passed == 1


@pytest.mark.asyncio
async def test_match_scopes_faults_and_down_partitions(platform_server: PlatformServer) -> None:
    faults = fault_transport(rate=1.0, kinds=[Fault.html], match=lambda r: r.method == "POST")
    assert await _health_run(platform_server, faults, 3) == ["200"] * 3
    assert faults.total_injected() == 0
    faults.down = True
    assert await _health_run(platform_server, faults, 2) == ["ConnectError"] * 2
    faults.down = False
    assert await _health_run(platform_server, faults, 1) == ["200"]
    assert faults.injected == {Fault.refuse: 2}


@pytest.mark.asyncio
async def test_blob_upload_survives_committing_faults(platform_server: PlatformServer) -> None:
    data = hashlib.sha512(b"scan").digest() * 4000  # 256,000 bytes
    sha = hashlib.sha256(data).hexdigest()
    faults = fault_transport(match=lambda r: r.method == "PATCH")
    async with signed_in(platform_server, faults=faults) as api:
        # Chunks that land but whose answers are lost, doubled or mangled.
        faults.add(Fault.lose_response, Fault.duplicate, Fault.gateway_timeout, Fault.timeout)
        status = await api.upload_blob(sha, data, chunk_size=50_000)
        assert status.complete and status.offset == len(data)
        assert await api.download_blob(sha) == data
    assert not faults.schedule
    assert sum(faults.injected[k] for k in COMMITTING) == 3
