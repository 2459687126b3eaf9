"""The about page: /about/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_explains_the_archive_and_has_an_accessibility_statement(client) -> None:
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>About – Cabinet decisions archive</title>" in html
    assert '<h2 class="heading-m" id="holds">What the archive holds</h2>' in html
    assert '<h2 class="heading-m" id="sources">Where the notices come from</h2>' in html
    assert '<h2 class="heading-m" id="accessibility">Accessibility statement</h2>' in html
    for heading in ("Enforcement procedure", "Non-accessible content", "Feedback and contact"):
        assert heading in html


def test_it_explains_how_blank_declarations_are_shown(client) -> None:
    html = client.get("/about/").content.decode()
    assert 'id="record-check"' in html
    assert "a blank box is shown as <strong>None recorded</strong>, not as missing" in html


def test_it_runs_no_queries(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert client.get("/about/").status_code == 200
