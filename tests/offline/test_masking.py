"""The one masking rule used by the log filter and the diagnostics bundle."""

from __future__ import annotations

import pytest

from offline.masking import mask


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("申请人 张三丰 办理", "张三丰", "张**"),
        ("id=520102198803140135 ok", "520102198803140135", "**************0135"),
        ("phone 13800138000", "13800138000", "138****8000"),
        ("tel 0851-86812345", "86812345", "0851-****45"),
        ("uscc 91520100MA6DKXY81Q", "91520100MA6DKXY81Q", "1Q"),
    ],
)
def test_personal_data_is_masked(text: str, hidden: str, kept: str) -> None:
    masked = mask(text)
    assert hidden not in masked
    assert kept in masked


def test_english_text_is_untouched() -> None:
    line = "sync run finished: pushed 12, pulled 40, conflicts 0"
    assert mask(line) == line
