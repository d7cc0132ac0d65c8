"""release_freed_memory() really lowers this process's RSS after a big free (glibc)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sync.memory import release_freed_memory


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc malloc_trim")
def test_freed_small_blocks_go_back_to_the_os() -> None:
    blocks = [bytearray(4000) for _ in range(40_000)]  # ~160 MB of small, non-mmap blocks
    keep = blocks[-1]
    del blocks  # freed to malloc; the last block pins the heap top
    before = _rss_mb()
    assert release_freed_memory()
    after = _rss_mb()
    assert before - after > 80, (before, after)
    assert len(keep) == 4000
