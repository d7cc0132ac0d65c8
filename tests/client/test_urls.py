"""One platform-address rule, enforced by the client's settings and shown by every form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client.settings import ClientSettings, InvalidPlatformUrl
from client.urls import check_platform_url

GOOD = [
    "https://zwfw.example.gov.cn",
    "https://zwfw.example.gov.cn:8443/base",
    "http://127.0.0.1:8000",
    "http://127.8.9.10",
    "http://localhost:9000",
    "http://[::1]:8000",
    "HTTPS://ZWFW.EXAMPLE.GOV.CN",
]
BAD = {
    "http://zwfw.example.gov.cn": "http_not_loopback",
    "http://10.0.0.5:8000": "http_not_loopback",
    "http://localhost.evil.cn": "http_not_loopback",
    "https://clerk:secret@zwfw.example.gov.cn": "bad_url",
    "https://clerk@zwfw.example.gov.cn": "bad_url",
    "http://user:pw@127.0.0.1:8000": "bad_url",
    "https://zwfw.example.gov.cn/?token=1": "bad_url",
    "https://zwfw.example.gov.cn/#x": "bad_url",
    "ftp://zwfw.example.gov.cn": "bad_url",
    "https://": "bad_url",
    "https://zwfw.example.gov.cn:99999": "bad_url",
    "https://zwfw example.gov.cn": "bad_url",
    "zwfw.example.gov.cn": "bad_url",
    "": "bad_url",
}


@pytest.mark.parametrize("url", GOOD)
def test_good_addresses_pass_everywhere(url: str) -> None:
    from ui.first_run import check_platform_url as first_run_check
    from ui.settings.validators import check_platform_url as settings_check

    assert check_platform_url(url) is None
    assert first_run_check(url) is None and settings_check(url) is None
    ClientSettings(url)


@pytest.mark.parametrize(("url", "code"), sorted(BAD.items()))
def test_bad_addresses_are_refused_by_the_settings_model_and_every_form(
    url: str, code: str
) -> None:
    from ui.first_run import check_platform_url as first_run_check
    from ui.settings.validators import check_platform_url as settings_check

    problem = check_platform_url(url)
    assert problem is not None and problem.code == code and problem.zh and problem.en
    assert first_run_check(url) == (problem.zh, problem.en)  # registration: the same rule
    issue = settings_check(url)
    assert issue is not None and (issue.code, issue.zh, issue.en) == (code, problem.zh, problem.en)
    with pytest.raises(InvalidPlatformUrl) as info:
        ClientSettings(url)
    assert info.value.code == code and (info.value.zh, info.value.en) == (problem.zh, problem.en)


@given(st.one_of(st.text(max_size=120), st.integers(), st.none(), st.binary(max_size=20)))
def test_the_check_never_raises(value: object) -> None:
    problem = check_platform_url(value)
    assert problem is None or (problem.zh and problem.en)
