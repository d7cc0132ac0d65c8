"""Schedules are a pure function of the seed, cover every fault kind, and shrink."""

from __future__ import annotations

from tests.chaos.schedule import Options, Step, generate, replay_text, shrink
from tests.support.faults import ALL_FAULTS


def test_same_seed_same_schedule_and_all_kinds_appear() -> None:
    assert generate(42) == generate(42)
    assert generate(42) != generate(43)
    steps = [s for seed in range(200) for s in generate(seed, Options(steps=14))]
    kinds = {s.kind for s in steps}
    assert kinds == {
        "clerk",
        "backoffice",
        "sync",
        "partition",
        "heal_link",
        "kill",
        "restart",
        "epoch",
    }
    faults = {f for s in steps for f in s.faults if f is not None}
    assert faults == set(ALL_FAULTS)
    assert {s.device for s in steps} == {0, 1, 2}


def test_shrink_finds_the_steps_that_matter_and_replay_names_the_seed() -> None:
    steps = generate(7, Options(steps=14))
    culprit_a, culprit_b = steps[3], steps[9]

    def fails(candidate: list[Step]) -> bool:
        return culprit_a in candidate and culprit_b in candidate

    minimal = shrink(steps, fails, budget=100)
    assert minimal == [culprit_a, culprit_b]
    text = replay_text(7, minimal)
    assert text.startswith("chaos seed 7: minimal replay (2 steps)")
    assert str(culprit_a) in text
