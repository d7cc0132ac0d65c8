"""The PrintContext of a signed-in workspace: who prints, where, and the office's legal
settings (review body and court, from the platform's catalog) and catalog items.

Read once when a wizard or detail view opens — one short read on the store thread — so
rendering a notice never waits on the store.
"""

from __future__ import annotations

import logging
from typing import Any

from offline.domain.clock import today_local
from ui.context import WorkspaceContext
from ui.printing.documents import PrintContext
from ui.printing.print_fonts import warm_up

log = logging.getLogger(__name__)


def _office_and_items(store: Any) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    items = {str(i.get("code")): i for i in store.list_items(active_only=False)}
    return store.office_info(), items


def print_context(ctx: WorkspaceContext) -> PrintContext:
    """PrintContext for ``ctx``; without a readable catalog the notices use generic wording."""
    warm_up()  # the first notice of this run should not wait for the print font
    office: dict[str, Any] = {}
    items: dict[str, dict[str, Any]] = {}
    try:
        office, items = ctx.store.call_blocking(_office_and_items)
    except Exception:  # printing must stay possible; the notice then names no review body
        log.exception("office settings could not be read for printing")
    return PrintContext(
        office_name=ctx.office_name,
        clerk_name=ctx.user.display_name,
        printed_on=today_local(),
        review_body=str(office.get("review_body") or ""),
        court=str(office.get("court") or ""),
        items=items,
    )
