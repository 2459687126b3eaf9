"""The site's 400 handler: JSON under /api/ (a client there reads JSON), the 400 page
elsewhere. A request refused before any view runs (a NUL in the address, say) ends here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A JSON body naming the parameters at fault under /api/; the HTML 400 page elsewhere."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    named = sorted(
        name
        for name, values in request.GET.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    )
    errors = {name.replace("\x00", "\\x00"): ["Remove the NUL character"] for name in named}
    detail = "Invalid parameter: " + ", ".join(errors) if errors else str(exception)
    return JsonResponse({"detail": detail or "Bad request", "errors": errors}, status=400)
