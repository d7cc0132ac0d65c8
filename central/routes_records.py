"""Reading one application (own office only) and the back-office list and actions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from central.backoffice import act
from central.deps import PlatformDep, PrincipalDep, require_office, require_role
from central.errors import not_found, wrong_office
from client.wire import (
    ApplicationList,
    ApplicationRecord,
    ApplicationSummary,
    BackOfficeAction,
    ErrorBody,
    Role,
)

router = APIRouter(tags=["records"])
RecordId = Annotated[str, Path(min_length=1, max_length=64)]
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


@router.get("/applications/{record_id}", response_model=ApplicationRecord, responses=_ERRORS)
def get_application(record_id: RecordId, who: PrincipalDep, ctx: PlatformDep) -> ApplicationRecord:
    with ctx.db.read() as conn:
        row = conn.execute("SELECT * FROM applications WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        raise not_found("application")
    if not who.has(Role.back_office) and row["office_code"] != require_office(who):
        raise wrong_office()
    return ApplicationRecord(
        id=row["id"],
        office_code=row["office_code"],
        version=row["version"],
        doc=json.loads(row["doc"]),
    )


@router.get("/backoffice/applications", response_model=ApplicationList, responses=_ERRORS)
def list_applications(
    who: PrincipalDep,
    ctx: PlatformDep,
    status: Annotated[str | None, Query(max_length=32)] = None,
    office_code: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> ApplicationList:
    require_role(who, Role.back_office)
    where, args = [], []
    if status:
        where.append("status = ?")
        args.append(status)
    if office_code:
        where.append("office_code = ?")
        args.append(office_code)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    with ctx.db.read() as conn:
        total = conn.execute(f"SELECT COUNT(*) FROM applications{clause}", args).fetchone()[0]
        rows = conn.execute(
            f"SELECT * FROM applications{clause} ORDER BY updated_at DESC, id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
    items = []
    for r in rows:
        doc = json.loads(r["doc"])
        items.append(
            ApplicationSummary(
                id=r["id"],
                office_code=r["office_code"],
                receipt_no=str(doc.get("receipt_no", "")),
                item_code=str(doc.get("item_code", "")),
                item_name=str(doc.get("item_name", "")),
                status=r["status"],
                version=r["version"],
                updated_at=datetime.fromtimestamp(r["updated_at"], UTC),
            )
        )
    return ApplicationList(items=items, total=total)


@router.post(
    "/backoffice/applications/{record_id}/actions",
    response_model=ApplicationRecord,
    responses=_ERRORS,
)
def back_office_action(
    record_id: RecordId, body: BackOfficeAction, who: PrincipalDep, ctx: PlatformDep
) -> ApplicationRecord:
    require_role(who, Role.back_office)
    with ctx.db.write() as conn:
        version, doc = act(
            conn,
            record_id,
            body.action,
            who.user_id,
            ctx.now(),
            body.reason,
            body.missing,
            body.base_version,
        )
        office = conn.execute(
            "SELECT office_code FROM applications WHERE id = ?", (record_id,)
        ).fetchone()[0]
    return ApplicationRecord(id=record_id, office_code=office, version=version, doc=doc)
