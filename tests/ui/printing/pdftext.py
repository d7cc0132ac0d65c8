"""Read a PDF's text layer the way a reviewer's tools do, and the text a notice should hold.

``pdf_text`` runs poppler's ``pdftotext`` (content-stream order, UTF-8) and removes all
whitespace: line wrapping puts breaks where the source has none (Chinese) or spaces
(English), so only the sequence of visible characters is compared. No Unicode
normalisation: a radical ⼈ (U+2F08) in place of 人 (U+4EBA) must show as a difference.
``source_text`` is the same sequence taken from the rendered HTML, tags stripped.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

FONT_MISSING = "no CJK font for printing: apt-get install fonts-noto-cjk"


def require_pdftotext() -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    return tool


def require_print_font() -> None:
    """Skip (with the install command) when no CJK source font is installed."""
    from ui.printing.print_fonts import ensure_print_fonts

    if not ensure_print_fonts():
        pytest.skip(FONT_MISSING)


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    """The PDF's text layer, every whitespace character removed."""
    require_print_font()  # without the font the text layer cannot be right: say what to install
    out = subprocess.run(
        [require_pdftotext(), "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return squeeze(out)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "head", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "head", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def source_text(html: str) -> str:
    """The visible characters of an HTML document (tags, comments and CSS dropped)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return squeeze("".join(parser.parts))
