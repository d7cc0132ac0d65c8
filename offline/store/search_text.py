"""The one text normalisation of search: the index and the search box both go through `fold`.

`fold(text)` = NFKC, then Unicode case folding, then NFKC again (case folding can leave a
decomposed sequence, e.g. U+01F0 ǰ, that the second NFKC puts back together). What that
buys a clerk:

- full-width letters and digits match their ASCII forms (王ＡＢ = 王AB = 王ab; ＩＤ
  numbers typed in full width find the stored ones), since NFKC maps the Halfwidth and
  Fullwidth Forms block (U+FF01..FF5E) to ASCII;
- CJK compatibility ideographs match their unified ideograph (U+F92C 郎 = U+90CE 郎: the
  singleton decomposition in UnicodeData.txt, applied by every normalisation form);
- Latin letters match regardless of case (Li = LI = li; the X check digit of an ID
  number = x), and the ideographic space U+3000 is a space like any other.

A search term is a run of non-whitespace characters of the folded query (`str.split()`),
so no term ever holds whitespace: grams with whitespace are never looked up and are not
stored.

Two SQL functions carry this into the database, registered on every connection by
`offline/store/connection.py` (schema v7's triggers and the bulk path call them):
`search_fold(text)` (NULL stays NULL) feeds the FTS5 trigram index, `search_grams(text)`
returns the JSON array of every distinct 1- and 2-character substring of the folded text
(none holding whitespace) for `name_grams`. Both are deterministic for a given Unicode
version; a Python whose `unicodedata.unidata_version` differs folds a few newly assigned
characters differently, so such an upgrade needs a migration that rebuilds the index (as
schema v7 does).
"""

from __future__ import annotations

import json
import operator
import unicodedata
from typing import Any

FOLD_FUNCTION = "search_fold"
GRAMS_FUNCTION = "search_grams"
UNICODE_VERSION = unicodedata.unidata_version


def fold(text: str) -> str:
    """NFKC + case folding + NFKC (ASCII: just lower case, the same result without the
    two normalisation passes)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def terms(text: str) -> list[str]:
    """The search terms of a search box text: its folded form split at whitespace."""
    return fold(text).split()


def grams(text: str) -> set[str]:
    """Every distinct 1- and 2-character substring of `fold(text)` without whitespace."""
    out: set[str] = set()
    for part in fold(text).split():  # a gram without whitespace lies within one part
        out.update(part)
        out.update(map(operator.add, part, part[1:]))
    return out


def _sql_fold(value: Any) -> Any:
    return fold(value) if isinstance(value, str) else value


def _sql_grams(value: Any) -> str:
    if not isinstance(value, str):
        return "[]"
    return json.dumps(sorted(grams(value)), ensure_ascii=False)


def register(conn: Any) -> None:
    """Make `search_fold` and `search_grams` callable from SQL on `conn`."""
    conn.create_function(FOLD_FUNCTION, 1, _sql_fold, deterministic=True)
    conn.create_function(GRAMS_FUNCTION, 1, _sql_grams, deterministic=True)
