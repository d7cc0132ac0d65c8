"""Personal data never reaches the log file; the file rotates under the profile."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ui.logs import LOG_FILE, MaskingFilter, mask, setup_logging

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"


def test_mask_hides_id_numbers_phones_names_and_credit_codes() -> None:
    text = (
        f"intake by 张三丰 id={ID_NUMBER} phone={PHONE} tel 0851-86812345 "
        "uscc 91520100MA6DKXXX0Y receipt 520102-03-20261126-0007"
    )
    masked = mask(text)
    assert ID_NUMBER not in masked and ID_NUMBER[:14] not in masked
    assert masked.count("002X") == 1  # last four kept for support staff
    assert PHONE not in masked and "138****8000" in masked
    assert "86812345" not in masked
    assert "张三丰" not in masked and "张**" in masked
    assert "91520100MA6DKXXX0Y" not in masked
    assert "520102-03-20261126-0007" in masked  # receipt numbers are not personal data


def test_plain_english_is_untouched() -> None:
    assert mask("sync run finished: 12 pushed, 0 pending") == (
        "sync run finished: 12 pushed, 0 pending"
    )


@pytest.fixture
def handler(tmp_path: Path) -> logging.Handler:
    h = setup_logging(tmp_path / "logs")
    yield h
    logging.getLogger().removeHandler(h)
    h.close()


def test_file_log_masks_args_and_tracebacks(tmp_path: Path, handler: logging.Handler) -> None:
    log = logging.getLogger("counterdesk.test")
    log.warning("applicant %s phone %s", "李四", PHONE)
    try:
        raise ValueError(f"bad cert {ID_NUMBER} for 王小明")
    except ValueError:
        log.exception("intake failed")
    handler.flush()
    text = (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")
    assert "intake failed" in text and "ValueError" in text
    for secret in (ID_NUMBER, PHONE, "李四", "王小明"):
        assert secret not in text


def test_filter_keeps_record_but_rewrites_message() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "name=%s", ("赵六",), None)
    assert MaskingFilter().filter(record) is True
    assert record.getMessage() == "name=赵*"
