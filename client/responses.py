"""Turn an httpx response or exception into a validated wire model or a typed error.

The contract is the only thing trusted: a body that is not JSON (a captive portal's
login page, a proxy's error page), truncated JSON or JSON of the wrong shape becomes a
:class:`~client.errors.ProtocolError` before any of it reaches the caller, so nothing is
ever half-applied. Validation messages name the field and the problem, never the value
(values may hold personal data).

Bodies are parsed with orjson and then validated as Python data: for a 5,000-change pull
page (8 MB) that takes about two thirds of the time of pydantic's own JSON parser, and
the validation is the same model with the same rules.
"""

from __future__ import annotations

import ssl
from typing import TypeVar

import httpx
import orjson
from pydantic import BaseModel, ValidationError

from client.errors import (
    AuthExpired,
    CertificateUntrusted,
    ClientError,
    Conflict,
    Forbidden,
    InvalidCredentials,
    InvalidRequest,
    NotFound,
    NotModified,
    ProtocolError,
    RateLimited,
    SeqGap,
    ServerError,
    Timeout,
    Unreachable,
    UpgradeRequired,
)
from client.wire import ErrorBody

M = TypeVar("M", bound=BaseModel)

_BY_STATUS: dict[int, type[ClientError]] = {
    400: InvalidRequest,
    401: AuthExpired,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: InvalidRequest,
    422: InvalidRequest,
    426: UpgradeRequired,
    429: RateLimited,
}
_BY_CODE: dict[str, type[ClientError]] = {
    "upgrade_required": UpgradeRequired,
    "bad_credentials": InvalidCredentials,
    "seq_gap": SeqGap,
}


def is_json(response: httpx.Response) -> bool:
    ctype = str(response.headers.get("content-type", "")).split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def describe(exc: ValidationError, limit: int = 3) -> str:
    """Field locations and problem kinds of a validation error, without input values."""
    parts = [
        f"{'.'.join(str(p) for p in err['loc']) or '<body>'}: {err['type']}"
        for err in exc.errors(include_input=False, include_url=False)[:limit]
    ]
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; +{more} more" if more > 0 else "")


def _error_body(response: httpx.Response) -> ErrorBody | None:
    if not is_json(response):
        return None
    try:
        return ErrorBody.model_validate_json(response.content)
    except ValidationError:
        return None


def error_for(response: httpx.Response) -> ClientError:
    """The typed error for a non-2xx response (body already read)."""
    status = response.status_code
    if status == 304:
        return NotModified(status=304)
    if 300 <= status < 400:
        host = httpx.URL(response.headers.get("location", "")).host or "?"
        return ProtocolError(f"redirected to {host}", status=status)
    body = _error_body(response)
    if status >= 500:
        reason = body.error if body else f"HTTP {status}, non-JSON body"
        return ServerError(reason, status=status, detail=body.detail if body else None)
    cls = (_BY_CODE.get(body.error) if body else None) or _BY_STATUS.get(status)
    if body is None:
        # A 4xx that is not our JSON came from something in between (proxy, portal).
        if cls is UpgradeRequired:
            return UpgradeRequired(status=status)
        return ProtocolError(f"HTTP {status} with a non-JSON body", status=status)
    if cls is None:
        return ProtocolError(f"unexpected HTTP {status}", status=status, detail=body.detail)
    return cls(body.error, status=status, detail=body.detail)


def parse(response: httpx.Response, model: type[M]) -> M:
    """Validate a read response as ``model`` or raise the matching typed error."""
    if not response.is_success:
        raise error_for(response)
    if not is_json(response):
        ctype = response.headers.get("content-type", "none")
        raise ProtocolError(f"expected JSON, got {ctype}", status=response.status_code)
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        raise ProtocolError("malformed or truncated JSON", status=response.status_code) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ProtocolError(describe(exc), status=response.status_code) from None


def check(response: httpx.Response) -> None:
    """Raise the typed error of a non-2xx response; success bodies are not inspected."""
    if not response.is_success:
        raise error_for(response)


def _tls_untrusted(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def from_transport(exc: httpx.HTTPError) -> ClientError:
    """The typed error for an httpx exception raised while sending or reading."""
    name = type(exc).__name__
    if isinstance(exc, httpx.ConnectError) and _tls_untrusted(exc):
        return CertificateUntrusted(name)
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError | httpx.ProxyError):
        return Unreachable(name)
    if isinstance(exc, httpx.TimeoutException):
        return Timeout(name)
    if isinstance(exc, httpx.DecodingError | httpx.TooManyRedirects):
        return ProtocolError(name)
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return Unreachable(name)  # link dropped mid-request or mid-answer
    return ProtocolError(name)
