"""Loaded by every Python process of `make test-clock` (this folder is put on PYTHONPATH).

Debian's libfaketime 0.9.10 with FAKETIME_DONT_FAKE_MONOTONIC=1 shifts the absolute
CLOCK_MONOTONIC deadline that `time.sleep` hands to clock_nanosleep(TIMER_ABSTIME) by the
wall-clock offset: a clock set ahead makes every `time.sleep` fail with EINVAL, a clock set
back makes it hang. Faking the monotonic clock instead hangs every thread wait. So the
monotonic clock stays real and `time.sleep` waits on `select` with a relative timeout, which
libfaketime leaves alone. Only the wall clock the app reads is faked, which is the point.
"""

from __future__ import annotations

import os
import select
import time


def _relative_sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


if (
    "faketime" in os.environ.get("LD_PRELOAD", "")
    and os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") == "1"
):
    time.sleep = _relative_sleep
