"""Administrative division codes (GB/T 2260) that may open a GB 11643 ID number.

GB 11643-1999 §4.3 (地址码): the first six digits are the county code of the holder's
permanent household registration *when the number was assigned*, and §4.1 says a number
never changes. So a code that was abolished later (崇文区 110103, merged in 2010) or one
created after the holder's birth (南明区 520102 for someone born in 1975, since python-stdnum's
table starts most codes at 1983) is still a correct first part. We therefore accept any
code that existed in ANY year of the published list, and only report a code missing from
the whole list; that is a warning the clerk confirms, never a hard refusal, because the
list we ship can lag behind the Ministry of Civil Affairs' publications.

The list is python-stdnum's `cn/loc` table (GB/T 2260 with the years each code was in
use), read once at import into a frozenset so the platform's push path pays one set
look-up per number.
"""

from __future__ import annotations

from stdnum import numdb

_CODE_DIGITS = 6


def _known_codes() -> frozenset[str]:
    """Every six-digit code that carries a county name in stdnum's table, whatever its
    years of validity (the `[1983-]`/`[-2010]` prefixes are ignored on purpose)."""
    found: set[str] = set()
    for _, low, high, _, counties in numdb.get("cn/loc").prefixes:
        for province in _expand(low, high):
            for _, c_low, c_high, props, _ in counties:
                if props.get("county"):
                    found.update(province + county for county in _expand(c_low, c_high))
    return frozenset(code for code in found if len(code) == _CODE_DIGITS and code.isdigit())


def _expand(low: str, high: str) -> list[str]:
    """The codes of one numdb range (`low`-`high`, same width), usually a single code."""
    if low == high or not (low.isdigit() and high.isdigit()):
        return [low]
    return [f"{n:0{len(low)}d}" for n in range(int(low), int(high) + 1)]


KNOWN_REGIONS: frozenset[str] = _known_codes()


def region_known(code: str) -> bool:
    """True when `code` is a GB/T 2260 county code that existed in any year."""
    return code in KNOWN_REGIONS
