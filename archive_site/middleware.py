"""Site-wide middleware: bound request bodies, refuse NUL characters, renew admin sessions
on admin pages only."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver


class BodyLimitMiddleware:
    """Answer 413 to a request whose body is larger than the path allows, before anything
    reads it.

    Django bounds only form fields held in memory (DATA_UPLOAD_MAX_MEMORY_SIZE); a
    multipart body of files is streamed to the temp folder, however large, as soon as
    anything reads request.POST, and the CSRF check reads it for any client holding a CSRF
    cookie. Only the admin's "Import notices" upload takes files: every other path is held
    to REQUEST_BODY_LIMIT, and that one to UPLOAD_BODY_LIMIT (20 files of 20 MB), for a
    signed-in staff member only. So this runs after the session and user are known (both
    lazily, from the cookie) and before CSRF. The proxy in front should refuse larger
    bodies too (README).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.upload_path = f"/{settings.ADMIN_URL}decisions/decision/import/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = content_length(request.META)
        if length is None:
            return _refuse(request, 400, "The request's Content-Length is not a number.")
        limit = settings.REQUEST_BODY_LIMIT
        if length > limit and request.path == self.upload_path and _is_staff(request):
            limit = settings.UPLOAD_BODY_LIMIT
        if length > limit:
            return _refuse(
                request, 413, f"The request body is too large: at most {limit} bytes here."
            )
        return self.get_response(request)


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_active and user.is_staff)


def body_limit(path: str, *, upload_path: str, limit: int, upload_limit: int) -> int:
    """The largest body, in bytes, a request to `path` may send."""
    return upload_limit if path == upload_path else limit


def content_length(meta: dict) -> int | None:
    """The request's declared body length: 0 when absent, None when it is not a number."""
    value = str(meta.get("CONTENT_LENGTH") or "0").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    # No "Connection: close" here: WSGI forbids hop-by-hop headers from the app (runserver
    # fails on one); the server and the proxy close a connection whose body went unread.
    return HttpResponse(message + "\n", status=status, content_type="text/plain")


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The site's 400 page (JSON under /api/). Returned, not raised: a raised BadRequest is
    logged with its whole traceback, where Django logs a returned 400 as one line."""
    handler = get_resolver().resolve_error_handler(400)
    return handler(request, BadRequest(message))


class RejectNulMiddleware:
    """Answer 400 (the site's 400 page) when the path, a parameter or a cookie contains a
    NUL character; RejectNulFormMiddleware does the same for posted fields, after CSRF.

    psycopg refuses NUL in text parameters, so without this a URL such as
    /decisions/%00/ or /admin/…/?q=%00, or a session cookie with a NUL in it (looked up on
    every admin page) would fail deep in a query with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET.lists()):
            return _bad_request(request, "the address contains a NUL character")
        if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
            return _bad_request(request, "a cookie contains a NUL character")
        return self.get_response(request)


class RejectNulFormMiddleware:
    """Answer 400 when a posted field contains a NUL character (django-axes records the
    sign-in form's username). It sits after CsrfViewMiddleware and looks at the form only
    in process_view, once the CSRF check has passed: reading request.POST before it would
    take in the body of any anonymous POST."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        if request.method == "POST" and _has_nul(request.POST.lists()):
            return _bad_request(request, "the form contains a NUL character")
        return None


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
