"""A refusal of the terminal itself reaches the person in plain words, both languages."""

from __future__ import annotations

from client import errors as cerr
from sync.engine import classify


def test_a_retired_terminal_is_told_in_plain_words() -> None:
    online, message = classify(cerr.Forbidden("device_retired", status=403))
    assert online and message.code == "device_retired"
    assert "停用" in message.zh and "retired" in message.en


def test_other_refusals_keep_their_generic_text() -> None:
    _, message = classify(cerr.Forbidden("forbidden", status=403))
    assert message.code == "forbidden"
