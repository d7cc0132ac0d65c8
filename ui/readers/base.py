"""The card-reader interface every source of ID card data implements.

A reader hands back a :class:`CardRecord` (the fields printed on a 居民身份证) or raises
:class:`ReaderError` with a bilingual message. Reading is synchronous and may block for a
second or two on real hardware, so callers run it off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from offline.domain.errors import BilingualError


@dataclass(frozen=True)
class CardRecord:
    """What a second-generation resident ID card (二代居民身份证) carries."""

    name: str
    sex: str  # "男" / "女" as printed on the card
    nation: str  # 民族, e.g. "汉"
    birth_date: date
    address: str
    number: str  # 18-character GB 11643 number
    authority: str  # 签发机关
    valid_from: date
    valid_to: date | None  # None = 长期 (no expiry)

    def applicant(self) -> dict[str, object]:
        """The applicant part of an application document (see docs/CONTRACTS.md); the
        number is marked as read from the card (`card_read`), which the domain trusts for
        the region code."""
        return {
            "kind": "person",
            "name": self.name,
            "cert_type": "111",
            "cert_no": self.number,
            "legal_rep": None,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "card_read": True,
        }


class ReaderError(BilingualError):
    """A read failed: no card, no device, unreadable data. ``zh`` first, ``en`` second."""


@runtime_checkable
class CardReader(Protocol):
    """A source of card records. ``name`` is shown in the UI next to the read button."""

    name: str

    def available(self) -> bool:
        """True when the device (or simulator) can be read right now."""
        ...

    def read(self) -> CardRecord:
        """Read the card on the reader; raise :class:`ReaderError` when there is none."""
        ...
