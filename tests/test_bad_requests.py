"""Requests no page can answer get a 400, never a 500, on either database."""

from __future__ import annotations

import pytest

from tests.factories import make_decision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/decisions/%00/",
        "/decisions/?q=%00",
        "/decisions/?title=a%00b",
        "/decisions/?q=ofsted%00",
        "/decisions/?decision_maker=%00",
        "/councillors/?x%00=1",
        "/herefordshire/timelines/childrens-services-improvement/?kind=%00",
        "/admin/decisions/decision/?q=%00",
    ],
)
def test_it_refuses_nul_characters(admin_client_logged_in, url: str) -> None:
    response = admin_client_logged_in.get(url)
    assert response.status_code == 400
    assert b"Sorry, there is a problem with the request" in response.content


@pytest.mark.parametrize(("value", "count"), [("0", 2), ("false", 2), ("1", 1), ("on", 1)])
def test_key_is_on_only_for_a_clear_yes(client, value: str, count: int) -> None:
    make_decision(is_key_decision=True)
    make_decision(is_key_decision=False)
    html = client.get(f"/decisions/?key={value}").content.decode()
    assert html.count('class="result"') == count
