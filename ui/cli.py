"""The `counterdesk` console script: a Qt-free dispatcher that imports lazily.

Importing this module pulls in only argparse: the chosen subcommand's module is imported
when it runs, so `counterdesk store info` starts fast and works on machines without a
display. Without a subcommand (or with only GUI options such as ``--profile``) it opens
the desktop app through ``ui.app.run`` — imported only then, so Qt never loads for a
subcommand; ``counterdesk --help`` lists the subcommands.
Each subcommand module offers ``register(subparsers)`` (setting ``func`` per command);
modules with their own ``run(args)`` get it called to map errors to exit codes.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

# subcommand -> (module providing register(), one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "store": ("offline.cli", "加密数据库维护 / encrypted store maintenance"),
    "sync": ("sync.cli", "同步一次 / run one sync pass"),
    "status": ("sync.cli", "同步状态 / show sync status"),
    "doctor": ("sync.doctor", "自检 / check keyring, store and platform link"),
    "diagnostics": ("sync.diagnostics", "导出诊断包 / export a diagnostics zip"),
}


VERBOSE_FLAGS = ("-v", "--verbose")


@contextlib.contextmanager
def _command_logging(args: argparse.Namespace, *, verbose: bool) -> Iterator[None]:
    """While a command runs, engine details, retries and other log lines go to the
    profile's masked log file, not to the terminal, unless --verbose asks for them there
    too. Without any handler Python would print warnings bare on stderr (stamina's retry
    notes, for one). The handlers are removed afterwards, so in-process callers (tests)
    do not collect them."""
    import logging

    root = logging.getLogger()
    level = root.level
    added: list[logging.Handler] = []
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if verbose:
        added.append(logging.StreamHandler(sys.stderr))
        root.addHandler(added[-1])
    folder = _profile_folder(args)
    if folder is not None:
        from ui.logs import setup_logging

        added.append(setup_logging(folder / "logs"))
    if not root.handlers:
        added.append(logging.NullHandler())
        root.addHandler(added[-1])
    try:
        yield
    finally:
        for handler in added:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


def _profile_folder(args: argparse.Namespace) -> Path | None:
    """The named profile's existing folder (a log is never the reason a folder appears)."""
    profile = getattr(args, "profile", None)
    if not profile:
        return None
    from offline.store import paths

    try:
        folder = paths.profile_dir(profile, getattr(args, "data_dir", None))
    except Exception:  # a bad profile name is the command's to report
        return None
    return folder if folder.is_dir() else None


def _overview() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counterdesk",
        description="窗口通 CounterDesk — 政务服务窗口离线收件 / "
        "offline-first desktop client for government service counters",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def _gui(argv: list[str]) -> int:
    """The desktop app (Qt is imported here and nowhere else in this module)."""
    app = importlib.import_module("ui.app")
    return int(app.run(argv) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse argv, import only the chosen subcommand's module, run it."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list else None
    if command in ("-h", "--help"):
        _overview().print_help()
        return 0
    if "--self-test" in args_list:
        return int(importlib.import_module("ui.self_test").main(args_list))
    if command is None or command.startswith("-"):
        return _gui(args_list)
    if command not in COMMANDS:
        parser = _overview()
        parser.print_usage(sys.stderr)
        print(f"未知命令 / unknown command: {command}", file=sys.stderr)
        return 2
    verbose = any(a in VERBOSE_FLAGS for a in args_list)
    args_list = [a for a in args_list if a not in VERBOSE_FLAGS]
    module = importlib.import_module(COMMANDS[command][0])
    parser = argparse.ArgumentParser(prog="counterdesk")
    module.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(args_list)
    runner = getattr(module, "run", None)
    with _command_logging(args, verbose=verbose):
        code = runner(args) if callable(runner) else args.func(args)
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
