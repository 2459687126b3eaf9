"""The "Get email alerts" form sits beside "Get this as data" on the pages one can follow."""

from __future__ import annotations

import pytest

from decisions.timelines.models import Timeline
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db


def forms_on(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    assert html.count("Get email alerts</h2>") == 1, url
    return html


def test_each_page_offers_its_own_alert(client) -> None:
    councillor = make_councillor("Diana Toynbee")
    decision = make_decision(signatory=councillor)
    timeline, _ = Timeline.objects.get_or_create(
        slug="childrens-services",
        council=decision.council,
        defaults={"title": "Children"},
    )

    assert 'name="kind" value="councillor"' in forms_on(client, "/councillors/diana-toynbee/")
    on_decision = forms_on(client, decision.get_absolute_url())
    assert 'name="kind" value="decision"' in on_decision
    assert f'name="target" value="{decision.pk}"' in on_decision
    council = forms_on(client, "/councils/")
    assert 'name="kind" value="council"' in council and 'value="herefordshire"' in council
    on_timeline = forms_on(client, timeline.get_absolute_url())
    assert 'name="kind" value="timeline"' in on_timeline
    assert f'name="target" value="{timeline.pk}"' in on_timeline
    assert 'name="kind" value="search"' in forms_on(client, "/decisions/")
    # A council's own search page follows the search within the council.
    within = forms_on(client, "/herefordshire/decisions/?q=ofsted")
    assert "council=herefordshire" in within
