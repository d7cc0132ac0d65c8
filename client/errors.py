"""Typed errors of the platform client, each with a plain-language bilingual message.

The sync engine and the UI never see an ``httpx`` exception or a raw status code:
everything that can go wrong talking to the platform (平台) becomes one of these, so
callers can decide "retry later", "log in again", "show to a person" or "upgrade" by
type alone. Messages are Chinese first, English second, and never contain personal
data or secrets.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ClientError(Exception):
    """Base of every error the platform client raises.

    ``transient`` says whether the same request may succeed if simply tried again later
    (network down, timeout, overloaded gateway); the sync engine backs off on those and
    shows the others to a person.
    """

    code: ClassVar[str] = "client_error"
    zh: ClassVar[str] = "与平台通信失败。"
    en: ClassVar[str] = "Communication with the platform failed."
    transient: bool = False

    def __init__(
        self,
        reason: str | None = None,
        *,
        status: int | None = None,
        detail: Any = None,
    ) -> None:
        self.reason = reason
        self.status = status
        self.detail = detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh_CN") -> str:
        """The text to show a clerk, in the requested language (zh_CN or en)."""
        if lang.startswith("zh"):
            return f"{self.zh}（{self.reason}）" if self.reason else self.zh
        return f"{self.en} ({self.reason})" if self.reason else self.en

    def bilingual(self) -> str:
        """Both languages, Chinese first, for logs and dialogs that show both."""
        return f"{self.message('zh_CN')} / {self.message('en')}"


class Unreachable(ClientError):
    """No connection to the platform: no network, refused, DNS failure or dropped link."""

    code = "unreachable"
    zh = "无法连接到平台，已转为离线工作，网络恢复后会自动同步。"
    en = "The platform cannot be reached; working offline, sync resumes when the network is back."
    transient = True


Offline = Unreachable


class CertificateUntrusted(ClientError):
    """TLS verification failed: an unknown root CA or a proxy intercepting HTTPS."""

    code = "certificate_untrusted"
    zh = "平台的安全证书不受信任，请联系信息中心安装根证书或检查代理设置。"
    en = (
        "The platform's certificate is not trusted; ask IT to install the root CA "
        "or check the proxy settings."
    )


class Timeout(ClientError):
    """The platform did not answer in time; the request may or may not have been applied."""

    code = "timeout"
    zh = "平台响应超时，稍后将自动重试。"
    en = "The platform did not answer in time; it will be retried automatically."
    transient = True


class AuthExpired(ClientError):
    """The session cannot be renewed (refresh token expired, revoked or missing)."""

    code = "auth_expired"
    zh = "登录已过期，请重新登录。"
    en = "Your sign-in has expired; please sign in again."


class InvalidCredentials(ClientError):
    """Login refused: wrong user name or password, or the account is locked."""

    code = "invalid_credentials"
    zh = "用户名或密码错误，或账号已锁定。"
    en = "Wrong user name or password, or the account is locked."


class Forbidden(ClientError):
    """The user may not do this (another office's records, or a role it lacks)."""

    code = "forbidden"
    zh = "没有权限执行此操作。"
    en = "You are not allowed to do this."


class NotFound(ClientError):
    """The platform does not know the requested object."""

    code = "not_found"
    zh = "平台上找不到该对象。"
    en = "The platform does not know this object."


class Conflict(ClientError):
    """The platform refused because its state differs (sequence gap, op_id reuse, offset)."""

    code = "conflict"
    zh = "与平台上的数据冲突，需要重新同步。"
    en = "This conflicts with the platform's data; a resync is needed."


class SeqGap(Conflict):
    """Push refused: the platform expects the device's mutations from ``expected_seq`` on."""

    code = "seq_gap"
    zh = "同步序号不连续，将从平台期望的序号重新推送。"
    en = "Sequence gap: pushing again from the sequence the platform expects."

    @property
    def expected_seq(self) -> int | None:
        value = self.detail.get("expected_seq") if isinstance(self.detail, dict) else None
        return value if isinstance(value, int) else None


class InvalidRequest(ClientError):
    """The platform rejected the request's content (422/400); ``detail`` has field messages."""

    code = "invalid_request"
    zh = "平台拒绝了请求内容。"
    en = "The platform rejected the request content."


class RateLimited(ClientError):
    """Too many attempts (e.g. logins); wait before trying again."""

    code = "rate_limited"
    zh = "尝试次数过多，请稍后再试。"
    en = "Too many attempts; please wait and try again."
    transient = True


class UpgradeRequired(ClientError):
    """The platform no longer accepts this client's schema version; offline work continues."""

    code = "upgrade_required"
    zh = "平台已升级，请更新本软件；离线办件不受影响。"
    en = "The platform has been upgraded; please update this app. Offline work continues."


class ServerError(ClientError):
    """The platform or a gateway failed (5xx). 502/503/504 are worth retrying."""

    code = "server_error"
    zh = "平台暂时出现故障。"
    en = "The platform is having a problem."

    def __init__(
        self, reason: str | None = None, *, status: int | None = None, detail: Any = None
    ) -> None:
        super().__init__(reason, status=status, detail=detail)
        self.transient = status in {502, 503, 504}


class ProtocolError(ClientError):
    """The answer was not what the contract promises: HTML, truncated or ill-typed JSON.

    Typical causes are a captive portal (酒店/营业厅 Wi-Fi login page) or a proxy that
    rewrites traffic. Nothing from such an answer is ever applied.
    """

    code = "protocol_error"
    zh = "平台返回的内容无法识别，可能是网络需要登录认证或被代理拦截。"
    en = (
        "The platform's answer could not be understood; the network may need a login page "
        "or a proxy interfered."
    )
    transient = True


class NotModified(ClientError):
    """HTTP 304: the cached copy is current. Raised only where a caller asked for it."""

    code = "not_modified"
    zh = "数据未变化。"
    en = "Not modified."


class NoSecureStore(ClientError):
    """No OS keyring is available, so tokens cannot be kept; refuse rather than use a file."""

    code = "no_secure_store"
    zh = "系统密钥库不可用，无法安全保存登录凭据。"
    en = "No OS keyring is available, so sign-in credentials cannot be stored securely."


class NoDeviceKey(ClientError):
    """A request that needs this terminal's device proof was made before the key was set."""

    code = "no_device_key"
    zh = "本机终端密钥尚未加载，无法同步。"
    en = "This terminal's key is not loaded, so it cannot sync."
