"""Site-wide middleware: refuse NUL characters; renew admin sessions on admin pages only."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RejectNulMiddleware:
    """Answer 400 (the site's 400 page) when the path, a parameter, a posted field or a
    cookie contains a NUL character.

    psycopg refuses NUL in text parameters, so without this a URL such as
    /decisions/%00/ or /admin/…/?q=%00, a session cookie with a NUL in it (looked up on
    every admin page) or a sign-in form with one (recorded by django-axes) would fail deep
    in a query with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET.lists()):
            raise BadRequest("the address contains a NUL character")
        if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
            raise BadRequest("a cookie contains a NUL character")
        if request.method == "POST" and _has_nul(request.POST.lists()):
            raise BadRequest("the form contains a NUL character")
        return self.get_response(request)


def _has_nul(items: Iterable[tuple[str, list[str]]]) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in items)


class AdminSessionRenewalMiddleware:
    """Each admin page renews the signed-in session, so an admin at work is never signed out
    mid-task, while one left idle for ADMIN_IDLE_MINUTES is (SESSION_COOKIE_AGE).

    Only admin pages renew it: a public page read by a signed-in admin writes nothing, so it
    can be served from a read replica, and it does not count as admin activity.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and request.path.startswith(self.prefix) and not session.is_empty():
            session.modified = True  # SessionMiddleware saves it, with a fresh expiry
        return response
