"""The one check of a platform address, used by the client's settings and every form.

Rules (each refusal carries a code and a zh_CN/English reason; no input raises):
- ``https://host[:port][/path]``; plain ``http`` only for a platform on this computer
  (``localhost``, 127.0.0.0/8, ``::1``), i.e. the demo and test platforms: a clerk's
  password and every citizen's data cross the network only over TLS;
- no user name or password in the address (it is saved to disk in the profile, and
  secrets live only in the OS keyring), no query and no ``#`` fragment;
- a valid port, and no spaces or control characters.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

LOOPBACK_NAMES = frozenset({"localhost"})
MAX_URL_CHARS = 2048


@dataclass(frozen=True)
class UrlProblem:
    """Why an address was refused."""

    code: str
    zh: str
    en: str

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


class InvalidPlatformUrl(ValueError):
    """Raised by ``ClientSettings`` for an address :func:`check_platform_url` refuses."""

    def __init__(self, problem: UrlProblem) -> None:
        super().__init__(f"{problem.zh} / {problem.en}")
        self.code = problem.code
        self.zh = problem.zh
        self.en = problem.en

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_BAD = UrlProblem(
    "bad_url",
    "平台地址无效，应形如 https://zwfw.example.gov.cn",
    "The platform address is invalid; it looks like https://zwfw.example.gov.cn",
)


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return parts


def check_platform_url(url: object) -> UrlProblem | None:
    """None when ``url`` is a usable platform address, else why not."""
    if not isinstance(url, str) or not url.strip() or len(url) > MAX_URL_CHARS:
        return _BAD
    text = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return _BAD
    parts = _split(text)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return _BAD
    if "@" in parts.netloc or parts.username or parts.password or parts.query or parts.fragment:
        return UrlProblem(
            "bad_url",
            "平台地址不能包含用户名、密码、查询参数或 # 片段。",
            "The platform address must not contain a user name, password, query or fragment.",
        )
    if parts.scheme.lower() == "http" and not is_loopback(parts.hostname):
        return UrlProblem(
            "http_not_loopback",
            "只有本机的演示平台（localhost、127.0.0.1、::1）可以用 http；正式平台必须用 https。",
            "Plain http is allowed only for a platform on this computer (localhost, "
            "127.0.0.1, ::1); a real platform must use https.",
        )
    return None
