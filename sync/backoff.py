"""Capped exponential backoff with full jitter for the connectivity probe.

Why full jitter: dozens of counters in one hall lose the link together when the office
router restarts; random delays in ``[0, min(cap, base * 2**attempt)]`` keep them from
probing the platform in lockstep when it returns (AWS Architecture Blog, "Exponential
Backoff and Jitter"). stamina covers retrying a call; this is the delay between probes of
a loop that never gives up, so it is one small function.
"""

from __future__ import annotations

import random


def full_jitter(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Delay in seconds before probe number ``attempt`` (0-based)."""
    if attempt < 0 or base <= 0 or cap <= 0:
        raise ValueError("attempt must be >= 0, base and cap > 0")
    ceiling = cap if attempt >= 63 else min(cap, base * (2**attempt))
    return rng.uniform(0.0, ceiling)
