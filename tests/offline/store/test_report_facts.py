"""The fast report columns (bulk path) equal the reference `views.report_columns`."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from offline.store import report_facts, views

INSTANTS = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),  # naive: counts as UTC
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.sampled_from(["2026-11-26T01:00:00+00:00", "2026-11-26T09:00:00+08:00",
                     "2026-11-25T16:00:00Z", "not a time", "", "2026-02-30T00:00:00"]),
    st.none(), st.integers(),
)  # fmt: skip
STEPS = st.one_of(
    st.fixed_dictionaries({"to": st.sampled_from(["accepted", "approved", "denied", "x"]),
                           "at": INSTANTS}),
    st.just("x"), st.none(),
)  # fmt: skip
SCORES = st.one_of(st.integers(-1, 6), st.floats(allow_nan=True), st.booleans(), st.text())
DOCS = st.fixed_dictionaries(
    {},
    optional={
        "received_at": INSTANTS, "accepted_at": INSTANTS,
        "due_date": st.one_of(st.dates().map(str), st.none(), st.integers()),
        "history": st.one_of(st.lists(STEPS, max_size=4), st.none()),
        "ratings": st.one_of(
            st.lists(st.one_of(st.fixed_dictionaries({"score": SCORES}), st.just(3)),
                     max_size=4),
            st.none()),
    },
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(DOCS)
def test_same_values_as_the_reference(doc: dict[str, Any]) -> None:
    assert report_facts.report_columns(doc) == views.report_columns(doc)


def test_same_values_on_realistic_documents() -> None:
    from tests.benchmarks.reports import _spread
    from tests.benchmarks.store import Generator

    gen, rng = Generator(5, "dev", 1000), random.Random(5)
    docs = [_spread(gen.doc(i), rng) for i in range(1, 1001)]
    got = [report_facts.report_columns(d) for d in docs]
    assert got == [views.report_columns(d) for d in docs]
    assert sum(1 for g in got if g[4] is not None) > 50  # on_time exercised
    assert sum(1 for g in got if any(g[5:])) > 250  # ratings exercised
