"""Request bodies: bounded on every path but the admin's upload, and never read before
the CSRF check; refused requests log one line."""

from __future__ import annotations

import logging

import pytest
from django.http.request import HttpRequest
from django.test import Client

from archive_site.middleware import content_length

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/decisions/decision/import/"


@pytest.fixture
def bodies_read(monkeypatch) -> list[str]:
    """The paths whose request body something parsed."""
    read: list[str] = []
    real = HttpRequest._load_post_and_files

    def noting(self: HttpRequest) -> None:
        read.append(self.path)
        real(self)

    monkeypatch.setattr(HttpRequest, "_load_post_and_files", noting)
    return read


def test_a_large_post_to_a_public_page_is_refused_unread(client, bodies_read) -> None:
    response = client.post(
        "/decisions/", b"x" * 3_000_000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert b"too large" in response.content
    assert bodies_read == []


def test_a_declared_length_over_the_limit_is_refused_before_any_byte_is_read(client) -> None:
    response = client.post(
        "/admin/login/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="300000000",
    )
    assert response.status_code == 413


def test_staff_may_send_the_admin_upload_twenty_large_files(admin_client_logged_in) -> None:
    response = admin_client_logged_in.post(
        UPLOAD, b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH="300000000"
    )
    assert response.status_code != 413
    over = admin_client_logged_in.post(
        UPLOAD, b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH="500000000"
    )
    assert over.status_code == 413


def test_anyone_else_may_not_send_the_admin_upload_a_large_body(client, bodies_read) -> None:
    response = client.post(
        UPLOAD, b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH="300000000"
    )
    assert response.status_code == 413
    assert bodies_read == []


def test_a_content_length_that_is_not_a_number_is_a_400(client) -> None:
    response = client.post("/decisions/", b"", content_type="text/plain", CONTENT_LENGTH="12x")
    assert response.status_code == 400


def test_an_anonymous_post_without_a_csrf_cookie_is_refused_unread(bodies_read) -> None:
    client = Client(enforce_csrf_checks=True)
    body = {"f": ("a" * 1000)}
    response = client.post("/decisions/", body)
    assert response.status_code == 403
    assert bodies_read == []


def test_a_nul_in_a_posted_form_is_still_a_400_after_the_csrf_check(client) -> None:
    response = client.post("/admin/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400


def test_a_nul_in_the_address_logs_one_line_without_a_traceback(client, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/decisions/%00/").status_code == 400
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert records[0].getMessage().startswith("Bad Request: /decisions/")


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, 0),
        ({"CONTENT_LENGTH": ""}, 0),
        ({"CONTENT_LENGTH": " 12 "}, 12),
        ({"CONTENT_LENGTH": "-1"}, None),
        ({"CONTENT_LENGTH": "١٢"}, None),
    ],
)
def test_content_length_reads_only_a_plain_number(meta: dict, expected: int | None) -> None:
    assert content_length(meta) == expected
