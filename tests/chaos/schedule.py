"""Seeded random chaos schedules, and shrinking a failing one to a minimal replay.

A schedule is a list of steps; each step names an actor (a device or the back office) and
carries its own small random ``pick`` so that removing other steps while shrinking keeps
the remaining ones meaningful. ``generate(seed)`` is a pure function of the seed, so
"seed 1234 failed" is enough to rerun it exactly.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.support.faults import ALL_FAULTS, Fault

CLERK_ACTIONS = ("intake", "intake", "edit", "transition", "note", "rate", "material")
BACKOFFICE_ACTIONS = (
    "start_review",
    "start_review",
    "approve",
    "deny",
    "suspend",
    "resume",
    "request_supplement",
)


@dataclass(frozen=True)
class Step:
    """One thing that happens. ``device`` is an index into the world's devices."""

    kind: str  # clerk | backoffice | sync | partition | heal_link | kill | restart | epoch
    device: int = 0
    action: str = ""
    pick: int = 0
    faults: tuple[Fault | None, ...] = ()

    def __str__(self) -> str:
        parts = [self.kind]
        if self.kind in {"clerk", "sync", "partition", "heal_link", "kill"}:
            parts.append(f"dev{self.device}")
        if self.action:
            parts.append(self.action)
        if self.kind in {"clerk", "backoffice", "kill"}:
            parts.append(f"pick={self.pick}")
        if self.faults:
            parts.append("faults=" + ",".join(f.value if f else "-" for f in self.faults))
        return " ".join(parts)


@dataclass
class Options:
    devices: int = 3
    steps: int = 14
    kills: bool = True
    restarts: bool = True
    epochs: bool = True
    fault_kinds: tuple[Fault, ...] = ALL_FAULTS
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "clerk": 8,
            "backoffice": 3,
            "sync": 5,
            "partition": 1,
            "heal_link": 1,
            "kill": 1,
            "restart": 0.3,
            "epoch": 0.3,
        }
    )


def generate(seed: int, options: Options | None = None) -> list[Step]:
    """The schedule for ``seed``: same seed, same steps."""
    opts = options or Options()
    rng = random.Random(seed)
    kinds = [
        k
        for k in opts.weights
        if (k != "kill" or opts.kills)
        and (k != "restart" or opts.restarts)
        and (k != "epoch" or opts.epochs)
    ]
    weights = [opts.weights[k] for k in kinds]
    steps: list[Step] = []
    for _ in range(opts.steps):
        kind = rng.choices(kinds, weights)[0]
        dev = rng.randrange(opts.devices)
        pick = rng.randrange(1_000_000)
        if kind == "clerk":
            steps.append(Step(kind, dev, rng.choice(CLERK_ACTIONS), pick))
        elif kind == "backoffice":
            steps.append(Step(kind, 0, rng.choice(BACKOFFICE_ACTIONS), pick))
        elif kind == "sync":
            n = rng.choice((0, 1, 1, 2, 3))
            faults = tuple(
                rng.choice((*opts.fault_kinds, None)) if opts.fault_kinds else None
                for _ in range(n)
            )
            steps.append(Step(kind, dev, faults=faults))
        else:
            steps.append(Step(kind, dev, pick=pick))
    return steps


def shrink(
    steps: list[Step], fails: Callable[[list[Step]], bool], *, budget: int = 40
) -> list[Step]:
    """Greedy one-at-a-time removal while ``fails`` still fails, within ``budget`` reruns."""
    current = list(steps)
    changed = True
    while changed and budget > 0:
        changed = False
        for i in range(len(current) - 1, -1, -1):
            if budget <= 0:
                break
            candidate = current[:i] + current[i + 1 :]
            budget -= 1
            if fails(candidate):
                current = candidate
                changed = True
    return current


def replay_text(seed: int, steps: list[Step]) -> str:
    """What a failing schedule prints: the seed and the steps to replay it."""
    lines = [f"chaos seed {seed}: minimal replay ({len(steps)} steps)"]
    lines += [f"  {i:2d}. {step}" for i, step in enumerate(steps)]
    return "\n".join(lines)
