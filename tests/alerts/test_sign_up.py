"""POST /alerts/: the sign-up answers alike for known and unknown addresses, refuses bad
requests with a form error (400) or 429, never a 500."""

from __future__ import annotations

import pytest
from django_q.models import OrmQ

from decisions.alerts import ratelimit
from decisions.alerts.models import Alert, OutboxMessage, Subscriber
from decisions.alerts.sending import send_outbox
from decisions.models import Council
from tests.factories import make_councillor

pytestmark = pytest.mark.django_db

PLAIN = "Enter an email address like name@example.com"


def post(client, **fields):
    data = {"email": "someone@example.org", "kind": "search", "frequency": "daily"} | fields
    return client.post("/alerts/", data, REMOTE_ADDR=fields.pop("ip", "192.0.2.1"))


def test_it_keeps_an_unconfirmed_alert_and_queues_its_confirmation(client) -> None:
    response = post(client, querystring="q=school&page=3&sort=newest&council=")

    assert response.status_code == 200
    alert = Alert.objects.get()
    assert alert.querystring == "q=school"  # normalised: no page, sort or empty filter
    assert alert.confirmed_at is None and alert.frequency == "daily"
    assert alert.subscriber.confirmed_at is None
    assert OutboxMessage.objects.get().subject == "Confirm your email alert"


def test_it_answers_alike_whether_or_not_the_address_is_known(client) -> None:
    first = post(client, querystring="q=school")
    Subscriber.objects.update(confirmed_at="2026-01-01T00:00:00Z")
    Alert.objects.update(confirmed_at="2026-01-01T00:00:00Z")
    again = post(client, querystring="q=school")

    assert again.status_code == first.status_code == 200
    strip = lambda r: r.content.decode().split("<main", 1)[1].split("</main>", 1)[0]  # noqa: E731
    assert strip(again) == strip(first)
    assert Alert.objects.count() == 1
    # The same work for both: one email written, none sent, one delivery task queued.
    confirm, known = OutboxMessage.objects.order_by("pk")
    assert (confirm.purpose, known.purpose) == ("confirm", "link")
    assert known.subject == "You already get this email alert"
    assert "/alerts/manage/" in known.text and "/alerts/confirm/" not in known.text
    assert {m.status for m in (confirm, known)} == {"queued"}
    assert OrmQ.objects.count() == 2


def test_two_spellings_of_one_address_are_one_subscriber(client) -> None:
    post(client, email="Someone@Example.org", querystring="q=school")
    post(client, email="someone@example.org", querystring="q=roads")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["someone@example.org"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not an address"}, "Enter an email address like name@example.com"),
        ({"email": ""}, "Enter your email address"),
        ({"kind": "everything"}, "Choose what to follow"),
        ({"frequency": "hourly"}, "Choose how often to get emails"),
        ({"querystring": "date_from=31/02/2024"}, "Correct the search before asking"),
        ({"kind": "councillor", "target": "nobody"}, "There is no such councillor to follow"),
        ({"kind": "decision", "target": "abc"}, "There is no such decision to follow"),
        ({"kind": "decision", "target": "²"}, "There is no such decision to follow"),  # a digit
        ({"kind": "timeline", "target": "²"}, ""),
        ({"kind": "timeline", "target": "x" * 300}, "Choose something to follow"),
        ({"email": "a@example.org\x00"}, ""),
        ({"email": '"\x0bX-Injected:yes"@example.com'}, PLAIN),  # a control character
        ({"email": '"quoted"@example.com'}, PLAIN),
        ({"email": "tab\there@example.com"}, PLAIN),
        ({"email": "a..b@example.com"}, PLAIN),
    ],
)
def test_a_bad_sign_up_is_a_form_error(client, fields, message) -> None:
    response = post(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Alert.objects.exists()


def test_a_search_alert_names_its_council_not_its_slug(client, smtp) -> None:
    Council.objects.create(name="Kirklees Council", slug="kirklees")
    response = post(client, querystring="q=Ofsted&council=kirklees")

    assert response.status_code == 200
    label = "Decisions matching Search: ‘Ofsted’, Council: Kirklees Council"
    assert Alert.objects.get().label == label
    send_outbox()
    (message,) = smtp.messages
    assert label in smtp.text(message) and label in smtp.html(message)


def test_a_councillor_alert_names_the_councillor(client) -> None:
    make_councillor("Diana Toynbee")
    assert post(client, kind="councillor", target="diana-toynbee").status_code == 200
    assert Alert.objects.get().label == "Decisions signed by Councillor Diana Toynbee"


def test_it_limits_sign_ups_per_address(client) -> None:
    codes = [post(client, querystring=f"q=word{n}").status_code for n in range(6)]
    assert codes == [200] * ratelimit.PER_EMAIL + [429]
    assert "Too many sign-ups" in post(client, querystring="q=more").content.decode()


def test_it_limits_sign_ups_per_client_address(client) -> None:
    codes = [
        post(client, email=f"n{n}@example.org", querystring="q=x").status_code for n in range(21)
    ]
    assert codes == [200] * ratelimit.PER_CLIENT + [429]
    assert post(client, email="other@example.org", ip="198.51.100.9").status_code == 200


def test_a_get_says_where_the_forms_are_and_other_methods_are_refused(client) -> None:
    page = client.get("/alerts/")
    assert page.status_code == 200
    assert 'href="/decisions/"' in page.content.decode() and b"<form" not in page.content
    assert client.put("/alerts/").status_code == 405


def test_the_form_sits_beside_the_data_links_and_needs_a_csrf_token(client) -> None:
    page = client.get("/decisions/?q=school&page=1").content.decode()
    assert 'action="/alerts/" method="post"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="querystring" value="q=school"' in page
    csrf_client = type(client)(enforce_csrf_checks=True)
    assert csrf_client.post("/alerts/", {"email": "a@example.org"}).status_code == 403


def test_the_about_page_says_what_is_kept_and_for_how_long(client) -> None:
    page = client.get("/about/").content.decode()
    assert "Email alerts and your privacy" in page
    assert "not confirmed within 7 days is deleted" in page
