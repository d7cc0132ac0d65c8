"""The office's service catalog, calendar override and office info, cached by ETag."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from central.deps import PlatformDep, PrincipalDep, require_office
from central.errors import not_found
from client.wire import CatalogResponse, ErrorBody

router = APIRouter(tags=["catalog"])
# review_body and court are printed on rejection notices (行政许可法第三十八条第二款).
OFFICE_FIELDS = ("code", "name", "kind", "address", "phone", "hours", "review_body", "court")


def catalog_body(conn: Any, office: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM offices WHERE code = ?", (office,)).fetchone()
    if row is None:
        return None
    items = [
        json.loads(r[0])
        for r in conn.execute(
            "SELECT i.doc FROM items i JOIN office_items oi ON oi.item_code = i.code"
            " WHERE oi.office_code = ? ORDER BY i.code",
            (office,),
        )
    ]
    cal = conn.execute("SELECT version, days FROM calendar WHERE id = 1").fetchone()
    calendar = (
        {"version": cal["version"], "days": json.loads(cal["days"])}
        if cal
        else {"version": "none", "days": {}}
    )
    return {
        "office": {k: row[k] for k in OFFICE_FIELDS},
        "items": items,
        "calendar": calendar,
    }


@router.get(
    "/catalog",
    response_model=CatalogResponse,
    responses={304: {"description": "not modified"}, 403: {"model": ErrorBody}},
)
def catalog(
    who: PrincipalDep,
    ctx: PlatformDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    office = require_office(who)
    with ctx.db.read() as conn:
        body = catalog_body(conn, office)
    if body is None:
        raise not_found("office")
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    etag = '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'
    if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers={"ETag": etag})
    body["etag"] = etag
    payload = CatalogResponse.model_validate(body).model_dump_json()
    return Response(payload, media_type="application/json", headers={"ETag": etag})
