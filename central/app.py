"""The FastAPI application factory of the reference platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from central import errors
from central.auto_back_office import AutoBackOffice
from central.client_version import client_version
from central.db import Database, current_epoch
from central.deps import Platform, PlatformDep, schema_version
from central.limits import BodyLimit
from central.ratelimit import LoginLimiter
from central.routes_auth import router as auth_router
from central.routes_blobs import router as blobs_router
from central.routes_catalog import router as catalog_router
from central.routes_devices import router as devices_router
from central.routes_keys import router as keys_router
from central.routes_records import router as records_router
from central.routes_sync import router as sync_router
from central.session_events import router as session_events_router
from central.settings import Settings
from client.wire import API_PREFIX, SUPPORTED_SCHEMAS, ErrorBody, Health

health_router = APIRouter(tags=["health"])


@health_router.get("/health", response_model=Health)
def health(ctx: PlatformDep) -> Health:
    with ctx.db.read() as conn:
        epoch = current_epoch(conn)
    return Health(
        epoch=epoch,
        schema_versions=sorted(SUPPORTED_SCHEMAS),
        min_client_version=ctx.settings.min_client_version,
    )


def create_app(settings: Settings) -> FastAPI:
    db = Database(settings.db_path)
    limiter = LoginLimiter(
        settings.max_failed_attempts, settings.login_window, settings.login_address_failures
    )
    ctx = Platform(settings, db, limiter)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        auto = AutoBackOffice(ctx) if settings.auto_back_office else None
        if auto:
            auto.start()
        try:
            yield
        finally:
            if auto:
                auto.stop()
            db.close()

    app = FastAPI(title="CounterDesk reference platform", version="1", lifespan=lifespan)
    app.state.platform = ctx
    errors.install(app)
    versioned = APIRouter(
        prefix=API_PREFIX,
        dependencies=[Depends(schema_version), Depends(client_version)],
        responses={
            400: {"model": ErrorBody},
            401: {"model": ErrorBody},
            422: {"model": ErrorBody},
            426: {"model": ErrorBody},
        },
    )
    for router in (
        auth_router,
        devices_router,
        keys_router,
        catalog_router,
        sync_router,
        records_router,
        blobs_router,
        session_events_router,
    ):
        versioned.include_router(router)
    app.include_router(health_router, prefix=API_PREFIX)
    app.include_router(versioned)
    # level 1: on a 5,000-change pull page (8.4 MB) 45 ms against 76 ms at level 3 and
    # 99 ms at level 6, for 169 / 156 / 140 bytes per change: the pull budget needs the CPU
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=1)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
