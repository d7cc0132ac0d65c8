"""A second start of the same profile reaches the first instance instead of opening."""

from __future__ import annotations

import uuid

from pytestqt.qtbot import QtBot

from ui.single_instance import SingleInstance, notify_running, server_name


def test_second_start_activates_the_first(qtbot: QtBot) -> None:
    name = server_name(f"/tmp/profile-{uuid.uuid4()}")
    first = SingleInstance(name)
    assert first.listen()
    try:
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert notify_running(name) is True
    finally:
        first.close()


def test_no_instance_running_means_start_normally() -> None:
    assert notify_running(server_name(f"/tmp/nobody-{uuid.uuid4()}")) is False


def test_names_differ_per_profile() -> None:
    assert server_name("/a/profiles/x") != server_name("/a/profiles/y")
