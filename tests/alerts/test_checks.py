"""The alerts' start-up checks: the links in every email need an https:// SITE_URL."""

from __future__ import annotations

import pytest

from decisions.alerts.apps import check_site_url


@pytest.mark.parametrize("site_url", ["", "http://decisions.example.gov.uk", "decisions.example"])
def test_it_warns_of_a_site_url_that_is_not_https_when_debug_is_off(settings, site_url) -> None:
    settings.DEBUG, settings.SITE_URL = False, site_url
    (warning,) = check_site_url()
    assert warning.id == "alerts.W001" and "https://" in warning.msg


def test_it_takes_an_https_site_url_and_anything_while_debug_is_on(settings) -> None:
    settings.DEBUG, settings.SITE_URL = False, "https://decisions.example.gov.uk"
    assert check_site_url() == []
    settings.DEBUG, settings.SITE_URL = True, ""
    assert check_site_url() == []
