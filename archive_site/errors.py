"""The site's 400 handler: JSON under /api/ (a client there reads JSON), the 400 page
elsewhere. A request refused before any view runs (a NUL in the address, say) ends here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from decisions.search.params import invalid_parameter_body


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A JSON body naming the parameters at fault under /api/; the HTML 400 page elsewhere."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    named = sorted(
        name
        for name, values in request.GET.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    )
    if not named:
        return JsonResponse({"detail": str(exception) or "Bad request", "errors": {}}, status=400)
    errors = {name.replace("\x00", "\\x00"): ["Remove the NUL character"] for name in named}
    return JsonResponse(invalid_parameter_body(errors), status=400)
