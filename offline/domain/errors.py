"""Structured, bilingual domain errors.

Every rule reports findings as `Issue(field, code, zh, en)` so a clerk sees a Chinese
message first (English second) and machines can match on `code`. An issue of severity
`warning` (for example an ID number's region code missing from our division list) still
blocks a save until a person confirms it; the confirmation is stored with the record, and
the rule that raised the warning then returns nothing. A `DomainError` carries
one or more issues; raising one never leaves a half-applied change behind because the
domain never mutates its inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: which field, a stable machine code, and the message in zh_CN and en;
    `severity` is `error` (must be corrected) or `warning` (may be confirmed)."""

    field: str
    code: str
    zh: str
    en: str
    severity: str = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.lower().startswith("zh") else self.en

    def to_dict(self) -> dict[str, str]:
        out = {"field": self.field, "code": self.code, "zh": self.zh, "en": self.en}
        if self.severity != ERROR:  # errors keep the four-key shape every reader knows
            out["severity"] = self.severity
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Issue:
        severity = WARNING if data.get("severity") == WARNING else ERROR
        return cls(
            str(data["field"]), str(data["code"]), str(data["zh"]), str(data["en"]), severity
        )


class BilingualError(Exception):
    """A refusal with a stable ``code`` and its message in Chinese first, English second.

    The base of the small refusal types outside the domain rules (reports, backups,
    restores, sign-in, card readers), so each does not repeat the same four lines."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


class DomainError(Exception):
    """Base of every domain error; `.issues` lists what is wrong (never empty)."""

    default_code = "domain_error"

    def __init__(self, issues: Issue | Iterable[Issue]) -> None:
        self.issues: list[Issue] = [issues] if isinstance(issues, Issue) else list(issues)
        if not self.issues:
            self.issues = [Issue("", self.default_code, "操作失败", "Operation failed")]
        super().__init__(self.message("zh_CN") + " / " + self.message("en"))

    @property
    def code(self) -> str:
        return self.issues[0].code

    def message(self, lang: str = "zh_CN") -> str:
        """All issue messages joined, in the requested language (zh_CN by default)."""
        sep = "；" if lang.lower().startswith("zh") else "; "
        return sep.join(issue.message(lang) for issue in self.issues)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "issues": [issue.to_dict() for issue in self.issues]}


class ValidationFailed(DomainError):
    """Input data break a rule (ID checksum, required field, material counts, ...)."""

    default_code = "validation_failed"


class IllegalTransition(DomainError):
    """The requested status change is not in the transition table."""

    default_code = "illegal_transition"


class PermissionDenied(DomainError):
    """The transition exists but the acting role may not perform it."""

    default_code = "forbidden"


class CalendarUnknown(DomainError):
    """A date lies beyond the holiday data we have; we refuse to guess."""

    default_code = "calendar_unknown"
    day: date | None = None  # the first date the calendar does not cover


def raise_if(issues: list[Issue], error: type[DomainError] = ValidationFailed) -> None:
    """Raise `error` carrying `issues` when there are any."""
    if issues:
        raise error(issues)
