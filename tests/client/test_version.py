"""The app version the client sends, and how versions compare."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from client.version import APP_VERSION, FALLBACK_VERSION, is_older, parse_version

ROOT = Path(__file__).resolve().parents[2]


def test_the_fallback_is_the_project_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert FALLBACK_VERSION == project["version"] == APP_VERSION


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("1.2.3", (1, 2, 3)), ("0.10", (0, 10, 0)), ("2", (2, 0, 0)), ("1.2.3.4", None),
     ("1.2.3-rc1", None), ("", None), (" 1.0", None), ("v1.0", None), (None, None),
     (3, None), ("1..2", None)],
)  # fmt: skip
def test_parse_version(text: object, parsed: tuple[int, int, int] | None) -> None:
    assert parse_version(text) == parsed


def test_is_older() -> None:
    assert is_older("0.1.0", "0.2.0") and is_older("0.9.9", "0.10.0")
    assert not is_older("0.10.0", "0.9.0") and not is_older("0.2", "0.2.0")
    assert is_older(None, "0.1.0") and is_older("junk", "0.0.1")
    with pytest.raises(ValueError):
        is_older("1.0", "junk")
