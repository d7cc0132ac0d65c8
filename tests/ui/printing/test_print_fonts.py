"""The print-font copy: a shared glyph answers to the ideograph, never to a radical.

Vectors are Unicode's own: U+2F08 KANGXI RADICAL MAN and U+4EBA 人, U+2EDD CJK RADICAL
EAT ONE and U+98DF 食, U+F900 CJK COMPATIBILITY IDEOGRAPH (canonically U+8C48 豈),
U+2329 LEFT-POINTING ANGLE BRACKET (canonically U+3008 〈).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.printing.pdftext import FONT_MISSING
from ui.printing.print_fonts import (
    PRINT_FAMILY,
    build_print_font,
    dedup_cmap,
    find_sources,
)


@pytest.mark.parametrize(
    ("mapping", "kept"),
    [
        ({0x2F08: "g1", 0x4EBA: "g1"}, {0x4EBA}),
        ({0x2EDD: "g2", 0x98DF: "g2"}, {0x98DF}),
        ({0x2E8E: "g3", 0x5140: "g3", 0xFA0C: "g3"}, {0x5140}),
        ({0x8C48: "g4", 0xF900: "g4"}, {0x8C48}),
        ({0x2329: "g5", 0x3008: "g5"}, {0x3008}),
        ({0x0020: "sp", 0x00A0: "sp"}, {0x0020, 0x00A0}),  # not our business: both stay
        ({0x2F08: "only"}, {0x2F08}),  # a glyph never loses its only code point
    ],
)
def test_dedup_keeps_the_code_point_text_uses(mapping: dict[int, str], kept: set[int]) -> None:
    assert set(dedup_cmap(mapping)) == kept


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = find_sources()
    if "Regular" not in sources:
        pytest.skip(FONT_MISSING)
    return build_print_font(sources["Regular"], tmp_path_factory.mktemp("f") / "print.otf")


def test_built_copy_has_unique_reverse_map_and_no_substitutions(built: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(str(built), lazy=True)
    cmap = font.getBestCmap()
    assert font["name"].getDebugName(1) == PRINT_FAMILY
    assert "GSUB" not in font  # every glyph drawn is reachable from cmap
    assert cmap[0x4EBA] and 0x2F08 not in cmap and 0x2EDD not in cmap
    assert cmap[0x36] and cmap[0x30]  # digits map straight to their glyphs
    # Qt takes, per glyph, the lowest BMP code point: for CJK ideographs and digits
    # that must now be the character itself.
    lowest: dict[str, int] = {}
    for code in sorted(c for c in cmap if c < 0x10000):
        lowest.setdefault(cmap[code], code)
    for char in "人食日月用户方行立高0123456789":
        assert lowest[cmap[ord(char)]] == ord(char), char
