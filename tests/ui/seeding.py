"""Real encrypted stores with realistic applications for the UI tests (see demo.sample_data)."""

from __future__ import annotations

from demo.sample_data import ITEM_CODE, OFFICE, fill, intake, new_store, person

__all__ = ["ITEM_CODE", "OFFICE", "fill", "intake", "new_store", "person"]
