"""Print fonts whose PDF text layer reads back as the text that was printed.

Qt's PDF writer embeds each font with a ToUnicode map built backwards from the font's
``cmap``: for every glyph it takes the lowest code point that maps to it. Noto/Source
Han CJK fonts map several code points to one glyph — the Kangxi radical ⼈ (U+2F08) and
the ideograph 人 (U+4EBA), the radical ⻝ (U+2EDD) and 食 (U+98DF) — so a notice's text
layer says ⼈ where the page shows 人, and searching or copying the PDF fails. Glyphs that
only shaping reaches (the ``locl`` digits the Latin script gets in Noto CJK) have no code
point at all, so "60" in an English sentence vanished from the text layer.

The fix works on a copy of the installed font, made once with fontTools and cached:

- the ``cmap`` keeps, for each shared glyph, only the code point text uses: radical
  code points and canonical singletons (compatibility ideographs U+F900…, U+2329/U+232A)
  are dropped when another code point maps to the same glyph;
- the ``GSUB`` table is removed, so every glyph on the page comes straight from ``cmap``
  and the reverse map finds it (notices are horizontal and need no substitutions);
- the copy is renamed (``PRINT_FAMILY``), so it never shadows the system font.

``ensure_print_fonts()`` registers the copies with Qt; templates name ``PRINT_FAMILY``
first and fall back to the system fonts when no CJK source font is installed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

PRINT_FAMILY = "CounterDesk Print Serif"
BUILD_VERSION = "1"  # bump when the transformation changes, so caches are rebuilt

# (family, style) of the source fonts, best first: the serif face suits official notices;
# the sans face is the fallback when only that is installed.
SOURCE_FAMILIES = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
)
STYLES = ("Regular", "Bold")
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path.home() / "Library" / "Fonts",
    Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
)

# Radical blocks: never running text in a notice, yet they share glyphs with ideographs.
_RADICALS = (range(0x2E80, 0x2F00), range(0x2F00, 0x2FE0))


@dataclass(frozen=True)
class SourceFont:
    """One face of an installed font file (``index`` within a .ttc collection)."""

    path: Path
    index: int
    family: str
    style: str


def _is_droppable(code: int) -> bool:
    """True for code points that must not win the reverse map of a shared glyph."""
    if any(code in block for block in _RADICALS):
        return True
    char = chr(code)
    # Canonical singletons (CJK compatibility ideographs, U+2329/U+232A) are the same
    # text as their canonical form; the canonical one is what input methods produce.
    return unicodedata.normalize("NFC", char) != char


def dedup_cmap(mapping: dict[int, str]) -> dict[int, str]:
    """``mapping`` without the code points that would shadow a shared glyph's real one."""
    users: dict[str, list[int]] = {}
    for code, glyph in mapping.items():
        users.setdefault(glyph, []).append(code)
    kept = dict(mapping)
    for codes in users.values():
        if len(codes) < 2:
            continue
        keep = [c for c in codes if not _is_droppable(c)]
        if keep:  # never leave a glyph without any code point
            for code in codes:
                if code not in keep:
                    del kept[code]
    return kept


def _rename(font: object, style: str) -> None:
    name = font["name"]  # type: ignore[index]
    postscript = PRINT_FAMILY.replace(" ", "") + "-" + style
    # Every language's family names go: fontconfig lists each one as a family, and the
    # copy must answer to PRINT_FAMILY only. Typographic names (16, 17) would win over ours.
    for name_id in (1, 2, 3, 4, 6, 16, 17, 21, 22):
        name.removeNames(nameID=name_id)
    for name_id, value in (
        (1, PRINT_FAMILY),
        (2, style),
        (3, postscript),
        (4, f"{PRINT_FAMILY} {style}"),
        (6, postscript),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)


def build_print_font(source: SourceFont, target: Path) -> Path:
    """Write the text-layer-safe copy of ``source`` to ``target`` (atomically)."""
    from fontTools.ttLib import TTFont  # a build step only: keep it off the start-up path

    font = TTFont(
        str(source.path),
        fontNumber=source.index,
        lazy=True,
        recalcBBoxes=False,
        recalcTimestamp=False,
    )
    best = font.getBestCmap() or {}
    dropped = set(best) - set(dedup_cmap(best))
    for table in font["cmap"].tables:
        if table.isUnicode() and table.format in (4, 12):
            table.cmap = {c: g for c, g in table.cmap.items() if c not in dropped}
    if "GSUB" in font:
        del font["GSUB"]
    _rename(font, source.style)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".otf.part")
    os.close(fd)
    try:
        font.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        font.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _fc_match(family: str, style: str) -> SourceFont | None:
    """The installed face fontconfig picks for ``family``, if it really is that family."""
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}\n%{style}", f"{family}:style={style}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.split("\n")
    if len(lines) < 4 or family not in lines[2].split(",") or style not in lines[3].split(","):
        return None  # fontconfig substituted another font: not the one we asked for
    return SourceFont(Path(lines[0]), int(lines[1] or 0), family, style)


def _looks_cjk(file_name: str) -> bool:
    return "CJK" in file_name or "SourceHan" in file_name


def _scan(family: str, style: str, dirs: Iterable[Path]) -> SourceFont | None:
    """Look through font folders (Windows, macOS, no fontconfig) for the face."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in (".ttc", ".otf", ".ttf") or not _looks_cjk(path.name):
                continue
            try:
                faces = (
                    TTCollection(str(path), lazy=True).fonts
                    if path.suffix.lower() == ".ttc"
                    else [TTFont(str(path), lazy=True)]
                )
            except (OSError, TTLibError):
                continue
            for index, face in enumerate(faces):
                names = face["name"]
                if names.getDebugName(1) == family and names.getDebugName(2) == style:
                    return SourceFont(path, index, family, style)
    return None


def find_sources() -> dict[str, SourceFont]:
    """style -> installed source face, from the first family that has a Regular face."""
    for family in SOURCE_FAMILIES:
        regular = _fc_match(family, "Regular") or _scan(family, "Regular", FONT_DIRS)
        if regular is None:
            continue
        found = {"Regular": regular}
        bold = _fc_match(family, "Bold") or _scan(family, "Bold", FONT_DIRS)
        if bold is not None:
            found["Bold"] = bold
        return found
    return {}


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("CounterDesk", appauthor=False)) / "print-fonts"


def cached_name(source: SourceFont) -> str:
    """A file name that changes when the source font or this transformation changes."""
    stat = source.path.stat()
    key = f"{BUILD_VERSION}|{source.path}|{source.index}|{stat.st_size}|{stat.st_mtime_ns}"
    return f"print-{source.style.lower()}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.otf"


_build_lock = threading.Lock()


def build_all(folder: Path | None = None) -> list[Path]:
    """Make (or reuse) the print copies of the installed CJK font; [] when none is installed."""
    folder = folder or cache_dir()
    built = []
    with _build_lock:  # the background warm-up and a first print must not build twice
        for source in find_sources().values():
            target = folder / cached_name(source)
            if not target.exists():
                build_print_font(source, target)
            built.append(target)
    return built


def warm_up() -> None:
    """Build the cache on a background thread, so the first print does not wait for it."""

    def run() -> None:
        try:
            build_all()
        except Exception:  # reported again, and handled, by ensure_print_fonts
            log.warning("print fonts could not be built in the background", exc_info=True)

    if _registered is None:
        threading.Thread(target=run, name="print-fonts", daemon=True).start()


_registered: list[str] | None = None


def ensure_print_fonts() -> bool:
    """Register the print copies with Qt once per process; False when none could be made.

    Needs a QGuiApplication. The first call on a machine builds the copies (a few
    seconds); later calls and later runs reuse the cache.
    """
    global _registered
    if _registered is None:
        from PySide6.QtGui import QFontDatabase

        families: list[str] = []
        try:
            paths = build_all()
        except Exception:  # a broken font file must not stop printing: system fonts remain
            log.exception("print fonts could not be built; notices use the system fonts")
            paths = []
        for path in paths:
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
        _registered = families
    return PRINT_FAMILY in _registered


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.printing.print_fonts``: build the cache ahead of time (installers)."""
    paths = build_all()
    for path in paths:
        print(path)
    if not paths:
        print(
            "未找到思源/Noto CJK 字体，请安装 (apt-get install fonts-noto-cjk) / "
            "no Noto CJK font installed (apt-get install fonts-noto-cjk)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
