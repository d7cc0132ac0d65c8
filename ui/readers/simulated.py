"""Simulated ID card reader (模拟读卡器) for demo and training mode.

It hands out a fixed set of fictitious cards whose numbers carry a valid GB 11643 check
digit (computed by python-stdnum, not hard-coded), one per read, in turn. ``fail_next``
makes the next read fail like a reader with no card on it, so the error path can be
shown in a demo.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from stdnum.cn import ric

from ui.readers.base import CardRecord, ReaderError


def _number(region: str, birth: date, order: str) -> str:
    body = f"{region}{birth:%Y%m%d}{order}"
    # stdnum expects the check position present; its value is ignored.
    return body + str(ric.calc_check_digit(body + "0"))


_PEOPLE: tuple[tuple[str, str, str, date, str, str, str], ...] = (
    ("张伟", "男", "汉", date(1988, 3, 14), "贵州省贵阳市南明区花果园大街1号", "520102", "013"),
    ("王芳", "女", "汉", date(1992, 11, 2), "贵州省贵阳市云岩区中华北路88号", "520103", "024"),
    ("李娜", "女", "苗", date(1989, 6, 30), "贵州省贵阳市花溪区清溪路5号", "520111", "046"),
    ("刘强", "男", "布依", date(2001, 1, 9), "贵州省安顺市西秀区塔山东路12号", "520402", "051"),
)


def demo_cards() -> list[CardRecord]:
    """The simulator's cards, in the order it hands them out."""
    cards = []
    for name, sex, nation, birth, address, region, order in _PEOPLE:
        cards.append(
            CardRecord(
                name=name,
                sex=sex,
                nation=nation,
                birth_date=birth,
                address=address,
                number=_number(region, birth, order),
                authority="贵阳市公安局南明分局",
                valid_from=date(2020, 5, 1),
                valid_to=date(2040, 5, 1),
            )
        )
    return cards


class SimulatedReader:
    """A :class:`CardReader` that needs no hardware."""

    name = "模拟读卡器（演示）/ Simulated reader (demo)"

    def __init__(self, cards: list[CardRecord] | None = None) -> None:
        self._cards = cards if cards is not None else demo_cards()
        self._next = 0
        self.fail_next = False

    def available(self) -> bool:
        return bool(self._cards)

    def read(self) -> CardRecord:
        if self.fail_next or not self._cards:
            self.fail_next = False
            raise ReaderError("no_card", "未检测到身份证，请放卡", "No card on the reader")
        card = self._cards[self._next % len(self._cards)]
        self._next += 1
        return replace(card)
