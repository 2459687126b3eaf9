"""The public list of corrections: /corrections/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import Correction
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def correct(decision, *, days_ago: int = 0, **fields) -> Correction:
    correction = Correction.objects.create(decision=decision, **fields)
    Correction.objects.filter(pk=correction.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return correction


def test_it_lists_corrections_newest_first_with_reason_and_link(client, django_user_model) -> None:
    editor = django_user_model.objects.create_user("editor-name")
    old = make_decision(reference="I50000001", title="Highways plan")
    new = make_decision(reference="I50000002", title="Ofsted plan")
    correct(old, days_ago=3, field="title", old_value="Highway plan", new_value="Highways plan",
            reason="Typo.", user=editor)  # fmt: skip
    correct(new, days_ago=1, clause_key="b", field="text", old_value="approve",
            new_value="endorse", reason="The notice misprinted the verb.", user=editor)  # fmt: skip

    response = client.get("/corrections/")

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "<title>Corrections – Cabinet decisions archive</title>" in html
    assert text.index("I50000002: Ofsted plan") < text.index("I50000001: Highways plan")
    assert 'href="/herefordshire/decisions/I50000002/#corrections"' in html
    assert "Clause b: text" in text
    assert "Reason: The notice misprinted the verb." in text
    assert '<del class="diff__removed">' in html and '<ins class="diff__added">' in html
    assert "editor-name" not in html  # staff names are not published


def test_it_links_a_councillor_correction_to_the_councillor(client) -> None:
    councillor = make_councillor("Jonathan Lester")
    Correction.objects.create(
        councillor=councillor, field="merged", old_value="J Lester", new_value="Jonathan Lester"
    )
    html = client.get("/corrections/").content.decode()
    assert '<a href="/councillors/jonathan-lester/">Councillor Jonathan Lester</a>' in html
    assert "Reason: No reason was recorded" in text_of(html)


def test_it_says_when_nothing_was_corrected(client) -> None:
    response = client.get("/corrections/")
    assert response.status_code == 200
    assert "No record has been corrected yet." in response.content.decode()


def test_it_pages_the_list(client) -> None:
    decision = make_decision()
    for n in range(31):
        correct(decision, days_ago=n, field="title", old_value=f"v{n}", new_value=f"w{n}")
    first = client.get("/corrections/").content.decode()
    second = client.get("/corrections/?page=2").content.decode()
    assert first.count('<li class="correction">') == 30
    assert second.count('<li class="correction">') == 1
    assert "w30" in second and "w30" not in first  # the oldest is last
    assert 'href="/corrections/?page=2"' in first
    assert client.get("/corrections/?page=zzz").status_code == 200
    assert client.get("/corrections/?page=99").status_code == 200


def test_it_escapes_corrected_text(client) -> None:
    correct(make_decision(), field="title", old_value="Plain", new_value="<img src=x onerror=1>",
            reason="<b>bold</b>")  # fmt: skip
    html = client.get("/corrections/").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=1&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/corrections/")
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_corrections(client) -> None:
    councillor = make_councillor("Jonathan Lester")
    correct(make_decision(), field="title", old_value="a", new_value="b", reason="r")
    with_one = _queries(client)
    for n in range(29):
        if n % 2:
            correct(make_decision(), field="title", old_value="a", new_value="b", reason="r")
        else:
            Correction.objects.create(councillor=councillor, field="name", old_value="x")
    assert Correction.objects.count() == 30
    assert _queries(client) == with_one


def test_it_offers_its_feed_in_the_head_and_on_the_page(client) -> None:
    html = client.get("/corrections/").content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" title="Feed of corrections"'
        ' href="/corrections/feed/">'
    ) in html
    assert '<a href="/corrections/feed/" type="application/atom+xml">Atom feed</a>' in html
