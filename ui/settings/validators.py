"""Checks for the connection settings a supervisor types in, each with a bilingual reason.

Qt-free so the settings model (and its tests) can use them without a window. Each check
returns None when the value is usable, else an :class:`Issue` whose zh_CN/English text is
shown inline beside the field; nothing is saved while any check fails.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import truststore

from client import urls
from client.urls import LOOPBACK_NAMES, is_loopback

__all__ = ["LOOPBACK_NAMES", "Issue", "check_platform_url", "is_loopback"]

MAX_CA_BYTES = 2 * 1024 * 1024
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


@dataclass(frozen=True)
class Issue:
    """Why one field's value was refused."""

    field: str
    code: str
    zh: str
    en: str

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


def _split(url: str) -> tuple[SplitResult | None, str | None]:
    """urlsplit plus host/port parsing; (None, None) when the text is not a URL at all."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None, None
    return parts, parts.hostname


def check_platform_url(url: object, field: str = "platform_url") -> Issue | None:
    """The client's own rule (``client.urls``): https for real platforms, plain http only
    for a platform on this computer, no credentials, query or fragment."""
    problem = urls.check_platform_url(url)
    return None if problem is None else Issue(field, problem.code, problem.zh, problem.en)


def check_proxy_url(url: str, field: str = "proxy_url") -> Issue | None:
    """A manual proxy: scheme, host and port, and no password (secrets never go to disk)."""
    parts, host = _split(url)
    if parts is None or parts.scheme not in PROXY_SCHEMES or not host:
        return Issue(
            field,
            "bad_proxy",
            "代理地址无效，应形如 http://proxy.example.gov.cn:8080",
            "The proxy address is invalid; it looks like http://proxy.example.gov.cn:8080",
        )
    if parts.username or parts.password:
        return Issue(
            field,
            "proxy_credentials",
            "代理地址不能包含用户名或密码（设置文件不保存密码）。请使用无需密码的代理或系统代理。",
            "The proxy address must not contain a user name or password (settings never "
            "hold secrets); use a proxy without a password, or the system proxy.",
        )
    if parts.port is None and parts.scheme in ("socks5", "socks5h"):
        return Issue(
            field,
            "bad_proxy",
            "SOCKS 代理需要端口号，例如 socks5://10.0.0.1:1080",
            "A SOCKS proxy needs a port, for example socks5://10.0.0.1:1080",
        )
    return None


def _ca_issue(field: str, zh: str, en: str) -> Issue:
    return Issue(field, "bad_ca_bundle", zh, en)


def check_ca_bundle(path_text: str, field: str = "ca_bundle") -> Issue | None:
    """A PEM file with at least one certificate, loadable the way the client loads it."""
    path = Path(path_text.strip()).expanduser()
    if not path.is_file():
        return _ca_issue(
            field, f"找不到证书文件：{path}", f"The certificate file does not exist: {path}"
        )
    try:
        raw = path.read_bytes()[: MAX_CA_BYTES + 1]
    except OSError as exc:
        return _ca_issue(
            field,
            f"无法读取证书文件：{exc.strerror or exc}",
            f"The certificate file cannot be read: {exc.strerror or exc}",
        )
    if len(raw) > MAX_CA_BYTES:
        return _ca_issue(
            field,
            "证书文件过大（超过 2 MB），不像是 CA 证书包。",
            "The certificate file is too large (over 2 MB) to be a CA bundle.",
        )
    text = raw.decode("ascii", errors="replace")
    if "PRIVATE KEY-----" in text:
        return _ca_issue(
            field,
            "该文件含有私钥，不能作为 CA 证书包使用；请只选择 CA 证书（.pem/.crt）。",
            "The file contains a private key and cannot be used as a CA bundle; choose the "
            "CA certificate only (.pem/.crt).",
        )
    count = _certificate_count(path)
    if count < 1:
        return _ca_issue(
            field,
            "不是有效的 PEM 证书文件（至少需要一个“-----BEGIN CERTIFICATE-----”证书）。",
            "Not a valid PEM certificate file (at least one '-----BEGIN CERTIFICATE-----' "
            "certificate is needed).",
        )
    return None


def _certificate_count(path: Path) -> int:
    """Certificates OpenSSL loads from ``path`` (0 when none or unparsable)."""
    try:
        # the same call the client's transport makes (client/transport.py)
        truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=str(path))
        plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        plain.load_verify_locations(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError):
        return 0
    return int(plain.cert_store_stats().get("x509", 0))


def check_int(
    value: object, low: int, high: int, field: str, zh_name: str, en_name: str
) -> Issue | None:
    """A whole number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        number = None
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
    if number is None or not low <= number <= high:
        return Issue(
            field,
            "out_of_range",
            f"{zh_name}应为 {low} 到 {high} 之间的整数。",
            f"{en_name} must be a whole number from {low} to {high}.",
        )
    return None
