"""The copies a harvest kept, served so that each fact on a decision's page can be traced
to the very bytes it came from (the council's page may since have changed)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from decisions import selectors as core_selectors
from decisions.moderngov import selectors
from decisions.opendata.http import public_cache
from decisions.views import withdrawn_response

# What a kept copy is served as, by what its bytes begin with. Never as HTML: a council's
# page is shown as its source, so nothing in it runs as a page of this site.
PDF_MAGIC = b"%PDF-"


def fetched_copy(request: HttpRequest, council: str, reference: str, resource: int) -> HttpResponse:
    """A fetch kept of the decision's ModernGov page, issue page or a document, as fetched:
    a PDF as a PDF, anything else as plain text."""
    fetched = selectors.fetched_copy(council, reference, resource)
    if fetched is None:
        withdrawn = core_selectors.withdrawn_decision(council, reference)
        if withdrawn is not None:
            return withdrawn_response(request, withdrawn)
        raise Http404("No such copy is kept for that decision.")
    data = bytes(fetched.content.data)
    if data.startswith(PDF_MAGIC):
        content_type, suffix = "application/pdf", "pdf"
    else:
        content_type, suffix = _text_type(data), "txt"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{reference}-{fetched.kind}-{fetched.pk}.{suffix}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    if suffix == "txt":
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # The bytes of a fetch never change, but the decision may be withdrawn: cached no
    # longer than the archive's other public pages.
    return public_cache(response)


def _text_type(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "text/plain"
    return "text/plain; charset=utf-8"
