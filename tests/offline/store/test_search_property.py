"""Property: for random names and queries, search returns exactly what a brute-force scan
returns — every record where each folded term is a substring of one of the term's
searchable fields, folded (`search.term_fields`: the trigram columns for 3+ characters,
the name for 1–2) — newest first, across pages.

Names mix Latin letters in both cases, full-width letters and digits, CJK compatibility
ideographs next to their unified forms, CJK, digits, spaces (ASCII and ideographic),
characters whose folding changes their length (ß, ﬁ, ㈱, İ) and any other printable
character; some are organisation names longer than 64 characters, up to the field's
maximum (100). Queries are pieces of stored names typed another way (full width, other
case, compatibility form) or random text. Records arrive by pull pages (per-row triggers
or, for big pages, the bulk path) and by clerk renames (set_fields).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offline.domain.errors import ValidationFailed
from offline.store import search, search_text
from offline.store.bulk import BULK_THRESHOLD
from offline.store.errors import InvalidArgument
from offline.store.schema_v7 import TRIGRAM_COLUMNS
from offline.store.store import Store
from tests.benchmarks.store import Generator
from tests.fixtures.store import CLERK, StoreFactory

NAME_MAX = 100  # the widest applicant name the validator takes (an organisation's)
PERSON_NAME_MAX = 50  # a natural person's name (offline.domain.validation.NAME_MAX)
LATIN = "ABCXYZabcxyz"
FULL_WIDTH = "".join(chr(0xFF21 + i) for i in (0, 1, 2, 23, 24, 25)) + "\uff41\uff42\uff10\uff11"
COMPAT = "\uf92c\uf900\uf9dc"  # 郎 (=90CE), 豈 (=8C48), 隆 (=9686)
UNIFIED = "\u90ce\u8c48\u9686"
CJK = "王李张欧阳娜平"
DIGITS = "0123"
ODD = "\u00df\ufb01\u3231\u0130 \u3000"  # ß, ﬁ, ㈱, İ, space, ideographic space
POOL = LATIN + FULL_WIDTH + COMPAT + UNIFIED + CJK + DIGITS + ODD

printable = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
name_char = st.one_of(st.sampled_from(POOL), st.sampled_from(POOL), printable)
short_names = st.text(name_char, min_size=1, max_size=8)
long_names = st.text(name_char, min_size=65, max_size=NAME_MAX)
names = st.one_of(short_names, short_names, short_names, long_names)

# Another way of typing the same character: what a clerk's keyboard or IME may produce.
VARIANTS = {
    **{a: b for a, b in zip(UNIFIED, COMPAT, strict=True)},
    **{a: b for a, b in zip(COMPAT, UNIFIED, strict=True)},
    **{chr(c): chr(c - 0x41 + 0xFF21) for c in range(0x41, 0x5B)},
    **{chr(c): chr(c - 0x61 + 0xFF41) for c in range(0x61, 0x7B)},
}


def _retyped(text: str, flips: list[bool]) -> str:
    out = []
    for ch, flip in zip(text, flips, strict=False):
        if flip:
            ch = VARIANTS.get(ch, ch.swapcase())
        out.append(ch)
    return "".join(out) + text[len(flips) :]


def brute_force(store: Store, text: str) -> list[str]:
    """Ids of every record matching the query, newest first, by scanning all of them."""
    terms = search_text.terms(text)
    if not terms:
        return []
    columns = ", ".join(TRIGRAM_COLUMNS)
    hits = []
    for rowid, record_id, *values in store.conn.execute(
        f"SELECT rowid, id, {columns} FROM applications"
    ):
        record = dict(zip(TRIGRAM_COLUMNS, values, strict=True))
        if all(
            any(
                isinstance(record[f], str) and term in search_text.fold(record[f])
                for f in search.term_fields(term)
            )
            for term in terms
        ):
            hits.append((rowid, record_id))
    return [i for _, i in sorted(hits, reverse=True)]


def searched(store: Store, text: str, limit: int) -> list[str]:
    """Every page of `store.search`, joined."""
    out: list[str] = []
    before = None
    while True:
        page = store.search(text, limit=limit, before=before)
        out += [str(r["id"]) for r in page.rows]
        if page.next_before is None:
            return out
        before = page.next_before


class Loader:
    """Puts names into the store as pulled platform records and clerk renames."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.gen = Generator(5, store.device_id, 100_000)
        self.serial = 0
        self.seq = 0

    def pull(self, new_names: list[str]) -> list[str]:
        docs = []
        for name in new_names:
            self.serial += 1
            doc = self.gen.doc(self.serial)
            doc["applicant"]["name"] = name
            # open, so that a clerk may rename it
            doc.update(status="received", history=doc["history"][:1], accepted_at=None)
            doc["due_date"] = None
            docs.append(doc)
        changes = []
        for doc in docs:
            self.seq += 1
            changes.append(
                {"seq": self.seq, "record_id": doc["id"], "version": doc["version"], "doc": doc}
            )
        self.store.apply_pull_page(changes, {"epoch": 1, "seq": self.seq})
        return [d["id"] for d in docs]


queries = st.tuples(
    st.integers(0, 10_000),  # which stored name to take a piece of
    st.integers(0, NAME_MAX),  # where the piece starts
    st.integers(1, 6),  # its length
    st.lists(st.booleans(), max_size=6),  # which of its characters to type another way
)


def _query_from(stored: list[str], pick: tuple[int, int, int, list[bool]]) -> str:
    index, start, length, flips = pick
    name = stored[index % len(stored)]
    start %= max(1, len(name))
    return _retyped(name[start : start + length], flips)


def test_search_equals_the_brute_force_scan(store_factory: StoreFactory) -> None:
    store = store_factory()
    store.upsert_catalog(Generator(5, "x", 1).items)
    loader = Loader(store)
    stored: list[str] = []

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        batch=st.lists(names, min_size=1, max_size=6),
        bulk=st.booleans(),
        rename=st.tuples(st.integers(0, 10_000), names) | st.none(),
        picks=st.lists(queries, min_size=1, max_size=4),
        typed=st.lists(st.text(name_char, min_size=1, max_size=4), max_size=2),
        second_term=st.booleans(),
        limit=st.integers(1, 7),
    )
    def check(
        batch: list[str],
        bulk: bool,
        rename: tuple[int, str] | None,
        picks: list[tuple[int, int, int, list[bool]]],
        typed: list[str],
        second_term: bool,
        limit: int,
    ) -> None:
        if bulk and len(stored) < 4 * BULK_THRESHOLD:
            batch = batch + [batch[i % len(batch)] + str(i) for i in range(BULK_THRESHOLD)]
        ids = loader.pull(batch)
        stored.extend(batch)
        if rename is not None:
            index, name = rename
            record_id = ids[index % len(ids)]
            try:
                # a clerk renames a person: at most PERSON_NAME_MAX characters (GB-sized names)
                store.set_fields(CLERK, record_id, {"applicant.name": name[:PERSON_NAME_MAX]})
                stored.append(name[:PERSON_NAME_MAX])
            except ValidationFailed:
                assert not name.strip()  # a blank name is refused, and changes nothing
        texts = [_query_from(stored, p) for p in picks] + typed
        if second_term and len(texts) > 1:
            texts.append(texts[0] + " " + texts[1])
        for text in texts:
            try:
                search.normalise(text)
            except InvalidArgument:
                continue  # more terms than a search takes: refused, nothing to compare
            assert searched(store, text, limit) == brute_force(store, text), text

    check()
    assert len(stored) > 60
    # The property was not vacuous: pieces of stored names found what they came from.
    found = sum(bool(brute_force(store, name[:2])) for name in stored if name[:2].strip())
    assert found > 30


def test_some_query_types_are_actually_found(store: Store) -> None:
    """The strategies' variants are real variants: each finds the record typed plainly."""
    loader = Loader(store)
    store.upsert_catalog(Generator(5, "x", 1).items)
    name = "".join(POOL) + "x" * 30
    [record_id] = loader.pull([name])
    for start in range(0, len(name) - 3):
        for flips in ([True] * 3, [False, True, False]):
            text = _retyped(name[start : start + 3], flips)
            if search_text.terms(text) and len(search_text.terms(text)) == 1:
                got: Any = searched(store, text, 50)
                assert got == brute_force(store, text) and record_id in got, text
