"""The pure rule for which addresses the alerts take: a plain addr-spec, nothing quoted."""

from __future__ import annotations

import pytest

from decisions.alerts.addresses import is_plain_address


@pytest.mark.parametrize(
    "address",
    ["reader@example.org", "first.last+alerts@sub.example.co.uk", "o'neil@example.org"],
)
def test_it_takes_a_plain_address(address: str) -> None:
    assert is_plain_address(address)


@pytest.mark.parametrize(
    "address",
    [
        '"\x0bX-Injected:yes"@example.com',  # a quoted local part with a control character
        '"quoted"@example.com',
        "new\nline@example.com",
        "tab\there@example.com",
        "nul\x00@example.com",
        "del\x7f@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a@b@example.com",
        "Name <a@example.com>",
        "a@example.com\r\nBcc: b@example.com",
        "a@",
        "@example.com",
        "",
    ],
)
def test_it_refuses_anything_else(address: str) -> None:
    assert not is_plain_address(address)
