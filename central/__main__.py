"""Command line of the reference platform: `serve`, `seed`, `bump-epoch`, `openapi`,
`calendar`."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path


def _min_client_version(text: str) -> str:
    from central.client_version import check_minimum

    try:
        minimum = check_minimum(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if minimum is None:
        raise argparse.ArgumentTypeError("--min-client-version needs a version, e.g. 0.2.0")
    return minimum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m central", description="CounterDesk reference platform"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the API server")
    serve.add_argument("--db", type=Path, required=True)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--seed", choices=["demo"], default=None)
    serve.add_argument("--auto-back-office", action="store_true")
    serve.add_argument(
        "--review-delay",
        type=float,
        default=5.0,
        help="seconds before an accepted application goes to review",
    )
    serve.add_argument(
        "--decision-delay",
        type=float,
        default=5.0,
        help="seconds under review before the automatic decision",
    )
    serve.add_argument("--access-ttl", type=int, default=15 * 60)
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS_OR_CIDR",
        help="a reverse proxy whose X-Forwarded-For header is believed (repeatable);"
        " without one, every request counts under its TCP peer address",
    )
    serve.add_argument(
        "--partial-upload-hours",
        type=float,
        default=24.0,
        help="hours after its last chunk that an unfinished attachment upload is dropped",
    )
    serve.add_argument(
        "--office-blob-quota-mb",
        type=int,
        default=None,
        help="attachment storage per office in MB, unfinished uploads included",
    )
    serve.add_argument(
        "--max-terminals", type=int, default=50, help="active terminals an office may register"
    )
    serve.add_argument(
        "--no-verify-signatures",
        action="store_true",
        help="benchmarks only: skip checking actors' signatures (to measure their cost)",
    )
    serve.add_argument(
        "--min-client-version",
        type=_min_client_version,
        default=None,
        metavar="X.Y.Z",
        help="refuse sync from CounterDesk versions below this (426 upgrade_required);"
        " the refused counters keep working offline and keep their pending work",
    )
    serve.add_argument(
        "--exit-with-parent",
        type=int,
        default=None,
        metavar="PID",
        help="stop when process PID (the launcher) is gone",
    )
    seed_cmd = sub.add_parser("seed", help="load the demo offices, users and catalog")
    seed_cmd.add_argument("--db", type=Path, required=True)
    bump = sub.add_parser("bump-epoch", help="compact the change log and start a new epoch")
    bump.add_argument("--db", type=Path, required=True)
    cal = sub.add_parser(
        "calendar",
        help="publish working-day calendar data (JSON {version, days: {date: workday}}) "
        "and fill in due dates it makes known",
    )
    cal.add_argument("--db", type=Path, required=True)
    cal.add_argument("--file", type=Path, required=True)
    audit = sub.add_parser(
        "verify-audit", help="verify an exported audit log (JSON lines) against registered keys"
    )
    audit.add_argument("file", type=Path)
    audit.add_argument("--db", type=Path, required=True)
    spec = sub.add_parser("openapi", help="print or write the OpenAPI document")
    spec.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.command == "seed":
        from central.seed import seed

        seed(args.db)
        return 0
    if args.command == "verify-audit":
        from central.audit_check import main as verify_audit

        return verify_audit(args.db, args.file)
    if args.command == "bump-epoch":
        from central.admin import bump_epoch

        print(bump_epoch(args.db))
        return 0
    if args.command == "calendar":
        from central.calendar_publish import publish_file

        print(json.dumps({"due_dates_filled": publish_file(args.db, args.file)}))
        return 0
    if args.command == "openapi":
        from central.openapi import render

        text = render()
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0

    from central.client_address import parse_networks

    try:  # before anything is started or written
        parse_networks(tuple(args.trusted_proxy))
    except ValueError as exc:
        parser.error(f"--trusted-proxy: {exc}")

    import uvicorn

    from central.app import create_app
    from central.seed import seed
    from central.settings import Settings

    if args.exit_with_parent is not None:
        from central.parent_watch import watch_parent

        watch_parent(args.exit_with_parent)
    if args.seed == "demo":
        seed(args.db)
    quota = (
        {}
        if args.office_blob_quota_mb is None
        else {"office_blob_quota": args.office_blob_quota_mb * 1024 * 1024}
    )
    settings = Settings(
        db_path=args.db,
        trusted_proxies=tuple(args.trusted_proxy),
        partial_upload_ttl=args.partial_upload_hours * 3600,
        **quota,
        auto_back_office=args.auto_back_office,
        auto_review_delay=args.review_delay,
        auto_decision_delay=args.decision_delay,
        access_ttl=args.access_ttl,
        max_terminals_per_office=args.max_terminals,
        verify_signatures=not args.no_verify_signatures,
        min_client_version=args.min_client_version,
    )
    print(json.dumps({"listening": f"http://{args.host}:{args.port}"}), flush=True)
    app = create_app(settings)
    # Everything loaded so far (FastAPI, pydantic schemas, the domain) lives as long as the
    # process: keep it out of the collector's full passes, which a push of 1,000 creates
    # (~150,000 new containers) would otherwise trigger over all of it.
    gc.collect()
    gc.freeze()
    # proxy_headers off: uvicorn would believe X-Forwarded-For from loopback; the platform
    # itself decides whom to believe (central.client_address, --trusted-proxy)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
