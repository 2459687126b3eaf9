"""parse_client_address: which address a sign-in lockout is recorded against."""

from __future__ import annotations

import pytest

from archive_site.client_ip import parse_client_address


@pytest.mark.parametrize(
    ("meta", "trusted", "expected"),
    [
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, True, "203.0.113.5"),
        (
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"},
            True,
            "203.0.113.5",
        ),
        (
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": " 2001:db8::1 "},
            True,
            "2001:db8::1",
        ),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, False, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-ip"}, True, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1"}, True, "127.0.0.1"),
        ({}, False, ""),
    ],
)
def test_it_takes_the_proxys_entry_only_behind_a_trusted_proxy(
    meta: dict[str, str], trusted: bool, expected: str
) -> None:
    assert parse_client_address(meta, trusted_proxy=trusted) == expected
