"""Admin sign-in: repeated failures lock out (django-axes); idle sessions end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.gov.uk", "right-pw")


def sign_in(client, password: str, username: str = "editor"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_right_password_signs_in(client, editor) -> None:
    response = sign_in(client, "right-pw")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account_out(client, editor) -> None:
    for _ in range(4):
        assert sign_in(client, "guess").status_code == 200  # the form again, with an error
    assert sign_in(client, "guess").status_code == 429  # the fifth failure locks out
    response = sign_in(client, "right-pw")
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302  # still signed out


def test_failures_from_elsewhere_do_not_lock_a_named_admin_out(client, editor) -> None:
    """Locking a username alone would let anyone lock a named admin out from anywhere."""
    for n in range(10):
        client.post(
            LOGIN, {"username": "editor", "password": "guess"}, REMOTE_ADDR=f"10.0.0.{n + 1}"
        )
    response = client.post(
        LOGIN, {"username": "editor", "password": "right-pw"}, REMOTE_ADDR="10.0.9.9"
    )
    assert response.status_code == 302


def test_a_username_is_locked_at_the_address_that_guessed_it(client, editor) -> None:
    for _ in range(5):
        client.post(LOGIN, {"username": "editor", "password": "guess"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        LOGIN, {"username": "editor", "password": "right-pw"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429


PROXY = {"REMOTE_ADDR": "127.0.0.1"}  # gunicorn sees every request come from the proxy


def through_proxy(client, client_address: str, username: str, password: str, sent: str = ""):
    """A sign-in as the documented proxy passes it on: it appends the client's address to
    whatever X-Forwarded-For the client sent."""
    forwarded = f"{sent}, {client_address}" if sent else client_address
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_X_FORWARDED_PROTO="https",
        **PROXY,
    )


def test_behind_the_proxy_an_attacker_locks_out_only_their_own_address(
    client, editor, settings
) -> None:
    settings.TRUSTED_PROXY = True
    for _ in range(5):
        through_proxy(client, "203.0.113.5", "editor", "guess")
    assert through_proxy(client, "203.0.113.5", "editor", "right-pw").status_code == 429
    assert through_proxy(client, "198.51.100.7", "editor", "right-pw").status_code == 302


def test_behind_the_proxy_lockouts_record_the_client_not_the_proxy(
    client, editor, settings
) -> None:
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY = True
    through_proxy(client, "203.0.113.5", "someone", "guess")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


def test_behind_the_proxy_a_forged_first_entry_does_not_dodge_the_lockout(
    client, editor, settings
) -> None:
    settings.TRUSTED_PROXY = True
    for n in range(5):
        through_proxy(client, "203.0.113.5", f"user{n}", "guess", sent=f"192.0.2.{n}")
    response = through_proxy(client, "203.0.113.5", "editor", "right-pw", sent="192.0.2.77")
    assert response.status_code == 429  # the proxy's own entry is the last one


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, editor) -> None:
    for n in range(5):
        client.post(
            LOGIN,
            {"username": f"user{n}", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = client.post(
        LOGIN, {"username": "editor", "password": "right-pw"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.status_code == 429  # the same REMOTE_ADDR made every attempt


def test_an_idle_admin_session_expires_and_each_request_renews_it(client, editor) -> None:
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/admin/")
    assert Session.objects.get().expire_date - timezone.now() > timedelta(minutes=29)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_nul_in_a_cookie_is_a_400_not_a_500(client) -> None:
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/admin/").status_code == 400


def test_a_nul_in_the_sign_in_form_is_a_400_not_a_500(client, editor) -> None:
    assert sign_in(client, "x", username="edi\x00tor").status_code == 400
