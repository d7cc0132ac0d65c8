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
import importlib
import sys
from collections.abc import Sequence

# subcommand -> (module providing register(), one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "store": ("offline.cli", "加密数据库维护 / encrypted store maintenance"),
    "sync": ("sync.cli", "同步一次 / run one sync pass"),
    "status": ("sync.cli", "同步状态 / show sync status"),
    "doctor": ("sync.doctor", "自检 / check keyring, store and platform link"),
    "diagnostics": ("sync.diagnostics", "导出诊断包 / export a diagnostics zip"),
}


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
    if command is None or command.startswith("-"):
        return _gui(args_list)
    if command not in COMMANDS:
        parser = _overview()
        parser.print_usage(sys.stderr)
        print(f"未知命令 / unknown command: {command}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[command][0])
    parser = argparse.ArgumentParser(prog="counterdesk")
    module.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(args_list)
    runner = getattr(module, "run", None)
    code = runner(args) if callable(runner) else args.func(args)
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
