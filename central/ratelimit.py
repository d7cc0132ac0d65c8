"""Login rate limiting: failed attempts counted per username and per client address.

Kept in memory on purpose: a restart clears it, which is acceptable for the reference
platform, and it keeps hot-path logins free of extra writes.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque


class LoginLimiter:
    MAX_KEYS = 10_000

    def __init__(self, max_failures: int, window: float, per_address: int = 20) -> None:
        self.max_failures = max_failures
        self.window = window
        self.per_address = per_address
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, username: str, address: str, now: float) -> int:
        """Seconds to wait before another attempt is accepted, 0 when allowed."""
        with self._lock:
            waits = []
            for key, limit in (
                (f"u:{username}", self.max_failures),
                (f"a:{address}", self.per_address),
            ):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[0] + self.window - now)
            return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, username: str, address: str, now: float) -> None:
        with self._lock:
            if len(self._failures) > self.MAX_KEYS:  # random usernames must not grow memory
                for key in [
                    k for k, v in self._failures.items() if not v or v[-1] <= now - self.window
                ]:
                    del self._failures[key]
            self._failures[f"u:{username}"].append(now)
            self._failures[f"a:{address}"].append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{username}", None)
