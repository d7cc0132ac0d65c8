"""Refresh ``counterdesk_resources/i18n/*.ts`` from the source: ``python -m ui.i18n_tools``.

Three ways of marking text reach the translator:

* ``self.tr("…")`` in a QObject subclass (context = the class name);
* ``QCoreApplication.translate("<Context>", "…")`` written out;
* a module-level helper such as ``_tr(text)`` whose body calls
  ``QCoreApplication.translate("<Context>", text)``. ``pyside6-lupdate`` cannot follow a
  helper, so its literal call sites are read from the syntax tree here (any helper name).

``pyside6-lupdate`` runs over every module of ``ui/`` and the syntax-tree pass adds what it
cannot see; the union is written. A call with a count (``self.tr("%n files", "", n)``)
becomes a plural (numerus) message; Chinese has one plural form. Existing translations are
kept; new strings arrive as ``unfinished`` for a translator (Qt Linguist) to fill, and
strings gone from the source are dropped (git keeps their history).

:func:`untranslatable` lists calls whose text is not a literal (an f-string, a variable):
no tool can extract those, so the i18n test rejects them.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

from ui.i18n import ROOT, TS_DIR

UI_DIR = ROOT / "ui"
_APPS = {"QCoreApplication", "QApplication", "QGuiApplication"}


class Message(NamedTuple):
    """One translatable string as Qt looks it up."""

    context: str
    source: str
    comment: str = ""  # disambiguation
    numerus: bool = False


class _Helper(NamedTuple):
    context: str
    numerus: bool


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_translate(call: ast.Call) -> bool:
    """``QCoreApplication.translate(…)`` (or QApplication / QGuiApplication)."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "translate"
        and isinstance(func.value, ast.Name)
        and func.value.id in _APPS
    )


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _helpers(tree: ast.Module) -> dict[str, _Helper]:
    """Module-level functions (or lambdas) that wrap ``translate`` with a fixed context."""
    found: dict[str, _Helper] = {}
    for node in tree.body:
        params: ast.arguments
        body: ast.AST
        if isinstance(node, ast.FunctionDef):
            name, params, body = node.name, node.args, node
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Lambda)
        ):
            name, params, body = node.targets[0].id, node.value.args, node.value
        else:
            continue
        names = {a.arg for a in params.posonlyargs + params.args}
        for call in ast.walk(body):
            if not (isinstance(call, ast.Call) and _is_translate(call)):
                continue
            context = _literal(_argument(call, 0, "context"))
            text = _argument(call, 1, "sourceText")
            if context is not None and isinstance(text, ast.Name) and text.id in names:
                count = _argument(call, 3, "n")
                found[name] = _Helper(context, count is not None)
                break
    return found


def _helper_messages(tree: ast.Module) -> list[Message]:
    helpers = _helpers(tree)
    found: list[Message] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            helper = helpers.get(node.func.id)
            text = _literal(node.args[0]) if node.args else None
            if helper is not None and text is not None:
                found.append(Message(helper.context, text, "", helper.numerus))
    return found


def helper_strings(path: Path) -> list[tuple[str, str]]:
    """(context, source) of every literal call of a module's translate helper(s)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(m.context, m.source) for m in _helper_messages(tree)]


class _Calls(ast.NodeVisitor):
    """Walks a module: literal tr/translate calls, and calls no tool can extract."""

    def __init__(self, path: Path, tree: ast.Module) -> None:
        self.path = path
        self.helpers = _helpers(tree)
        self.helper_nodes = {
            id(n)
            for n in tree.body
            if isinstance(n, ast.FunctionDef | ast.Assign)
            and (getattr(n, "name", None) in self.helpers or self._assigns_helper(n))
        }
        self.classes: list[str] = []
        self.messages: list[Message] = []
        self.problems: list[str] = []

    def _assigns_helper(self, node: ast.stmt) -> bool:
        return isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in self.helpers for t in node.targets
        )

    def _problem(self, node: ast.Call, why: str) -> None:
        where = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        self.problems.append(f"{where}:{node.lineno}: {why}: {ast.unparse(node)[:80]}")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if id(node) not in self.helper_nodes:
            self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if id(node) not in self.helper_nodes:
            self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "tr":
            self._tr(node, func)
        elif _is_translate(node):
            context = _literal(_argument(node, 0, "context"))
            text = _literal(_argument(node, 1, "sourceText"))
            if context is None or text is None:
                self._problem(node, "translate() needs a literal context and text")
            else:
                comment = _literal(_argument(node, 2, "disambiguation")) or ""
                numerus = _argument(node, 3, "n") is not None
                self.messages.append(Message(context, text, comment, numerus))
        elif (
            isinstance(func, ast.Name)
            and func.id in self.helpers
            and (not node.args or _literal(node.args[0]) is None)
        ):
            self._problem(node, f"{func.id}() needs a literal string")
        self.generic_visit(node)

    def _tr(self, node: ast.Call, func: ast.Attribute) -> None:
        if not (isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")):
            self._problem(node, "tr() on another object: call self.tr in that class")
            return
        text = _literal(_argument(node, 0, "sourceText"))
        if not self.classes:
            self._problem(node, "self.tr() outside a class")
        elif text is None:
            self._problem(node, "tr() needs a literal string")
        else:
            comment = _literal(_argument(node, 1, "disambiguation")) or ""
            numerus = _argument(node, 2, "n") is not None
            self.messages.append(Message(self.classes[-1], text, comment, numerus))


def _scan(path: Path) -> _Calls:
    return _scan_version(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _scan_version(path: Path, mtime_ns: int) -> _Calls:
    """One parse per file version (the tests ask several questions of the same tree)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = _Calls(path, tree)
    calls.visit(tree)
    calls.messages.extend(_helper_messages(tree))
    return calls


def sources() -> list[Path]:
    """Every Python module of the UI (all subpackages)."""
    return sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def ast_messages(paths: list[Path] | None = None) -> set[Message]:
    """Every translatable string found in the syntax tree (fast; no subprocess)."""
    return {m for p in paths or sources() for m in _scan(p).messages}


def untranslatable(paths: list[Path] | None = None) -> list[str]:
    """tr / translate / helper calls whose text cannot be extracted, as ``file:line: why``."""
    return [problem for p in paths or sources() for problem in _scan(p).problems]


def lupdate_messages(paths: list[Path]) -> set[Message]:
    """What ``pyside6-lupdate`` extracts from ``paths``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lupdate.ts"
        lupdate = Path(sys.executable).parent / "pyside6-lupdate"
        subprocess.run(
            [str(lupdate), *map(str, paths), "-ts", str(out)], check=True, capture_output=True
        )
        return {
            Message(
                ctx.findtext("name") or "",
                m.findtext("source") or "",
                m.findtext("comment") or "",
                m.get("numerus") == "yes",
            )
            for ctx in ET.parse(out).getroot().iter("context")
            for m in ctx.iter("message")
        }


def collect() -> list[Message]:
    """lupdate's messages plus what only the syntax tree shows, sorted, one per key."""
    paths = sources()
    merged: dict[tuple[str, str, str], Message] = {}
    for message in sorted(lupdate_messages(paths) | ast_messages(paths)):
        key = (message.context, message.source, message.comment)
        seen = merged.get(key)
        merged[key] = (
            message if seen is None else seen._replace(numerus=seen.numerus or message.numerus)
        )
    return sorted(merged.values())


def read_translations(ts: Path) -> dict[tuple[str, str, str], str]:
    """Finished translations of one .ts: (context, source, comment) -> text."""
    if not ts.exists():
        return {}
    done: dict[tuple[str, str, str], str] = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for message in ctx.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")]
            text = forms[0] if forms else translation.text
            if text:
                key = (name, message.findtext("source") or "", message.findtext("comment") or "")
                done[key] = text
    return done


def write(
    ts: Path,
    language: str,
    messages: list[Message],
    translations: dict[tuple[str, str, str], str],
) -> int:
    """Write ``ts``; returns how many strings still lack a translation."""
    root = ET.Element("TS", version="2.1", language=language)
    missing = 0
    by_context: dict[str, list[Message]] = {}
    for message in messages:
        by_context.setdefault(message.context, []).append(message)
    for context in sorted(by_context):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for m in by_context[context]:
            element = ET.SubElement(ctx, "message")
            if m.numerus:
                element.set("numerus", "yes")
            ET.SubElement(element, "source").text = m.source
            if m.comment:
                ET.SubElement(element, "comment").text = m.comment
            text = translations.get((m.context, m.source, m.comment))
            translation = ET.SubElement(element, "translation")
            if not text:
                translation.set("type", "unfinished")
                missing += 1
            if m.numerus:  # one plural form in Chinese
                ET.SubElement(translation, "numerusform").text = text or None
            elif text:
                translation.text = text
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
        known = read_translations(ts)
        known.update({(c, s, ""): t for (c, s), t in (extra or {}).items()})
        result[language] = write(ts, language, messages, known)
    return result


if __name__ == "__main__":
    print(update())
