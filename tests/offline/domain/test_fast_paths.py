"""The domain's fast paths give the same verdict (same issues) as straightforward references.

The platform checks every pushed `create`, so a few checks take shortcuts: the birth date
inside an ID number is read without stdnum's `compact` pass, a well-formed receipt number
is accepted without building a `ReceiptNo`, `_nonblank` avoids `strip()`'s copy, material
tallies build no paths on the success path, and mutation kinds are looked up by name.
Each reference below is the code as it was before the shortcut.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from offline.domain import identity, transitions
from offline.domain.catalog import ServiceItem
from offline.domain.clock import local_date, now_utc, today_local
from offline.domain.errors import Issue, ValidationFailed
from offline.domain.identity import check_cert_no, check_id_number
from offline.domain.numbering import check_receipt_no, parse_receipt_no
from offline.domain.payloads import Kind, _nonblank, validate_mutation
from offline.domain.status import Role, Status
from offline.domain.text import check_text
from offline.domain.validation import (
    _LANDLINE,
    _MOBILE,
    check_phone,
    normalize_phone,
    validate_form,
    validate_materials,
)
from tests.offline.domain import strategies as S
from tests.offline.domain.samples import item_dict

TODAY = S.TODAY
DIGITS = st.text(alphabet="0123456789", min_size=17, max_size=17)


def _reference_birth(number: str, field: str, today: date) -> list[Issue]:
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return [Issue(field, "bad_birth_date", "x", "x")]
    if born < identity.EARLIEST_BIRTH:
        return [Issue(field, "birth_before_1900", "x", "x")]
    if born > today:
        return [Issue(field, "future_birth_date", "x", "x")]
    return []


def _codes(issues: list[Issue]) -> list[tuple[str, str]]:
    return [(i.field, i.code) for i in issues]


@st.composite
def id_like(draw: st.DrawFn) -> str:
    """18 characters whose birth part ranges over real, impossible and future dates."""
    region = draw(st.sampled_from(["520102", "110101", "000000", "520100"]))
    year = draw(st.integers(1850, 2100))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    serial = draw(st.integers(0, 999))
    body = f"{region}{year:04d}{month:02d}{day:02d}{serial:03d}"
    check = ric.calc_check_digit(body + "0")
    if draw(st.booleans()):
        check = draw(st.sampled_from("0123456789X"))
    return body + check


@settings(max_examples=200, deadline=None)
@given(id_like(), st.dates(date(1990, 1, 1), date(2060, 1, 1)))
def test_birth_date_shortcut_matches_stdnum(number: str, today: date) -> None:
    assert _codes(identity._check_birth(number, "f", today)) == _codes(
        _reference_birth(number, "f", today)
    )


@settings(max_examples=200, deadline=None)
@given(id_like() | S.valid_id_numbers | S.flipped_id_numbers())
def test_id_number_verdict_matches_the_stdnum_reference(number: str) -> None:
    issues = check_id_number(number, "cert_no", today=TODAY)
    if any(i.code in ("bad_birth_date", "birth_before_1900", "future_birth_date") for i in issues):
        assert _codes(issues) == _codes(_reference_birth(number, "cert_no", TODAY))
    elif issues == [] or issues[0].code in ("unknown_region", "bad_checksum"):
        # The check digit agrees with stdnum's; the region only has to be in stdnum's
        # division table for some year (`ric.validate` also wants the birth year).
        checksum_ok = ric.calc_check_digit(number) == number[-1]
        assert (issues[0].code == "bad_checksum" if issues else False) == (not checksum_ok)
        places = numdb.get("cn/loc").info(number[:6])
        listed = any("county" in props for _, props in places[1:])
        assert (issues == []) == (checksum_ok and listed)
    resident = "830000" + number[6:17]
    resident += ric.calc_check_digit(resident + "0")
    birth = _reference_birth(resident, "cert_no", TODAY)
    assert _codes(check_cert_no("555", resident, today=TODAY)) == _codes(birth)


def _reference_receipt(text: Any) -> list[tuple[str, str]]:
    try:
        parse_receipt_no(text)
    except ValidationFailed as exc:
        return [("receipt_no", i.code) for i in exc.issues]
    return []


receipts = st.builds(
    lambda office, term, y, m, d, serial, pad: (
        f"{pad}{office}-{term}-{y:04d}{m:02d}{d:02d}-{serial:04d}{pad}"
    ),
    st.from_regex(r"\A[0-9]{5,13}\Z"),
    st.from_regex(r"\A[0-9A-Za-z]{1,5}\Z"),
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 9999),
    st.sampled_from(["", " ", "\u3000"]),
)


@settings(max_examples=200, deadline=None)
@given(receipts | st.text(max_size=30) | st.none() | st.integers())
def test_receipt_fast_path_matches_parse(text: Any) -> None:
    assert _codes(check_receipt_no(text)) == _reference_receipt(text)


@given(st.text(max_size=8) | st.none() | st.integers() | st.sampled_from(["\u3000", "\x85 "]))
def test_nonblank_matches_strip(value: Any) -> None:
    assert _nonblank(value) == (isinstance(value, str) and bool(value.strip()))


def _reference_tally(item: ServiceItem, materials: list[Any]) -> list[tuple[str, str]]:
    issues: list[tuple[str, str]] = []
    for i, entry in enumerate(materials):
        path = f"materials[{i}]"
        code = entry.get("code") if isinstance(entry, Mapping) else None
        if not isinstance(code, str) or item.material(code) is None:
            issues.append((f"{path}.code", "unknown_material"))
            continue
        counts = [entry.get("originals"), entry.get("copies")]
        if not all(
            c is None or (isinstance(c, int) and not isinstance(c, bool) and c >= 0) for c in counts
        ):
            issues.append((path, "bad_count"))
    return issues


counts = st.none() | st.integers(-2, 3) | st.booleans() | st.just(1.0) | st.just("1")
entries = st.fixed_dictionaries(
    {"code": st.sampled_from(["M01", "M02", "M03", "M99", 7, None])},
    optional={"originals": counts, "copies": counts},
) | st.sampled_from([None, [], "M01"])


@settings(max_examples=200, deadline=None)
@given(st.lists(entries, max_size=5))
def test_material_tally_matches_reference(materials: list[Any]) -> None:
    item = ServiceItem.from_dict(item_dict())
    assert _codes(validate_materials(item, materials, False)) == _reference_tally(item, materials)


@given(st.sampled_from([*map(str, Kind), "Create", "", "bogus"]) | st.integers() | st.none())
def test_kind_lookup_by_name_matches_the_enum(kind: Any) -> None:
    try:
        Kind(kind)
        known = True
    except ValueError:
        known = False
    refused = [i.field for i in validate_mutation(kind, {})] == ["kind"]
    assert refused == (not known)


names = st.sampled_from([*map(str, Status), *map(str, Role), "Received", ""]) | st.integers()


@given(names | st.none() | st.lists(st.integers(), max_size=1))
def test_status_and_role_tables_match_the_enums(value: Any) -> None:
    for enum, table in ((Status, transitions._status), (Role, transitions._role)):
        try:
            expected = enum(value)
        except ValueError:
            expected = None
        try:
            got = table(value)
        except ValueError:
            got = None
        assert got is expected


keys = (
    st.sampled_from(["area", "shop_name", "licence_no", "nope", "", "AREA"])
    | st.integers()
    | st.none()
)


@given(keys | st.lists(st.integers(), max_size=1))
def test_field_lookup_table_matches_a_scan(key: Any) -> None:
    item = ServiceItem.from_dict(item_dict())
    scan = next((f for f in item.form_fields if f.key == key), None)
    assert item.form_field(key) is scan
    assert item.has_field(key) == (scan is not None)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, st.none() | st.integers(-5, 200) | st.text(max_size=5), max_size=4))
def test_unknown_form_keys_match_the_set_reference(form: dict[Any, Any]) -> None:
    item = ServiceItem.from_dict(item_dict())
    known = {f.key for f in item.form_fields}
    unknown = [(f"form.{k}", "unknown_field") for k in form if k not in known]
    got = [(i.field, i.code) for i in validate_form(item, form) if i.code == "unknown_field"]
    assert got == unknown


spaces = st.text(alphabet=" \t\n\u3000\u00a0\x85\u2028a", max_size=4)


@given(spaces | st.none() | st.integers(), st.booleans())
def test_blank_text_verdict_matches_strip(value: Any, required: bool) -> None:
    blank = value is None or (isinstance(value, str) and not value.strip())
    codes = [i.code for i in check_text(value, "f", max_length=3, required=required)]
    if blank:
        assert codes == (["required"] if required else [])
    else:
        assert "required" not in codes


def test_today_read_in_shanghai_equals_utc_converted() -> None:
    before = local_date(now_utc())
    today = today_local()
    after = local_date(now_utc())
    assert today in (before, after)


phones = st.from_regex(r"\A(\+86|0086|)1[0-9]{10}\Z") | st.text(
    alphabet="0123456789１３ +-", max_size=16
)


@settings(max_examples=200, deadline=None)
@given(phones)
def test_mobile_shortcut_matches_normalise_then_match(value: str) -> None:
    number = normalize_phone(value)
    expected = not number.strip() or bool(_MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number))
    assert (check_phone(value) == []) == expected
