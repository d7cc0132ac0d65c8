"""Hypothesis strategies for certificate numbers; check digits come from python-stdnum."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric, uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TODAY = date(2026, 11, 26)


def _regions() -> list[tuple[str, int, int]]:
    """(division code, first year, last year) that stdnum accepts as a birth place."""
    found = []
    for _, province, _, _, counties in numdb.get("cn/loc").prefixes:
        for _, county, _, props, _ in counties:
            for name in props.get("county", "").split(","):
                if not name.startswith("["):
                    found.append((province + county, 1900, TODAY.year))
                    continue
                start, end = name[1:].split("]")[0].split("-")
                first, last = int(start or 1900), int(end or TODAY.year)
                if first <= last and last >= 1900:
                    found.append((province + county, max(first, 1900), min(last, TODAY.year)))
    return sorted(set(found))


REGIONS = _regions()
ALWAYS_VALID = [code for code, first, last in REGIONS if (first, last) == (1900, TODAY.year)]


@st.composite
def _region_and_birth(draw: st.DrawFn) -> tuple[str, date]:
    code, first, last = draw(st.sampled_from(REGIONS))
    born = draw(st.dates(date(first, 1, 1), min(date(last, 12, 31), TODAY)))
    return code, born


def with_check_digit(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def id_number(region: str, born: str, serial: int) -> str:
    return with_check_digit(f"{region}{born}{serial:03d}")


valid_id_numbers = st.builds(
    lambda place, serial: id_number(place[0], f"{place[1]:%Y%m%d}", serial),
    _region_and_birth(),
    st.integers(0, 999),
)


@st.composite
def flipped_id_numbers(draw: st.DrawFn) -> str:
    """A valid number with one of its first 17 digits changed (checksum must catch it)."""
    number = draw(valid_id_numbers)
    pos = draw(st.integers(0, 16))
    digit = draw(st.sampled_from([d for d in "0123456789" if d != number[pos]]))
    return number[:pos] + digit + number[pos + 1 :]


bad_date_id_numbers = st.builds(
    lambda region, y, md, serial: id_number(region, f"{y:04d}{md}", serial),
    st.sampled_from(ALWAYS_VALID),
    st.integers(1900, 2025),
    st.sampled_from(["1301", "0230", "0431", "0001", "0100", "1132", "0229"]).filter(
        lambda md: md != "0229"
    ),
    st.integers(0, 999),
)

future_id_numbers = st.builds(
    lambda region, born, serial: id_number(region, f"{born:%Y%m%d}", serial),
    st.sampled_from(ALWAYS_VALID),
    st.dates(date(2026, 11, 27), date(2099, 12, 31)),
    st.integers(0, 999),
)

ancient_id_numbers = st.builds(
    lambda region, born, serial: id_number(region, f"{born:%Y%m%d}", serial),
    st.sampled_from(ALWAYS_VALID),
    st.dates(date(1000, 1, 1), date(1899, 12, 31)),
    st.integers(0, 999),
)


def uscc_with_check(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)


valid_credit_codes = st.builds(
    lambda head, rest: uscc_with_check(head + rest),
    st.text("0123456789", min_size=8, max_size=8),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
)


@st.composite
def flipped_credit_codes(draw: st.DrawFn) -> str:
    code = draw(valid_credit_codes)
    pos = draw(st.integers(0, 17))
    alphabet = "0123456789" if pos < 8 else USCC_ALPHABET
    char = draw(st.sampled_from([c for c in alphabet if c != code[pos]]))
    return code[:pos] + char + code[pos + 1 :]
