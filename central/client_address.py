"""The caller's address for per-address limits, with `X-Forwarded-For` trusted only from
configured proxies.

Anyone can send an `X-Forwarded-For` header. Believing it from every peer (uvicorn's
default believes it from loopback) lets one machine rotate the header and look like many
addresses, escaping the per-address login limit. So the header counts only when the TCP
peer is a configured proxy (`Settings.trusted_proxies`, addresses or CIDR networks). Each
proxy appends the address it received the request from, so the list is read from the
right: trusted proxy hops are skipped and the first untrusted hop is the client. Hops to its
left were written by the client itself and prove nothing.

The server must run with uvicorn's own proxy-header rewriting switched off
(`proxy_headers=False`), or the peer address seen here is already the forged one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "?"


@lru_cache(maxsize=32)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """`192.0.2.10`, `10.0.0.0/8`, `::1` ... as networks; raises ValueError on a bad entry."""
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:5000"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in net for net in networks)


def client_address(
    peer: str | None, forwarded_for: list[str], trusted_proxies: tuple[str, ...]
) -> str:
    """The address a request is counted under.

    `peer` is the TCP peer, `forwarded_for` every `X-Forwarded-For` header value in order.
    Without a trusted peer the header is ignored. Otherwise the right-most hop that is not
    itself a trusted proxy is the client; a malformed hop ends the walk there (it cannot be
    vouched for, and it stands for whoever sent it)."""
    if not peer:
        return UNKNOWN
    networks = parse_networks(trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [h.strip() for value in forwarded_for for h in value.split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            return hop[:64]
        if not any(ip in net for net in networks):
            return str(ip)
    # every hop is a trusted proxy (or there is no header): the left-most one is the best
    # knowledge there is, the peer itself when the header is absent
    first = _ip(hops[0]) if hops else None
    return str(first) if first is not None else peer
