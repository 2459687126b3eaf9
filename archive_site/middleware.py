"""Refuse requests carrying NUL characters, which no page needs and PostgreSQL cannot store."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RejectNulMiddleware:
    """Answer 400 (the site's 400 page) when the path or a parameter contains a NUL character.

    psycopg refuses NUL in text parameters, so without this a URL such as
    /decisions/%00/ or /admin/…/?q=%00 would fail deep in a query with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("the address contains a NUL character")
        return self.get_response(request)
