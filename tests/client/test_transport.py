"""Transport settings against real sockets: proxies (settings and environment), TLS trust
with an extra CA bundle, and refusal to disable TLS checks for a non-loopback host."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from central.runner import free_port
from client.errors import CertificateUntrusted, ServerError, Unreachable
from client.settings import ClientSettings, RetryPolicy
from client.transport import build_http_client, network_transport
from client.wire import SCHEMA_HEADER

# plain http is allowed only for loopback (client.urls); a closed loopback port stands in
# for a platform that only the proxy can reach
CLOSED = f"http://127.0.0.1:{free_port()}"

NO_RETRY = RetryPolicy(attempts=1, timeout=5)


class RecordingProxy:
    """A real TCP listener that records the request line it gets and answers 502."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.headers: list[str] = []
        self.server: asyncio.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        first, *rest = head.decode("latin-1").split("\r\n")
        self.lines.append(first)
        self.headers.extend(rest)
        writer.write(
            b"HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\n"
            b"content-length: 9\r\nconnection: close\r\n\r\nbad proxy"
        )
        await writer.drain()
        writer.close()

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


@pytest_asyncio.fixture
async def proxy() -> AsyncIterator[tuple[RecordingProxy, str]]:
    p = RecordingProxy()
    url = await p.start()
    yield p, url
    await p.stop()


@pytest.mark.asyncio
async def test_proxy_from_settings_is_used(proxy: tuple[RecordingProxy, str]) -> None:
    recorder, url = proxy
    settings = ClientSettings(CLOSED, proxy=url, trust_env=False)
    async with build_http_client(settings) as http:
        response = await http.get("/health")
    assert response.status_code == 502
    assert recorder.lines == [f"GET {CLOSED}/api/v1/health HTTP/1.1"]
    assert f"{SCHEMA_HEADER}: 1".lower() in [h.lower() for h in recorder.headers]


@pytest.mark.asyncio
async def test_proxy_from_environment_only_when_trusted(
    proxy: tuple[RecordingProxy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder, url = proxy
    monkeypatch.setenv("HTTP_PROXY", url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    trusted = ClientSettings(CLOSED, trust_env=True)
    async with build_http_client(trusted) as http:
        assert (await http.get("/health")).status_code == 502
    assert len(recorder.lines) == 1

    from client.api import PlatformClient

    untrusted = ClientSettings(CLOSED, trust_env=False, retry=NO_RETRY)
    async with PlatformClient(untrusted) as api:
        with pytest.raises(Unreachable):  # straight to the closed port
            await api.health()
    assert len(recorder.lines) == 1


@pytest.mark.asyncio
async def test_gateway_html_through_proxy_is_a_server_error(
    proxy: tuple[RecordingProxy, str],
) -> None:
    from client.api import PlatformClient

    _recorder, url = proxy
    settings = ClientSettings(CLOSED, proxy=url, retry=NO_RETRY)
    async with PlatformClient(settings) as api:
        with pytest.raises(ServerError) as info:
            await api.health()
    assert info.value.status == 502 and info.value.transient
    assert "平台" in info.value.message() and "platform" in info.value.message("en")


def test_tls_checks_stay_on_except_loopback() -> None:
    with pytest.raises(ValueError):
        network_transport(ClientSettings("https://platform.example.cn", verify_tls=False))
    network_transport(ClientSettings("https://127.0.0.1:8443", verify_tls=False))


def _make_ca_and_leaf(tmp: Path) -> tuple[Path, Path, Path]:
    """A private root CA (as government networks use) and a leaf for 127.0.0.1."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Gov Root CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, leaf_pem, key_pem = tmp / "ca.pem", tmp / "leaf.pem", tmp / "leaf.key"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    leaf_pem.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_pem, leaf_pem, key_pem


@pytest.mark.asyncio
async def test_private_root_ca_trusted_only_with_extra_bundle(tmp_path: Path) -> None:
    ca_pem, leaf_pem, key_pem = _make_ca_and_leaf(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(leaf_pem, key_pem)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            body = b'{"status":"ok","epoch":1,"schema_versions":[1]}'
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (ssl.SSLError, ConnectionError, asyncio.IncompleteReadError):
            pass  # the untrusting client hangs up during the handshake
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    from client.api import PlatformClient

    try:
        plain = ClientSettings(f"https://127.0.0.1:{port}", retry=NO_RETRY, trust_env=False)
        async with PlatformClient(plain) as api:
            with pytest.raises(CertificateUntrusted) as info:
                await api.health()
        assert not info.value.transient and "证书" in info.value.message()
        extra = ClientSettings(
            f"https://127.0.0.1:{port}", retry=NO_RETRY, trust_env=False, extra_ca_bundle=ca_pem
        )
        async with PlatformClient(extra) as api:
            health = await api.health()
        assert health.epoch == 1
    finally:
        server.close()
        await server.wait_closed()
