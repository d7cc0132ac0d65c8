"""Certificate types (证件类型) for display: labels, masking, which types are GB 11643.

Labels are Chinese first, English second, as printed on documents and shown in lists.
"""

from __future__ import annotations

from typing import Final

from offline.domain.identity import CERT_TYPES, USCC_TYPE

# The domain owns the list (docs/CONTRACTS.md); the UI only adds display helpers.
PERSON_CERT_TYPES: Final[dict[str, tuple[str, str]]] = CERT_TYPES
LEGAL_CERT_TYPE: Final = USCC_TYPE
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
