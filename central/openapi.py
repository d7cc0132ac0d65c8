"""The committed OpenAPI document (`client/openapi.json`) rendered from the app.

`python -m central openapi --out client/openapi.json` (or `make openapi`) regenerates it;
a test fails when the committed file and the app disagree.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from central.app import create_app
from central.settings import Settings

COMMITTED = Path(__file__).resolve().parents[1] / "client" / "openapi.json"


def render() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(db_path=Path(tmp) / "openapi.db"))
        spec = app.openapi()
        app.state.platform.db.close()
    return json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
