"""One sync run: upload attachments, push the outbox, pull the change log, refresh catalog.

Order and atomicity are the whole point:
- push in device-sequence order, a batch at a time; the platform answers with one outcome
  per op_id and the store records them in ONE transaction that also closes the outbox
  rows. A crash between the platform's commit and ours only means the next push replays
  the same op_ids and gets the stored outcomes back (``duplicate``), never a second apply.
- attachments a batch needs are uploaded first, resumably, and the platform checks their
  SHA-256; a mutation never reaches the platform before its attachment does.
- pull pages are applied together with their cursor in ONE transaction; the store rebuilds
  local views by replaying pending mutations on the new server copies (rebase). A ``reset``
  answer (new epoch) resets the cursor and resyncs fully while keeping the outbox.
- cancellation can hit between any two awaits: every store write is atomic, so the state
  is always one that a later run continues from.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from client import errors as cerr
from client.server_time import ServerTime
from client.wire import Cursor, PullResponse, PushResponse
from offline.domain import clock
from offline.store import disk_space
from offline.store.errors import StoreError
from sync import server_clock
from sync.diagnosis import FailureTracker, Policy, warnings_for
from sync.memory import release_freed_memory
from sync.messages import Message, device_refusal, error
from sync.ports import Doc, SyncClient, SyncStore
from sync.scheduler import RunOutcome
from sync.session_push import push_session_events
from sync.status import Phase, StatusBoard, recorded_runs
from sync.store_thread import StoreThread
from sync.upgrade_hold import UpgradeHold, refusal_message

log = logging.getLogger(__name__)

# Page bodies are parsed and validated on a worker thread (client.api), never on the
# loop, and the store no longer `fetchall()`s page-sized results (the GIL convoy that made
# the previous session pick pages of 200 for the heartbeat). What remains per request is
# fixed cost: ~12 ms of loop-thread CPU (httpx), a commit, the platform's own overhead.
# Measured 10,000 changes (bench sync, CPU seconds, load 10-17): pages of 200 -> loop 0.56,
# store 1.13, platform 0.55; 500 -> 0.19, 0.79, 0.23; 1000 -> 0.23, 0.66, 0.19. A
# 500-change page is parsed in a few ms on its worker thread. Pushes likewise.
# Quiet machine (load ~1), 100,000 changes into a 100,000-row store: pages of 500 -> 9.9 s,
# heartbeat max 26 / p99 13 ms, RSS 230 MB; 1000 -> 7.1 s, 19 / 11.5 ms, 253 MB; 2000 ->
# 7.0 s, 27 / 18.5 ms, 290 MB (too close to the 300 MB budget). Pulls use 1000.
PUSH_BATCH = 500
PULL_LIMIT = 1000
CHUNK = 256 * 1024
MAX_RESETS_PER_RUN = 3


@dataclass
class RunStats:
    """Counters for one run (and, summed, for benchmarks and the chaos report)."""

    pushed: int = 0
    pulled: int = 0
    batches: int = 0
    pages: int = 0
    resets: int = 0
    uploaded_bytes: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def _utcnow() -> datetime:
    return clock.now_utc()


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def classify(exc: BaseException) -> tuple[bool, Message]:
    """(still online?, plain-words message) for an exception raised during a run."""
    if isinstance(exc, cerr.Unreachable):
        return False, error("offline")
    if isinstance(exc, cerr.Timeout):
        return True, error("timeout")
    if isinstance(exc, cerr.ProtocolError):
        return True, error("bad_response")
    if isinstance(exc, cerr.ServerError):
        return True, error("server_error")
    if isinstance(exc, cerr.AuthExpired):
        return True, error("auth")
    if isinstance(exc, cerr.UpgradeRequired):
        return True, refusal_message(exc)
    if isinstance(exc, cerr.Forbidden) and (refused := device_refusal(exc.reason)):
        return True, refused
    if isinstance(exc, cerr.ClientError):
        return True, Message(exc.code, exc.message("zh_CN"), exc.message("en"))
    if isinstance(exc, StoreError):  # e.g. the disk is full: the store's own plain words
        return True, Message(exc.code, exc.zh, exc.en)
    if disk_space.is_disk_full(exc):
        return True, Message("disk_full", *disk_space.disk_full(None).message_pair())
    return True, error("internal", type(exc).__name__)


def _stuck_message(count: int, exc: cerr.ClientError) -> Message:
    return Message(
        "stuck_action",
        f"最早的一项待上传操作已连续 {count} 次上传失败：{exc.message('zh_CN')}",
        f"The oldest waiting action has failed to upload {count} times in a row: "
        f"{exc.message('en')}",
    )


@contextlib.contextmanager
def _rederivable(store: SyncStore) -> Iterator[None]:
    """On the store thread: commit with ``synchronous = NORMAL`` instead of the store's
    FULL (no fsync of the WAL at this commit), then restore the store's level.

    Only for writes the platform can give again: pull pages (the cursor is in the same
    transaction, so a lost page is pulled again) and push outcomes or attempt counters (a
    lost outcome comes back when the same op_ids are pushed again). WAL with NORMAL is
    still atomic and consistent, and loses nothing on a process kill; only a power cut
    can drop the last such commits — and the next FULL commit (any clerk action) syncs
    them too. The fsync was ~half the time of a pulled page (10,000 changes: commits
    0.5-0.7 s with FULL, 0.25 s with NORMAL)."""
    conn = getattr(store, "conn", None)  # a Store method would be cleaner: requested
    if conn is None:
        yield
        return
    level = int(conn.execute("PRAGMA synchronous").fetchone()[0])
    conn.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA synchronous = {level:d}")


def _device_credential(store: SyncStore) -> tuple[str, Any]:
    """On the store thread: the device id and its private key (None for a store without
    one, e.g. a test double)."""
    credential = getattr(store, "device_credential", None)
    return str(store.device_id), (credential() if credential is not None else None)


def _mark_in_flight(store: SyncStore, op_ids: list[str]) -> None:
    with _rederivable(store):
        store.mark_in_flight(op_ids)


def _record_outcomes(store: SyncStore, response: PushResponse) -> list[Doc]:
    """On the store thread: turn the wire outcomes into dicts and record them."""
    outcomes = [o.model_dump(mode="json") for o in response.outcomes]
    with _rederivable(store):
        store.record_outcomes(outcomes)
    return outcomes


@dataclass(frozen=True)
class _Page:
    """One validated pull page with its changes already dumped to plain dicts."""

    response: PullResponse
    changes: list[Doc]
    cursor: Doc


def _dump_page(response: PullResponse) -> _Page:
    """The store wants plain dicts. `Change.doc` is already the validated JSON object
    parsed by orjson (kept as is, see client.wire), so the dicts are built field by field
    instead of `model_dump(mode="json")`, which deep-copied every document: 13 ms of GIL
    per 500-change page that competed with the loop thread for nothing."""
    changes: list[Doc] = [
        {"seq": c.seq, "record_id": c.record_id, "version": c.version, "doc": c.doc}
        for c in response.changes
    ]
    return _Page(response, changes, response.cursor.model_dump())


def _apply_page(store: SyncStore, changes: list[Doc], cursor: Doc) -> None:
    """On the store thread: one pull page and its cursor, in one transaction."""
    with _rederivable(store):
        store.apply_pull_page(changes, cursor)


def _enter_bulk(store: SyncStore) -> bool:
    """On the store thread: ``store.begin_first_sync()`` if the store has it (a bigger
    page cache while many pages load); True when it was entered."""
    begin = getattr(store, "begin_first_sync", None)
    if begin is None:
        return False
    begin()
    return True


def _exit_bulk(store: SyncStore) -> None:
    """On the store thread: ``end_first_sync()`` (normal cache, search index compacted,
    ``PRAGMA shrink_memory``), then glibc's ``malloc_trim``: lowering cache_size does
    not give the cached pages back, so after a 100,000-record first sync the process kept
    ~200 MB more (sync bench phase b peak RSS 387 MB; at 40,000 records 238 -> 98 MB)."""
    getattr(store, "end_first_sync")()  # noqa: B009 - present whenever begin_first_sync was
    release_freed_memory()


class SyncEngine:
    """Runs sync passes for one device; one instance per open profile."""

    def __init__(
        self,
        store: StoreThread[SyncStore],
        client: SyncClient,
        *,
        board: StatusBoard | None = None,
        policy: Policy | None = None,
        clock: Callable[[], datetime] = _utcnow,
        push_batch: int = PUSH_BATCH,
        pull_limit: int = PULL_LIMIT,
        refresh_catalog: bool = True,
    ) -> None:
        self.store = store
        self.client = client
        self.board = board or StatusBoard()
        self.policy = policy or Policy()
        self.failures = FailureTracker(self.policy)
        self._clock = clock
        self.push_batch = push_batch
        self.pull_limit = pull_limit
        self.refresh_catalog = refresh_catalog
        self.totals = RunStats()
        self.stuck: Message | None = None  # the oldest action keeps failing: say why
        self._device_id: str | None = None
        self.server_time: ServerTime | None = None  # the platform's, last stored
        self.upgrade_hold = UpgradeHold()  # the platform refused this version: wait

    # -- public ---------------------------------------------------------------------
    async def run(self) -> RunOutcome:
        """One full pass; never raises except CancelledError. Updates the status board."""
        board = self.board
        refused = self.upgrade_hold.active(self._clock())
        if refused is not None:  # no request: outbox kept, status still says update
            pending = await self._finish(online=True, problem=refused)
            return RunOutcome(online=True, ok=False, pending=pending)
        board.update(running=True, last_attempt_at=self._clock(), progress_done=0)
        online, problem = True, None
        try:
            await self._push_all()
            await push_session_events(self.store, self.client, await self.device_id())
            await self._pull_all()
            await self._push_all()  # actions saved while we were pulling
            if self.refresh_catalog:
                await self._refresh_catalog()
        except asyncio.CancelledError:
            board.update(last_error=error("cancelled"))
            await self._finish(online=board.status.online is not False, problem=error("cancelled"))
            raise
        except Exception as exc:
            online, problem = classify(exc)
            if isinstance(exc, cerr.ClientError):
                log.info("sync run failed: %s", exc.code)
            else:
                log.exception("sync run failed")
        self.upgrade_hold.note(problem, self._clock())
        pending = await self._finish(online=online, problem=problem)
        return RunOutcome(online=online, ok=problem is None and pending == 0, pending=pending)

    async def refresh_status(self) -> None:
        """Reload counts from the store into the board (cheap; safe any time)."""
        counts = await self.store.call(lambda s: s.sync_counts())
        now = self._clock()
        status = self.board.status
        if status.last_success_at is None and not status.running:  # e.g. a new process
            self.board.update(**recorded_runs(await self.store.call(lambda s: s.sync_runs())))
        self.board.update(
            pending=int(counts.get("pending", 0)),
            oldest_pending_at=_as_datetime(counts.get("oldest_pending_at")),
            conflicts=int(counts.get("conflicts", 0)),
            rejected=int(counts.get("rejected", 0)),
        )
        self._warn(now)

    async def probe(self) -> bool:
        """Cheap reachability check used by the scheduler while offline."""
        try:
            await self.client.health()
        except cerr.ClientError:
            return False
        return True

    # -- push -----------------------------------------------------------------------
    async def device_id(self) -> str:
        """This terminal's id; the first call also hands the client the terminal's key,
        which proves the id on every push and pull."""
        if self._device_id is None:
            device_id, key = await self.store.call(_device_credential)
            use_key = getattr(self.client, "use_device_key", None)
            if key is not None and use_key is not None:
                use_key(device_id, key)
            self._device_id = device_id
        return self._device_id

    async def _push_all(self) -> None:
        device_id = await self.device_id()
        previous_first: str | None = None
        while True:
            batch = await self.store.call(lambda s: s.pending_mutations(self.push_batch))
            if not batch:
                return
            if batch[0]["op_id"] == previous_first:  # outcomes recorded, row still open
                raise RuntimeError("push made no progress: the outbox did not advance")
            previous_first = str(batch[0]["op_id"])
            self.board.update(
                phase=Phase.uploading, progress_total=self.board.status.pending or len(batch)
            )
            await self._upload_blobs(batch)
            self.board.update(phase=Phase.pushing)
            op_ids = [str(m["op_id"]) for m in batch]
            await self.store.call(_mark_in_flight, op_ids)
            try:
                response = await self.client.push(device_id, batch)
            except cerr.ClientError as exc:
                await self.store.call(lambda s, o, e: s.note_push_failure(o, e), op_ids, exc.code)
                if self.failures.record(op_ids[0], exc.code) is not None:
                    self.stuck = _stuck_message(self.failures.count(op_ids[0]), exc)
                raise
            self.stuck = None
            outcomes = await self.store.call(_record_outcomes, response)
            self._count_outcomes(outcomes)
            self.totals.pushed += len(outcomes)
            self.totals.batches += 1
            done = self.board.status.progress_done + len(outcomes)
            self.board.update(progress_done=done)
            if not outcomes:  # a platform that answers nothing must not spin us forever
                raise cerr.ServerError("no outcomes", status=500)

    def _count_outcomes(self, outcomes: Sequence[Doc]) -> None:
        for o in outcomes:
            kind = str(o["outcome"])
            self.totals.outcomes[kind] = self.totals.outcomes.get(kind, 0) + 1
            self.failures.clear(str(o["op_id"]))

    async def _upload_blobs(self, batch: Sequence[Doc]) -> None:
        needed = await self.store.call(lambda s: s.pending_blobs(batch))
        for sha256, length in needed:
            await self._upload_one(sha256, length)

    async def _upload_one(self, sha256: str, length: int) -> None:
        status = await self.client.blob_status(sha256)
        offset = status.offset
        while not status.complete:
            size = min(CHUNK, length - offset)
            chunk = await self.store.call(lambda s, *a: s.read_blob(*a), sha256, offset, size)
            try:
                status = await self.client.upload_chunk(sha256, offset, length, chunk)
            except cerr.Conflict:  # offset mismatch (a lost answer): ask where to resume
                status = await self.client.blob_status(sha256)
            except cerr.InvalidRequest:  # hash mismatch: the platform dropped the partial
                self.board.update(last_error=error("attachment_mismatch"))
                raise
            else:
                self.totals.uploaded_bytes += len(chunk)
            offset = status.offset
            if not status.complete and offset >= length:
                status = await self.client.blob_status(sha256)
                offset = status.offset
                if not status.complete and offset >= length:
                    raise cerr.ProtocolError("blob not complete after its last chunk")
        await self.store.call(lambda s, h: s.mark_blob_uploaded(h), sha256)

    # -- pull -----------------------------------------------------------------------
    async def _pull_all(self) -> None:
        """Pull pages until the log is exhausted; the next page is fetched, validated and
        dumped while the store applies the current one (pages still apply strictly in
        order). A pull from seq 0 (first sync, or resync after a new epoch) runs between
        the store's ``begin_first_sync()`` and ``end_first_sync()``."""
        device_id = await self.device_id()
        saved = await self.store.call(lambda s: s.pull_cursor())
        cursor: Doc = dict(saved) if saved else {"epoch": 0, "seq": 0}
        resets = 0
        self.board.update(phase=Phase.pulling)
        bulk = False
        if int(cursor.get("seq", 0)) == 0:
            bulk = await self.store.call(_enter_bulk)
        fetch: asyncio.Task[_Page] | None = self._fetch(device_id, cursor)
        try:
            while fetch is not None:
                page = await fetch
                fetch = None
                new_cursor = page.cursor
                if page.response.reset:
                    resets += 1
                    if resets > MAX_RESETS_PER_RUN:
                        raise cerr.ServerError("epoch keeps changing", status=503)
                    epoch = page.response.cursor.epoch
                    await self.store.call(lambda s, e: s.reset_for_epoch(e), epoch)
                    self.totals.resets += 1
                    self.board.update(phase=Phase.resyncing)
                    if not bulk:
                        bulk = await self.store.call(_enter_bulk)
                    cursor = new_cursor
                    fetch = self._fetch(device_id, cursor)
                    continue
                if page.response.has_more:
                    fetch = self._fetch(device_id, new_cursor)
                if page.changes or new_cursor != cursor:
                    await self.store.call(_apply_page, page.changes, new_cursor)
                self.totals.pulled += len(page.changes)
                self.totals.pages += 1
                cursor = new_cursor
        finally:
            if fetch is not None:  # a prefetched page we will not use (error or cancel)
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await fetch
            if bulk:  # shielded: the cache must be restored even on cancel
                with contextlib.suppress(Exception):
                    await asyncio.shield(self.store.call(_exit_bulk))

    def _fetch(self, device_id: str, cursor: Doc) -> asyncio.Task[_Page]:
        async def fetch() -> _Page:
            response = await self.client.pull(device_id, Cursor(**cursor), self.pull_limit)
            return _dump_page(response)  # ~0.2 ms for 500 changes: no thread hop needed

        return asyncio.ensure_future(fetch())

    # -- catalog --------------------------------------------------------------------
    async def _refresh_catalog(self) -> None:
        self.board.update(phase=Phase.refreshing)
        etag = await self.store.call(lambda s: s.catalog_etag())
        catalog = await self.client.catalog(etag)
        if catalog is not None:
            data = catalog.model_dump(mode="json")
            await self.store.call(lambda s: s.save_catalog(data))

    # -- finishing ------------------------------------------------------------------
    async def _finish(self, *, online: bool, problem: Message | None) -> int:
        now = self._clock()
        changes: dict[str, Any] = {"running": False, "phase": Phase.idle, "online": online}
        if online:
            changes["offline_since"] = None
        elif self.board.status.offline_since is None:
            changes["offline_since"] = now
        self.server_time = await asyncio.shield(
            server_clock.hand_over(self.store, self.client, self.server_time)
        )
        changes["server_time"] = self.server_time
        self.board.update(**changes)
        try:
            await asyncio.shield(self.refresh_status())
        except Exception:
            log.exception("could not read sync counts")
        pending = self.board.status.pending
        if problem is None and pending == 0:
            self.board.update(last_error=None, last_success_at=now)
        elif problem is not None:
            self.board.update(last_error=problem)
        self._warn(now)
        await self._record_run(now, success=problem is None and pending == 0, problem=problem)
        return pending

    async def _record_run(self, now: datetime, *, success: bool, problem: Message | None) -> None:
        """Keep the outcome in the store, so `counterdesk status` in another process (or
        the app after a restart) reports the real last success (see sync.status)."""
        at = now.isoformat()
        error = problem.to_dict() if problem is not None else None
        try:
            await asyncio.shield(
                self.store.call(lambda s: s.note_sync_run(at=at, success=success, error=error))
            )
        except Exception:
            log.exception("could not record the sync run")

    def _warn(self, now: datetime) -> None:
        warnings = warnings_for(self.board.status, now, self.policy)
        if self.stuck is not None and self.board.status.pending:
            warnings = (*warnings, self.stuck)
        self.board.update(warnings=warnings)
