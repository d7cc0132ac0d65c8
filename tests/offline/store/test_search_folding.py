"""Search finds what the clerk typed: one folding (NFKC + case folding) on the index and the
query, on every path that writes a record (intake, set_fields, pull, bulk page, rebase,
restore), and short terms down to a single character (a surname).

The folding vectors come from the Unicode Character Database, not from our own function:
UnicodeData.txt gives U+F92C the singleton decomposition 90CE and U+FF21..FF3A / U+FF41..FF5A
/ U+3000 the <wide> decompositions to ASCII / U+0020; CaseFolding.txt folds 0041..005A to
0061..007A (status C) and U+00DF ß to "ss" (status F).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from offline.store import search_text
from offline.store.backup import restore
from offline.store.bulk import BULK_THRESHOLD
from offline.store.store import Store
from tests.benchmarks.store import Generator
from tests.fixtures.store import CLERK, StoreFactory, intake_fields
from tests.offline.domain.samples import USCC

COMPAT_LANG = "\uf92c"  # CJK COMPATIBILITY IDEOGRAPH-F92C, decomposes to U+90CE
UNIFIED_LANG = "\u90ce"
# An organisation name of the field's maximum length (100), with a distinctive tail
# past position 64.
ORG = "贵阳市南明区花果园" + "某" * 78 + "街道便民服务中心甲乙丙丁戊"
assert len(ORG) == 100


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("\uff21\uff22", "ab"),  # FULLWIDTH LATIN CAPITAL LETTER A, B
        ("\uff41\uff42", "ab"),  # FULLWIDTH LATIN SMALL LETTER A, B
        ("王\uff21\uff22", "王ab"),
        ("LI", "li"),
        ("\uff10\uff19", "09"),  # FULLWIDTH DIGIT ZERO, NINE
        (COMPAT_LANG, UNIFIED_LANG),
        ("Stra\u00dfe", "strasse"),  # ß folds to ss (CaseFolding.txt status F)
        ("张\u3000三", "张 三"),  # IDEOGRAPHIC SPACE is <wide> SPACE
        ("\u01f0", "\u01f0"),  # ǰ: case folding decomposes it, NFKC composes it again
    ],
)
def test_folding_follows_the_unicode_data(typed: str, folded: str) -> None:
    assert search_text.fold(typed) == folded


def test_grams_are_every_short_substring_without_whitespace() -> None:
    assert search_text.grams("Li 王\uff21") == {"l", "i", "li", "王", "a", "王a"}
    assert search_text.grams("娜娜") == {"娜", "娜娜"}
    assert search_text.grams("") == set()


def _ids(store: Store, text: str) -> set[str]:
    return {str(r["id"]) for r in store.search(text, limit=1000).rows}


def _person(name: str, seq: str = "123") -> dict[str, Any]:
    from tests.fixtures.store import valid_id_number

    return {"kind": "person", "name": name, "cert_type": "111",
            "cert_no": valid_id_number(seq=seq)}  # fmt: skip


def _legal(name: str) -> dict[str, Any]:
    return {"kind": "legal", "name": name, "cert_type": "USCC", "cert_no": USCC,
            "legal_rep": {"name": "王五", "cert_type": "414", "cert_no": "E12345678"}}  # fmt: skip


def test_the_issue_cases_are_found_after_intake(store: Store) -> None:
    names = {"Li": "Li", "李a": "李a", "王ＡＢ": "王\uff21\uff22", "郎": COMPAT_LANG + "平"}
    ids = {
        key: store.intake(CLERK, **intake_fields(name, applicant=_person(name, f"{i:03d}")))["id"]
        for i, (key, name) in enumerate(names.items())
    }
    org = store.intake(CLERK, **intake_fields(ORG, applicant=_legal(ORG)))["id"]
    assert _ids(store, "Li") == _ids(store, "li") == _ids(store, "ＬＩ") == {ids["Li"]}
    assert _ids(store, "李a") == _ids(store, "李Ａ") == {ids["李a"]}
    assert _ids(store, "a") == {ids["李a"], ids["王ＡＢ"]}
    assert _ids(store, "王\uff21\uff22") == _ids(store, "王ab") == {ids["王ＡＢ"]}  # as stored
    assert _ids(store, "ＡＢ") == _ids(store, "Ab") == {ids["王ＡＢ"]}
    assert _ids(store, UNIFIED_LANG) == _ids(store, COMPAT_LANG) == {ids["郎"]}
    assert _ids(store, UNIFIED_LANG + "平") == {ids["郎"]}
    for tail in ("戊", "丁戊", "丙丁戊", "便民服务中心甲乙丙丁戊", ORG):
        assert _ids(store, tail) == {org}, tail
    assert _ids(store, "X" * 2) == set()


def test_one_character_is_a_surname_search_paged_newest_first(store: Store) -> None:
    made = [
        store.intake(CLERK, **intake_fields(n, applicant=_person(n, f"{i:03d}")))["id"]
        for i, n in enumerate(["王一", "李二", "王三", "欧阳王", "王", "张五"])
    ]
    wang = [made[4], made[3], made[2], made[0]]  # newest first
    first = store.search("王", limit=3)
    assert [r["id"] for r in first.rows] == wang[:3] and first.next_before is not None
    second = store.search("王", limit=3, before=first.next_before)
    assert [r["id"] for r in second.rows] == wang[3:] and second.next_before is None
    assert _ids(store, "王 三") == {made[2]}


def test_set_fields_moves_the_index(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields("张三"))
    # a person's name is at most 50 characters (validation.NAME_MAX); the tail still counts
    store.set_fields(CLERK, doc["id"], {"applicant.name": "ＭｃＤｏｎａｌｄ " + ORG[-41:]})
    assert _ids(store, "张") == set()
    assert _ids(store, "mcdonald") == _ids(store, "Mc") == {doc["id"]}
    assert _ids(store, "甲乙丙丁戊") == _ids(store, "戊") == {doc["id"]}
    store.set_fields(CLERK, doc["id"], {"applicant.name": "李a"})
    assert _ids(store, "mc") == _ids(store, "戊") == set()
    assert _ids(store, "A") == {doc["id"]}
    store.set_fields(CLERK, doc["id"], {"phone": "13912345678"})
    assert _ids(store, "2345") == {doc["id"]} and _ids(store, "李A") == {doc["id"]}


def _platform_docs(store: Store, names: list[str], first: int) -> list[dict[str, Any]]:
    gen = Generator(11 + first, store.device_id, 10_000)
    docs = [gen.doc(first + i) for i in range(len(names))]
    for doc, name in zip(docs, names, strict=True):
        doc["applicant"]["name"] = name
    return docs


def _page(docs: list[dict[str, Any]], seq: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    changes = [{"seq": seq + i, "record_id": d["id"], "version": d["version"], "doc": d}
               for i, d in enumerate(docs, start=1)]  # fmt: skip
    return changes, {"epoch": 1, "seq": seq + len(docs)}


@pytest.mark.parametrize("size", [3, BULK_THRESHOLD + 6])  # per-row triggers, bulk path
def test_pulled_records_are_folded_on_both_paths(store: Store, size: int) -> None:
    names = ["Li 王\uff21\uff22", COMPAT_LANG + "平", ORG] + [
        f"Ｚｈａｎｇ{i}" for i in range(size - 3)
    ]
    docs = _platform_docs(store, names, 1)
    store.apply_pull_page(*_page(docs, 0))
    assert _ids(store, "王ab") == _ids(store, "li") == {docs[0]["id"]}
    assert _ids(store, UNIFIED_LANG) == {docs[1]["id"]}
    assert _ids(store, "丁戊") == _ids(store, "甲乙丙丁戊") == {docs[2]["id"]}
    assert len(_ids(store, "zhang")) == len(_ids(store, "ZH")) == size - 3
    # a later page renames a record the device holds (the update triggers)
    renamed = copy.deepcopy(docs[0])
    renamed["applicant"]["name"], renamed["version"] = "Ｏ'Ｂｒｉｅｎ", docs[0]["version"] + 1
    store.apply_pull_page(*_page([renamed], size))
    assert _ids(store, "o'b") == _ids(store, "'") == {docs[0]["id"]}
    assert _ids(store, "王ab") == _ids(store, "li") == set()


def test_rebase_keeps_the_local_name_searchable(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields("张三"))
    [create] = store.pending_mutations(1)
    applied = {"op_id": create["op_id"], "seq": create["seq"], "record_id": doc["id"],
               "outcome": "applied", "version": 1}  # fmt: skip
    store.record_outcomes([applied])
    server = copy.deepcopy(create["payload"]["doc"])
    server["version"] = 1
    store.apply_pull_page(*_page([server], 0))
    store.set_fields(CLERK, doc["id"], {"applicant.name": "Ｌｉ Ｗｅｉ"})  # pending
    newer = copy.deepcopy(server)
    newer.update(version=2, phone="13987654321")
    store.apply_pull_page(*_page([newer], 1))  # rebase: server v2 + the pending rename
    assert store.record_sync_state(doc["id"]) == "pending"
    assert _ids(store, "li wei") == _ids(store, "87654") == {doc["id"]}
    assert _ids(store, "张三") == set()


def test_a_restored_backup_is_searchable(store_factory: StoreFactory, tmp_path: Path) -> None:
    store = store_factory()
    doc = store.intake(CLERK, **intake_fields("王\uff21\uff22", applicant=_person("王ＡＢ")))
    backup = tmp_path / "backup.db"
    store.backup(backup)
    db, key = store.path, store._key
    store.close()
    db.unlink()
    restore(db, backup, key)
    with Store.open(db, key) as again:
        assert _ids(again, "ab") == _ids(again, "王ＡＢ") == {doc["id"]}
        again.set_fields(CLERK, doc["id"], {"applicant.name": "Li"})  # writes after restore
        assert _ids(again, "li") == {doc["id"]} and _ids(again, "ab") == set()
