"""Certificate types (证件类型) a clerk may pick, with the codes in docs/CONTRACTS.md.

Labels are Chinese first, English second, as printed on documents and shown in lists.
"""

from __future__ import annotations

from typing import Final

PERSON_CERT_TYPES: Final[dict[str, tuple[str, str]]] = {
    "111": ("居民身份证", "Resident ID card"),
    "113": ("户口簿", "Household register"),
    "414": ("普通护照", "Passport"),
    "516": ("港澳居民来往内地通行证", "Mainland travel permit (HK/Macao)"),
    "511": ("台湾居民来往大陆通行证", "Mainland travel permit (Taiwan)"),
    "554": ("港澳居民居住证", "Residence permit (HK/Macao)"),
    "555": ("台湾居民居住证", "Residence permit (Taiwan)"),
}
LEGAL_CERT_TYPE: Final = "USCC"
LEGAL_CERT_LABEL: Final = ("统一社会信用代码", "Unified social credit code")
# Types whose numbers follow GB 11643 (checksum + birth date inside the number).
GB11643_TYPES: Final = frozenset({"111", "113", "554", "555"})


def cert_label(code: str) -> str:
    """The Chinese label of a certificate type code, or the code itself if unknown."""
    if code == LEGAL_CERT_TYPE:
        return LEGAL_CERT_LABEL[0]
    return PERSON_CERT_TYPES.get(code, (code, code))[0]


def mask_number(number: str) -> str:
    """Keep the first 4 and last 4 characters of a certificate number for printing."""
    if len(number) <= 8:
        return number
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
