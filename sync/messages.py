"""Plain words for everything the sync engine may have to tell a clerk.

Each message is Chinese (zh_CN) first, English second. Codes are stable and used by
the UI and the CLI; the words are what a clerk reads under the status bar.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A coded message in both languages."""

    code: str
    zh: str
    en: str

    def text(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


_ERRORS: dict[str, tuple[str, str]] = {
    "offline": (
        "无法连接政务服务平台，已转为离线工作，恢复后自动同步。",
        "Cannot reach the platform; working offline, will sync when it is back.",
    ),
    "timeout": (
        "平台响应超时，稍后自动重试。",
        "The platform did not answer in time; retrying later.",
    ),
    "server_error": (
        "平台暂时出错，稍后自动重试。",
        "The platform had a temporary error; retrying later.",
    ),
    "bad_response": (
        "平台返回了无法识别的内容，稍后自动重试。",
        "The platform sent an unreadable answer; retrying later.",
    ),
    "auth": (
        "登录已失效，请重新登录后再同步。",
        "Your sign-in has expired; sign in again to sync.",
    ),
    "upgrade_required": (
        "客户端版本过旧，请更新后再同步。离线办理照常进行，待同步的操作都保存在本机。",
        "This client is too old for the platform; please update it to sync. Offline work "
        "continues; the actions waiting to sync are kept on this computer.",
    ),
    "cancelled": (
        "同步已取消，未完成的内容下次继续。",
        "Sync was cancelled; the rest continues next time.",
    ),
    "attachment_mismatch": (
        "附件校验失败，已重新上传。",
        "An attachment failed its checksum and was uploaded again.",
    ),
    "internal": (
        "同步时发生内部错误，已记录，稍后重试。",
        "An internal error occurred during sync; it was logged and will be retried.",
    ),
}

_REASONS: dict[str, tuple[str, str]] = {
    "unknown_record": ("平台上找不到该办件", "the platform has no such application"),
    "unknown_item": ("事项编码已停用或不存在", "the service item code is retired or unknown"),
    "invalid_payload": ("提交的内容格式不正确", "the submitted content is malformed"),
    "illegal_transition": (
        "办件状态已变化，此操作不再适用",
        "the application's status changed; this action no longer applies",
    ),
    "forbidden": ("当前账号无权执行此操作", "this account may not do this"),
    "wrong_office": ("该办件不属于本窗口所在单位", "the application belongs to another office"),
    "validation_failed": ("内容未通过平台校验", "the content failed the platform's checks"),
    "seq_gap": ("操作序号不连续，等待补齐", "an earlier action has not arrived yet"),
    "stale_status": ("后台已先行处理该办件", "the back office acted on this application first"),
    "field_conflict": ("后台修改了同一字段", "the back office changed the same field"),
    "unsigned": ("操作没有经办人的签名", "the action carries no signature of its user"),
    "bad_signature": ("操作签名不是该经办人的，可能被伪造", "the signature is not that user's"),
    "key_revoked": ("经办人的签名密钥在此操作前已被吊销", "the user's key was revoked before"),
    "role_not_held": ("经办人在操作时不具备该角色", "the user did not hold that role then"),
    "action_time_invalid": (
        "操作时间不可能（晚于提交或早于密钥）",
        "the action's time is impossible",
    ),
}


def error(code: str, detail: str | None = None) -> Message:
    """A transport- or run-level error in plain words; unknown codes fall back to internal."""
    zh, en = _ERRORS.get(code, _ERRORS["internal"])
    if detail:
        zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
    return Message(code if code in _ERRORS else "internal", zh, en)


def upgrade_required(min_version: str | None) -> Message:
    """The platform refused this app's version: update to ``min_version`` (when it said
    which); offline work and the actions waiting to sync are not affected."""
    if not min_version:
        return error("upgrade_required")
    return Message(
        "upgrade_required",
        f"请更新到 {min_version} 或更高版本才能同步。离线办理照常进行，待同步的操作都保存在本机。",
        f"Please update to {min_version} or later to sync. Offline work continues; the actions "
        "waiting to sync are kept on this computer.",
    )


def refusal(reason_code: str | None) -> Message:
    """Why the platform refused one action: 'platform refuses: <reason>'."""
    zh, en = _REASONS.get(reason_code or "", ("原因未说明", "no reason given"))
    return Message(reason_code or "unknown", f"平台拒绝：{zh}", f"platform refuses: {en}")


# Why the platform refused this terminal's request itself (not one action): plain words
# and what to do; the request wrote nothing.
_DEVICE_REFUSALS: dict[str, tuple[str, str]] = {
    "device_not_registered": (
        "本机未在本单位登记，无法同步，请联系窗口负责人",
        "this computer is not registered to your office; ask your supervisor",
    ),
    "device_retired": (
        "本机已被停用，无法同步，请联系窗口负责人",
        "this computer was retired and cannot sync; ask your supervisor",
    ),
    "device_key_missing": (
        "本机尚无身份密钥：请窗口负责人在本机联网登录一次",
        "this computer has no registered key: a supervisor must sign in on it online once",
    ),
    "device_proof_invalid": (
        "本机身份证明未通过平台核验（可能是复制的终端），请联系窗口负责人",
        "the platform did not accept this computer's proof (a copied terminal?); ask your"
        " supervisor",
    ),
    "device_clock_skew": (
        "本机时间与平台相差过大，请校正系统时间",
        "this computer's clock is far from the platform's; correct the system time",
    ),
}


def device_refusal(reason: str | None) -> Message | None:
    """A plain message for a refusal of this terminal's identity, or None."""
    words = _DEVICE_REFUSALS.get(reason or "")
    return None if words is None else Message(str(reason), words[0], words[1])
