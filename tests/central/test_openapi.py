"""The committed OpenAPI document must equal what the platform publishes."""

from __future__ import annotations

import json

from central.openapi import COMMITTED, render


def test_committed_openapi_matches_the_app() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == json.loads(render()), (
        "client/openapi.json is stale: run `make openapi` and commit the result"
    )


def test_every_endpoint_declares_the_schema_header() -> None:
    spec = json.loads(render())
    for path, methods in spec["paths"].items():
        if path.endswith("/health"):
            continue
        for method, op in methods.items():
            names = {p["name"] for p in op.get("parameters", [])}
            assert "X-CounterDesk-Schema" in names, (method, path)
