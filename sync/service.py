"""The sync service one open profile runs: store thread + engine + scheduler + status.

This is what the UI (through a thin Qt adapter) and the headless CLI hold. Everything is
plain asyncio: callbacks on the status board, awaitables for "sync now", and
:meth:`local_change` for the debounced push after each clerk action.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from sync.diagnosis import Policy
from sync.engine import SyncEngine
from sync.ports import SyncClient, SyncStore
from sync.scheduler import RunOutcome, Sleep, SyncScheduler, Timing
from sync.status import RecordSyncState, StatusBoard, SyncStatus
from sync.store_thread import StoreThread


class SyncService:
    """Owns the scheduling of sync runs for one device."""

    def __init__(
        self,
        store: StoreThread[SyncStore],
        client: SyncClient,
        *,
        timing: Timing | None = None,
        policy: Policy | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
        **engine_options: Any,
    ) -> None:
        self.board = StatusBoard()
        self.engine = SyncEngine(store, client, board=self.board, policy=policy, **engine_options)
        self.scheduler = SyncScheduler(
            self.engine.run, self._probe, timing=timing, rng=rng, sleep=sleep
        )
        self.store = store
        self._clock = engine_options.get("clock") or (lambda: datetime.now(UTC))

    @property
    def status(self) -> SyncStatus:
        return self.board.status

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> Callable[[], None]:
        """Listen to status changes (called on the event loop thread)."""
        return self.board.subscribe(listener)

    async def start(self) -> None:
        """Load counts, start the periodic timer and a first run."""
        await self.engine.refresh_status()
        self.scheduler.start()

    def local_change(self) -> None:
        """Call after every committed clerk action: counts now, a push shortly."""
        self.scheduler.local_change()

    def network_changed(self, online: bool | None) -> None:
        """The operating system or the transport saw the network change.

        ``False`` (link down, a request could not reach the platform): the status says
        offline at once, and a probe with backoff waits for the platform to answer.
        ``True`` or ``None`` (link up, or unknown): the platform is asked at once; the status
        says online only when ``/health`` has really answered, never on the OS's word.
        """
        if online is False:
            self._mark_offline()
            self.scheduler.went_offline()
        else:
            self.scheduler.probe_now()

    async def _probe(self) -> bool:
        """The scheduler's probe; its answer is also the freshest connection state."""
        reachable = await self.engine.probe()
        if reachable:
            self.board.update(online=True, offline_since=None)
        else:
            self._mark_offline()
        return reachable

    def _mark_offline(self) -> None:
        status = self.board.status
        self.board.update(online=False, offline_since=status.offline_since or self._clock())

    async def sync_now(self) -> RunOutcome:
        """The "sync now" button: waits for a run that started after the click."""
        return await self.scheduler.sync_now()

    async def cancel(self) -> None:
        """Cancel the current run; state stays consistent and the next run continues."""
        await self.scheduler.cancel_run()

    async def stop(self) -> None:
        await self.scheduler.stop()

    # -- per record: state and conflicts ------------------------------------------------
    async def record_state(self, record_id: str) -> RecordSyncState:
        """pending / synced / conflict / rejected, for the badge next to an application."""
        state = await self.store.call(lambda s, r: s.record_sync_state(r), record_id)
        return RecordSyncState(state)

    async def open_conflicts(self, record_id: str | None = None) -> list[dict[str, Any]]:
        """Unresolved conflicts and rejections (both values, the mutation, the reason)."""
        rows = await self.store.call(lambda s, r: s.open_conflicts(r), record_id)
        return list(rows)

    async def resolve(
        self,
        conflict_id: int,
        choice: str,
        *,
        actor: Any,
        fields: Mapping[str, Any] | None = None,
    ) -> None:
        """keep_platform / resubmit / edit (the latter two queue a NEW mutation), then
        refresh the counts and push soon."""
        await self.store.call(
            lambda s: s.resolve_conflict(conflict_id, choice, actor=actor, fields=fields)
        )
        await self.engine.refresh_status()
        if choice != "keep_platform":
            self.local_change()
