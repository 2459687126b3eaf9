"""The admin's "Needs checking" list: decisions read from a scan by OCR with fields read at
low confidence, and the page where an admin confirms or corrects each one with the scanned
page beside it. The rules and the service are in decisions/ocr_checks.py; these views only
read, call the service and render.

Routes (archive_site/urls.py, under the admin's path):
  decisions/needs-checking/                   the list
  decisions/needs-checking/<id>/              one decision's fields to check
  decisions/needs-checking/<id>/page-<n>.png  its scanned page n, as an image
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from decisions.corrections import corrections_by_decision, field_label
from decisions.councils import councils_of, may_act_for
from decisions.models import Decision, SourceDocument
from decisions.ocr_checks import CHECKABLE_FIELDS, LOW_CONFIDENCE, check_field, fields_to_check
from decisions.parsing import SourceFormat
from decisions.parsing.formats.ocr_engine import OcrProblem, page_count, page_png

MAX_LISTED = 200
PERMISSION = "decisions.change_decision"


@dataclass(frozen=True)
class FieldToCheck:
    """One field of a decision to check: its name, label, confidence and value as stored."""

    name: str
    label: str
    confidence: float
    value: str


def _checked_fields(decision_ids: list[int]) -> dict[int, frozenset[str]]:
    kept = corrections_by_decision(decision_ids)
    return {pk: kept[pk].fields if pk in kept else frozenset() for pk in decision_ids}


def _to_check(decision: Decision, checked: frozenset[str]) -> list[FieldToCheck]:
    return [
        FieldToCheck(name, field_label(name), confidence, _as_text(getattr(decision, name)))
        for name, confidence in fields_to_check(decision.field_confidence, checked)
    ]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()  # a date, as the correction form takes it
    return str(value)


@permission_required(PERMISSION, raise_exception=True)
def needs_checking_list(request: HttpRequest) -> HttpResponse:
    """OCR'd decisions with fields read at low confidence that no admin has checked yet."""
    decisions = list(
        Decision.objects.filter(
            source_format=SourceFormat.OCR, council__in=councils_of(request.user)
        )
        .only("id", "reference", "title", "decision_date", "field_confidence")
        .order_by("-imported_at", "-id")
    )
    checked = _checked_fields([d.pk for d in decisions])
    rows = [(d, fields) for d in decisions if (fields := _to_check(d, checked[d.pk]))]
    context = {
        **admin.site.each_context(request),
        "title": "Needs checking",
        "rows": rows[:MAX_LISTED],
        "more": max(0, len(rows) - MAX_LISTED),
        "threshold": LOW_CONFIDENCE,
    }
    return render(request, "admin/decisions/needs_checking_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION, raise_exception=True)
def needs_checking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision's fields to check beside its scanned pages; POST checks one field."""
    decision = get_object_or_404(Decision, pk=pk, source_format=SourceFormat.OCR)
    if not may_act_for(request.user, decision.council_id):  # another council's: nothing changes
        raise PermissionDenied
    here = reverse("needs-checking-detail", args=[pk])
    if request.method == "POST":
        field = request.POST.get("field", "")
        action = request.POST.get("action", "")
        if field not in CHECKABLE_FIELDS or action not in {"confirm", "correct"}:
            messages.error(request, "Choose a field, then Confirm or Save correction.")
            return redirect(here)
        corrected = request.POST.get("value", "") if action == "correct" else None
        try:
            check_field(
                decision_id=decision.pk,
                field=field,
                corrected=corrected,
                user=request.user,  # type: ignore[arg-type]
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(here)
        done = "confirmed" if corrected is None else "corrected"
        messages.success(request, f"{field_label(field).capitalize()} {done}.")
        return redirect(here)
    checked = _checked_fields([decision.pk])[decision.pk]
    document = SourceDocument.objects.filter(decision=decision).only("data").first()
    pages = page_count(bytes(document.data)) if document else 0
    context = {
        **admin.site.each_context(request),
        "title": f"Check {decision.reference}: {decision.title}",
        "decision": decision,
        "fields": _to_check(decision, checked),
        "pages": [
            reverse("needs-checking-page", args=[pk, number]) for number in range(1, pages + 1)
        ],
        "threshold": LOW_CONFIDENCE,
    }
    return render(request, "admin/decisions/needs_checking_detail.html", context)


@permission_required(PERMISSION, raise_exception=True)
def needs_checking_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Page `number` of the decision's scanned original, as a PNG."""
    document = get_object_or_404(
        SourceDocument.objects.select_related("decision"),
        decision_id=pk,
        decision__source_format=SourceFormat.OCR,
    )
    if not may_act_for(request.user, document.decision.council_id):
        raise PermissionDenied
    try:
        image = page_png(bytes(document.data), number - 1)
    except OcrProblem as error:
        raise Http404(str(error)) from None
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns = [
    path("", admin.site.admin_view(needs_checking_list), name="needs-checking"),
    path("<int:pk>/", admin.site.admin_view(needs_checking_detail), name="needs-checking-detail"),
    path(
        "<int:pk>/page-<int:number>.png",
        admin.site.admin_view(needs_checking_page),
        name="needs-checking-page",
    ),
]
