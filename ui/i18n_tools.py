"""Refresh ``resources/i18n/*.ts`` from the source: ``python -m ui.i18n_tools``.

``pyside6-lupdate`` finds ``self.tr("…")`` calls; the shell's modules use a module-level
``_tr`` helper (``QCoreApplication.translate("<Context>", text)``), which lupdate cannot
follow, so those strings are collected here from the syntax tree. Existing translations
are kept; new strings arrive as ``unfinished`` for a translator (Qt Linguist) to fill.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import ROOT, TS_DIR

UI_DIR = ROOT / "ui"


def _helper_context(tree: ast.Module) -> str | None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_tr":
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                ):
                    return call.args[0].value
    return None


def helper_strings(path: Path) -> list[tuple[str, str]]:
    """(context, source) of every ``_tr("literal")`` call in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    context = _helper_context(tree)
    if context is None:
        return []
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_tr"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((context, node.args[0].value))
    return found


def _read(ts: Path) -> dict[tuple[str, str], str]:
    if not ts.exists():
        return {}
    done: dict[tuple[str, str], str] = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for message in ctx.iter("message"):
            translation = message.find("translation")
            text = translation.text if translation is not None else None
            if text and (translation is None or translation.get("type") != "unfinished"):
                done[(name, message.findtext("source") or "")] = text
    return done


def collect() -> list[tuple[str, str]]:
    sources = sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lupdate.ts"
        lupdate = Path(sys.executable).parent / "pyside6-lupdate"
        subprocess.run(
            [str(lupdate), *map(str, sources), "-ts", str(out)], check=True, capture_output=True
        )
        found = [
            (ctx.findtext("name") or "", m.findtext("source") or "")
            for ctx in ET.parse(out).getroot().iter("context")
            for m in ctx.iter("message")
        ]
    for path in sources:
        found.extend(helper_strings(path))
    return sorted(set(found))


def write(
    ts: Path,
    language: str,
    messages: list[tuple[str, str]],
    translations: dict[tuple[str, str], str],
) -> int:
    """Write ``ts``; returns how many strings still lack a translation."""
    root = ET.Element("TS", version="2.1", language=language)
    missing = 0
    by_context: dict[str, list[str]] = {}
    for context, source in messages:
        by_context.setdefault(context, []).append(source)
    for context in sorted(by_context):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source in by_context[context]:
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = source
            text = translations.get((context, source))
            translation = ET.SubElement(message, "translation")
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
                missing += 1
    ET.indent(root)
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n",
        encoding="utf-8",
    )
    return missing


def update(extra: dict[tuple[str, str], str] | None = None) -> dict[str, int]:
    """Refresh every .ts; ``extra`` adds translations (context, source) -> text."""
    messages = collect()
    result = {}
    for ts in sorted(TS_DIR.glob("counterdesk_*.ts")):
        language = ts.stem.removeprefix("counterdesk_")
        known = _read(ts)
        known.update(extra or {})
        result[language] = write(ts, language, messages, known)
    return result


if __name__ == "__main__":
    print(update())
