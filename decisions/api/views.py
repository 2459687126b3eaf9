"""Read-only API views. Thin: the decision search is the selector the HTML list uses, each
item the typed export record; every response can be revalidated with its ETag."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from decisions.api.params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, api_params
from decisions.api.reference import api_reference
from decisions.api.serializers import (
    CorrectionSerializer,
    CouncillorDetailSerializer,
    CouncillorSerializer,
    CouncilSerializer,
    DecisionSerializer,
    TimelineDetailSerializer,
    TimelineSerializer,
    absolute,
)
from decisions.models import Correction, Council, Councillor, Decision
from decisions.opendata.export import with_export_relations
from decisions.opendata.http import conditional_on_archive, public_cache
from decisions.search.filters import MAX_YEAR, MIN_YEAR, DecisionFilter
from decisions.search.params import invalid_parameter_body
from decisions.search.selectors import decision_search
from decisions.selectors import (
    all_decisions,
    councillors_for_api,
    councillors_with_signed_decisions,
    councils_with_counts,
    councils_with_reference,
    decisions_by_year,
    decisions_with_withdrawn,
    modified_since,
    public_corrections,
)
from decisions.timelines.filters import council_filter
from decisions.timelines.models import Timeline
from decisions.timelines.selectors import (
    timeline_members,
    timelines_named,
    timelines_with_counts,
    timelines_with_visible_events,
)


class BadParameters(APIException):
    """A 400 whose body names each bad parameter: {"detail": ..., "errors": {name: [...]}}."""

    status_code = 400
    default_code = "invalid_parameter"

    def __init__(self, errors: Mapping[str, Sequence[Any]]) -> None:
        super().__init__(invalid_parameter_body(errors))


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class NotFoundSerializer(serializers.Serializer):
    detail = serializers.CharField()


BAD_REQUEST = OpenApiResponse(ErrorSerializer, description="A parameter is invalid.")
NOT_FOUND = OpenApiResponse(NotFoundSerializer, description="No such record or page.")


class Pagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` is checked by ApiParamsForm."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class DecisionPagination(Pagination):
    """Pages decisions in two steps: the page's ids first (sorting and skipping narrow rows),
    then those decisions with everything the record reads. A deep page of a big archive no
    longer sorts every wide row to throw most of them away."""

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> Any:
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        if not ids:
            return ids
        by_id = queryset.order_by().in_bulk(ids)
        return [by_id[pk] for pk in ids]


def checked_api_params(request: Request) -> dict[str, Any]:
    """The API's own parameters, cleaned, or a 400 naming the bad ones."""
    form = api_params(request.query_params)
    if form.errors:
        raise BadParameters(form.errors)
    return form.cleaned_data


class DecisionSearchBackend(DjangoFilterBackend):
    """Filters and sorts through decision_search, the list page's selector; the schema's
    parameters come from its FilterSet."""

    def get_filterset_class(self, view: Any, queryset: Any = None) -> type[DecisionFilter]:
        return DecisionFilter

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        own = api_params(request.query_params)
        search = decision_search(
            params=request.query_params,
            include_withdrawn=own.cleaned_data.get("include") == "withdrawn",
        )
        errors = dict(search.filterset.form.errors)
        errors.update(own.errors)
        if errors:
            raise BadParameters(errors)
        since = own.cleaned_data.get("modified_since")
        return with_export_relations(modified_since(search.decisions, since))


archive_cached = method_decorator(conditional_on_archive, name="dispatch")


class PublicCacheMixin:
    """Cache-Control for a public archive on every response, errors included."""

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        return public_cache(response)


def _ranged(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


# The search parameters as the API reads them (the FilterSet alone would document `year`,
# a lookup on a date field, as a date; and a date as ISO only).
SEARCH_PARAMETERS = [
    OpenApiParameter(
        "year",
        _ranged(MIN_YEAR, MAX_YEAR),
        description=f"Decisions of one year, e.g. 2022 (a whole number, {MIN_YEAR} to {MAX_YEAR}).",
    ),
    *(
        OpenApiParameter(
            name,
            {"type": "string", "example": "2022-12-15"},
            description=f"Decisions made {word} this day: 2022-12-15 or 15/12/2022 "
            "(also 15 December 2022).",
        )
        for name, word in (("date_from", "on or after"), ("date_to", "on or before"))
    ),
    OpenApiParameter(
        "key",
        {"type": "string", "enum": ["1", "true", "yes", "on", "0", "false"]},
        description="1 (or true, yes, on) for key decisions only; anything else for all.",
    ),
    OpenApiParameter(
        "councillor",
        str,
        description="The slug of the councillor who signed, e.g. jonathan-lester.",
    ),
    OpenApiParameter(
        "page", {"type": "integer", "minimum": 1}, description="A page number, from 1."
    ),
    OpenApiParameter(
        "page_size",
        _ranged(1, MAX_PAGE_SIZE),
        description=f"Results a page ({DEFAULT_PAGE_SIZE} unless given; at most {MAX_PAGE_SIZE}).",
    ),
]


@archive_cached
@extend_schema(
    parameters=[
        *SEARCH_PARAMETERS,
        OpenApiParameter(
            "modified_since",
            OpenApiTypes.DATETIME,
            description="Only decisions imported, corrected or withdrawn at or after this time "
            "(ISO 8601; pass the `modified` of the last record you synced).",
        ),
        OpenApiParameter(
            "include",
            {"type": "string", "enum": ["withdrawn"]},
            description="`withdrawn`: list withdrawn decisions too, each as a short record with "
            "`withdrawn` (when) and `withdrawn_reason`, so a mirror can take them down.",
        ),
    ],
    responses={200: DecisionSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
)
class DecisionList(PublicCacheMixin, generics.ListAPIView):
    """Search decisions with the parameters /decisions/ takes; each item is a full record."""

    serializer_class = DecisionSerializer
    pagination_class = DecisionPagination
    filter_backends = [DecisionSearchBackend]

    def get_queryset(self) -> QuerySet[Decision]:
        return all_decisions()  # unused: the backend starts from decision_search


@extend_schema(
    operation_id="decisions_by_reference_only",
    responses={301: None, 300: OpenApiTypes.OBJECT, 404: NOT_FOUND},
    description="From before councils: answers 301 to the decision's URL "
    "(/api/decisions/<council>/<reference>/) while the reference names one decision, "
    "300 with each council's decision when several councils have it, 404 when none does.",
)
@api_view(["GET"])
def old_decision_url(request: Request, reference: str) -> HttpResponse:
    named = councils_with_reference(reference)
    if not named:
        return Response({"detail": "No decision has that reference."}, status=404)
    if len(named) == 1:
        decision = named[0]
        return HttpResponsePermanentRedirect(
            reverse("api:decision-detail", args=[decision.council.slug, decision.reference])
        )
    choices = [
        {
            "council": decision.council.slug,
            "reference": decision.reference,
            "title": decision.title,
            "api": request.build_absolute_uri(
                reverse("api:decision-detail", args=[decision.council.slug, decision.reference])
            ),
        }
        for decision in named
    ]
    return Response(
        {"detail": "Several councils have this reference.", "choices": choices}, status=300
    )


GONE = OpenApiResponse(
    DecisionSerializer,
    description="The decision was withdrawn: its short record, with `withdrawn` and "
    "`withdrawn_reason`.",
)


@archive_cached
@extend_schema(responses={200: DecisionSerializer, 404: NOT_FOUND, 410: GONE})
class DecisionDetail(PublicCacheMixin, generics.RetrieveAPIView):
    """One decision, by its council's slug and its issue reference (e.g.
    herefordshire/I50042913); 410 Gone once withdrawn."""

    serializer_class = DecisionSerializer
    lookup_field = "reference"

    def get_queryset(self) -> QuerySet[Decision]:
        return with_export_relations(decisions_with_withdrawn()).filter(
            council__slug=self.kwargs["council"]
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        status = 410 if decision.is_withdrawn else 200
        return Response(self.get_serializer(decision).data, status=status)


@archive_cached
@extend_schema(responses={200: CouncilSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND})
class CouncilList(PublicCacheMixin, generics.ListAPIView):
    """Every council in the archive, with its GSS and register codes and what it holds."""

    serializer_class = CouncilSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Council]:
        checked_api_params(self.request)
        return councils_with_counts()

    def paginate_queryset(self, queryset: QuerySet[Council]) -> list[Council] | None:
        """The page's councils, each with its decisions by year (one query for the page)."""
        page = super().paginate_queryset(queryset)
        councils = list(page if page is not None else queryset)
        years = decisions_by_year([council.pk for council in councils])
        for council in councils:
            council.by_year = years.get(council.pk, [])
        return page


@archive_cached
@extend_schema(responses={200: CouncillorSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND})
class CouncillorList(PublicCacheMixin, generics.ListAPIView):
    """Every councillor who signed a decision, with how many they signed."""

    serializer_class = CouncillorSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Councillor]:
        checked_api_params(self.request)
        return councillors_for_api()


@archive_cached
@extend_schema(responses={200: CouncillorDetailSerializer, 404: NOT_FOUND})
class CouncillorDetail(PublicCacheMixin, generics.RetrieveAPIView):
    """A councillor, the names they signed under, and every decision they signed."""

    serializer_class = CouncillorDetailSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Councillor]:
        return councillors_with_signed_decisions()


@archive_cached
@extend_schema(
    parameters=[
        OpenApiParameter(
            "council",
            OpenApiTypes.STR,
            description="The slug of a council: only its timelines, e.g. herefordshire.",
        )
    ],
    responses={200: TimelineSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
)
class TimelineList(PublicCacheMixin, generics.ListAPIView):
    """Every council's timelines (or one council's), with how many decisions are on each."""

    serializer_class = TimelineSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Timeline]:
        checked_api_params(self.request)
        form = council_filter(self.request.query_params)
        if form.errors:
            raise BadParameters(form.errors)
        return timelines_with_counts(form.cleaned_data["council"])


@archive_cached
@extend_schema(responses={200: TimelineDetailSerializer, 404: NOT_FOUND})
class TimelineDetail(PublicCacheMixin, generics.RetrieveAPIView):
    """A council's timeline: its decisions (oldest first) and its dated events, each leading
    back to the sentence and clause it was read from."""

    serializer_class = TimelineDetailSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Timeline]:
        return timelines_with_visible_events().filter(council__slug=self.kwargs["council"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        timeline = self.get_object()
        members = timeline_members(timeline).oldest_first()
        timeline.member_decisions = list(
            members.select_related("council").only(
                "reference", "title", "decision_date", "council__slug"
            )
        )
        return Response(self.get_serializer(timeline).data)


class TimelineChoiceSerializer(serializers.Serializer):
    detail = serializers.CharField()
    timelines = TimelineSerializer(many=True)


class TimelineOldAddress(PublicCacheMixin, generics.GenericAPIView):
    """A timeline's address from before timelines were a council's: a permanent redirect to
    the timeline of the one council that has the slug, or each council's when several do."""

    serializer_class = TimelineSerializer

    @extend_schema(
        operation_id="timelines_old_address",
        responses={
            301: OpenApiResponse(description="To the one council's timeline with this slug."),
            300: OpenApiResponse(
                TimelineChoiceSerializer, description="Several councils have one: each of them."
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        timelines = timelines_named(slug)
        if not timelines:
            raise NotFound("No timeline has that name.")
        if len(timelines) == 1:
            timeline = timelines[0]
            path = reverse(
                "api:timeline-detail", kwargs={"council": timeline.council.slug, "slug": slug}
            )
            return Response(status=301, headers={"Location": absolute(request, path)})
        body = {
            "detail": f"Several councils have a timeline called {slug}: choose one.",
            "timelines": self.get_serializer(timelines, many=True).data,
        }
        return Response(body, status=300)


@archive_cached
@extend_schema(
    parameters=[
        OpenApiParameter(
            "modified_since",
            OpenApiTypes.DATETIME,
            description="Only corrections made at or after this time (ISO 8601).",
        ),
    ],
    responses={200: CorrectionSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
)
class CorrectionList(PublicCacheMixin, generics.ListAPIView):
    """Corrections admins made, newest first."""

    serializer_class = CorrectionSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Correction]:
        since = checked_api_params(self.request).get("modified_since")
        return public_corrections(since=since)


class ApiDocs(SpectacularSwaggerSplitView):
    """/api/docs/: the site's page, with the interactive console on top and, below it, the
    reference printed on the server, so the page is readable without JavaScript."""

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data["endpoints"] = api_reference()
        return response
