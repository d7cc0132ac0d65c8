"""Hostile search box input: FTS5 query syntax is searched for literally, input that is not
text gets a clear bilingual refusal, and nothing raises anything else."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offline.store import search
from offline.store.errors import InvalidArgument
from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields, valid_id_number
from tests.offline.store.test_search_property import brute_force, searched

NAMES = ['O"Neil', "NEAR(张 三)", "a* b", "张三 AND 李四", "^abc", "col:abc", "{x y}:王", "-王-"]
SYNTAX = ['"', '""', '"""', "NEAR(张", "a*", "*", "^ab", "AND", "OR", "NOT", "col:abc",
          "applicant_name:张", "{x", "y}:王", "-王-", "(", ")", "+", ":", "'", "\\", "%", "_",
          "NEAR", "张三 AND", "a* b"]  # fmt: skip


@pytest.fixture
def odd(store: Store) -> Store:
    for i, name in enumerate(NAMES):
        applicant = {"kind": "person", "name": name, "cert_type": "111",
                     "cert_no": valid_id_number(seq=f"{i:03d}")}  # fmt: skip
        store.intake(CLERK, **intake_fields(name, applicant=applicant))
    return store


@pytest.mark.parametrize("text", SYNTAX)
def test_query_syntax_is_searched_for_literally(odd: Store, text: str) -> None:
    assert searched(odd, text, 3) == brute_force(odd, text)


def test_the_syntax_names_are_found(odd: Store) -> None:
    assert len(searched(odd, 'o"n', 50)) == 1
    assert len(searched(odd, "NEAR(张", 50)) == 1
    assert len(searched(odd, "y}:王", 50)) == 1


@pytest.mark.parametrize(
    "bad",
    [None, 42, b"\xe5\xbc\xa0", ["张"], "\ud800", "张\udfff三", "x" * (search.MAX_TEXT_LENGTH + 1),
     "x" * (search.MAX_TERM_LENGTH + 1), " ".join("abcdef")],
)  # fmt: skip
def test_bad_input_is_refused_in_both_languages(store: Store, bad: Any) -> None:
    with pytest.raises(InvalidArgument) as info:
        store.search(bad)
    assert info.value.zh and info.value.en


@pytest.mark.parametrize(
    "paging", [{"limit": 0}, {"limit": 1001}, {"limit": "5"}, {"limit": True}, {"limit": 2.0},
               {"before": "9"}, {"before": 1.5}, {"before": [1]}],
)  # fmt: skip
def test_bad_paging_is_refused(store: Store, paging: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument) as info:
        store.search("张", **paging)
    assert info.value.zh and info.value.en


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40) | st.binary(max_size=10) | st.none() | st.integers())
def test_no_input_raises_anything_but_a_refusal(text: Any) -> None:
    try:
        terms = search.normalise(text)
    except InvalidArgument as refusal:
        assert refusal.zh and refusal.en
        return
    assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in terms)
