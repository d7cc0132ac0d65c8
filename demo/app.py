"""``make demo``: the reference platform plus a ready demo profile, in one command.

Starts ``python -m central serve --seed demo --auto-back-office`` on a free loopback
port, creates (or reuses) the ``demo`` profile, registers it as a terminal of the city
service hall with a demo clerk, then opens the app at the sign-in page with the demo
accounts listed. The demo profile is recorded as a demo profile when it is created
(``profile.json``), and only that record lets it keep its secrets in a plain file-backed
keyring *inside the profile* — an explicit, visibly marked choice (the 演示/DEMO banner)
that a real profile never makes. Nothing is put in the environment, so the platform
subprocess (and anything else started from here) inherits no such permission. Closing
the app stops the platform subprocess.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import keyring

from central.runner import ProcessServer, start_subprocess
from central.seed import DEMO_USERS
from client.api import PlatformClient
from client.settings import ClientSettings
from offline.profile_kind import ProfileKind
from offline.store.file_keyring import ProfileFileKeyring
from offline.store.opening import open_profile
from ui.options import AppOptions
from ui.profile import Profile, Registration

log = logging.getLogger(__name__)

DEMO_PROFILE = "demo"
DEMO_OFFICE = "520102"
SETUP_USER = "nm-super"  # registering a terminal needs a supervisor
ROLE_LABELS = {"clerk": "窗口人员 clerk", "supervisor": "负责人 supervisor"}


def use_profile_keyring(profile: Profile) -> ProfileFileKeyring:
    """Secrets of the demo profile go to a file inside it (never the user's real keyring).
    The store accepts that file only because the profile is recorded as a demo one."""
    profile.ensure(ProfileKind.demo)
    backend = ProfileFileKeyring(profile.demo_keyring_path)
    keyring.set_keyring(backend)
    return backend


def demo_accounts(office: str = DEMO_OFFICE) -> list[tuple[str, str, str]]:
    """(user name, password, role) of the demo office's staff, for the sign-in page."""
    return [
        (u.username, u.password, ROLE_LABELS.get(u.roles[-1], u.roles[-1]))
        for u in DEMO_USERS
        if u.office_code == office
    ]


async def register_demo_terminal(profile: Profile, base_url: str) -> Registration:
    """First-run for the demo without typing: sign in once as the demo office's supervisor
    (registering a terminal needs one) and register the terminal with its key."""
    store = open_profile(profile.name, profile.root.parent.parent, create=True)
    try:
        settings = ClientSettings(base_url=base_url, profile=profile.name)
        user = next(u for u in DEMO_USERS if u.username == SETUP_USER)
        async with PlatformClient(settings, username=user.username) as client:
            await client.login(user.username, user.password, store.device_id)
            client.use_device_key(store.device_id, store.device_credential())
            info = await client.register_device(store.device_id, name="CounterDesk demo")
            catalog = await client.catalog(None)
            await client.logout()
        if store.terminal_code != info.terminal_code or store.office_code != info.office_code:
            store.register_device(info.office_code, info.terminal_code)
        office_name = ""
        if catalog is not None:
            store.save_catalog(catalog.model_dump(mode="json"))
            office_name = catalog.office.name
        registration = Registration(
            platform_url=base_url,
            office_code=info.office_code,
            office_name=office_name,
            device_id=store.device_id,
            terminal_code=info.terminal_code,
            demo=True,
        )
        profile.save_registration(registration)
        return registration
    finally:
        store.close()


def start_platform(profile: Profile, *, review_delay: float = 20.0) -> ProcessServer:
    """The demo platform's database lives in the demo profile, so it survives restarts."""
    return start_subprocess(
        profile.root / "platform.db",
        seed_demo=True,
        auto_back_office=True,
        extra=[
            *("--review-delay", str(review_delay), "--decision-delay", str(review_delay)),
            # the platform stops by itself if the app dies without closing it
            *("--exit-with-parent", str(os.getpid())),
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counterdesk demo", description="窗口通 演示 / demo")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--review-delay", type=float, default=20.0)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    profile = Profile.locate(DEMO_PROFILE, args.data_dir).ensure(ProfileKind.demo)
    use_profile_keyring(profile)
    server = start_platform(profile, review_delay=args.review_delay)
    try:
        # The platform's port changes every run: re-register (idempotent per device).
        try:
            asyncio.run(register_demo_terminal(profile, server.base_url))
        except Exception as exc:  # any failure here: the demo profile is throwaway
            log.exception("demo profile could not be opened")
            print(
                f"演示配置无法打开（{type(exc).__name__}）。演示数据可随时重建：删除 "
                f"{profile.root} 后重新运行 make demo。\n"
                f"The demo profile could not be opened ({type(exc).__name__}). Demo data is "
                f"throwaway: delete {profile.root} and run make demo again.",
                file=sys.stderr,
            )
            return 2
        options = AppOptions(
            profile=profile,
            platform_url=server.base_url,
            demo=True,
            demo_accounts=demo_accounts(),
        )
        from ui.app import run

        argv_out = ["--profile", profile.name, "--lang", args.lang]
        if args.data_dir is not None:
            argv_out += ["--data-dir", str(args.data_dir)]
        return run(argv_out, options=options)
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
