"""Reads of the archive core's records: every page, feed, API view, calendar, CSV and sitemap
reads its decisions, councillors and corrections through a function here (or, for a search,
through `decisions.search.selectors.decision_search`). Views build no querysets of their own,
so a rule about which records the public sees (a council's scope, say) is added here once.

Each selector returns a queryset or a list shaped for its readers: the fields they show, and
the relations they follow, so a page runs a fixed number of queries however many rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from decisions.models import Correction, Council, Councillor, Decision, SourceDocument

# Of a councillor's decisions, those the public sees (for aggregates over the relation).
PUBLISHED_SIGNED = Q(decisions__withdrawn_at__isnull=True)
# What a list of decisions shows; the long texts (the notice itself) stay in the database.
LIST_FIELDS = ("reference", "title", "decision_date", "decision_maker", "is_key_decision")


def as_listed(decisions: QuerySet[Decision], *extra: str) -> QuerySet[Decision]:
    """Decisions shaped as a list shows them: the list's fields (and `extra`), and the
    council each is named with, read in the same query."""
    return decisions.select_related("council").only(
        *LIST_FIELDS, *extra, "council__name", "council__slug"
    )


# Decisions


def latest_decisions(count: int) -> QuerySet[Decision]:
    """The newest decisions, as a list shows them."""
    return as_listed(Decision.objects.published().newest_first())[:count]


@dataclass(frozen=True)
class Holdings:
    """What the archive holds: how many decisions, and the span of their dates."""

    total: int
    first: date | None
    last: date | None


def archive_holdings() -> Holdings:
    held = Decision.objects.published().aggregate(
        total=Count("pk"), first=Min("decision_date"), last=Max("decision_date")
    )
    return Holdings(**held)


def all_decisions() -> QuerySet[Decision]:
    """Every decision the public sees (none withdrawn)."""
    return Decision.objects.published()


def decisions_with_withdrawn() -> QuerySet[Decision]:
    """Every decision, withdrawn ones too: for the API, which answers 410 for those."""
    return Decision.objects.all()


def _of(council: str, reference: str) -> Q:
    """The decision a URL names: a council's slug and its reference."""
    return Q(council__slug=council, reference=reference)


def decision_exists(council: str, reference: str) -> bool:
    """True when the council has a decision with the reference (a withdrawn one too: its
    page says so)."""
    return Decision.objects.filter(_of(council, reference)).exists()


def decision_for_page(council: str, reference: str) -> Decision | None:
    """One decision with everything its page shows: clauses, corrections, signatory, its
    council and the original file's facts (not its bytes)."""
    return (
        Decision.objects.with_signatory()
        .prefetch_related("clauses", "corrections")
        .select_related("source_document", "council")
        .defer("search_document", "source_document__data")
        .filter(_of(council, reference))
        .first()
    )


def decision_heading(council: str, reference: str) -> Decision | None:
    """A decision's reference, title and council only (a feed's title, say)."""
    return (
        Decision.objects.select_related("council")
        .only("reference", "title", "council__slug", "council__name")
        .filter(_of(council, reference))
        .first()
    )


def decisions_by_reference(council: str, reference: str) -> QuerySet[Decision]:
    """The council's decision with this reference, as a queryset (empty if there is none,
    or if it was withdrawn)."""
    return Decision.objects.published().filter(_of(council, reference))


def withdrawn_decision(council: str, reference: str) -> Decision | None:
    """The council's withdrawn decision with this reference, with what its 410 page shows."""
    return (
        Decision.objects.withdrawn()
        .select_related("council")
        .only(
            "reference",
            "title",
            "decision_date",
            "withdrawn_at",
            "withdrawn_reason",
            "council__slug",
            "council__name",
        )
        .filter(_of(council, reference))
        .first()
    )


def original_document(council: str, reference: str) -> SourceDocument | None:
    """The original file a decision was imported from."""
    return SourceDocument.objects.filter(
        decision__council__slug=council,
        decision__reference=reference,
        decision__withdrawn_at__isnull=True,
    ).first()


def councils_with_reference(reference: str) -> list[Decision]:
    """Every council's decision with this reference (withdrawn ones too), as a list shows
    them, by council: what an old council-less URL resolves to."""
    return list(
        as_listed(Decision.objects.filter(reference=reference)).order_by("council__name")[:100]
    )


def open_call_ins(decisions: QuerySet[Decision], today: date) -> list[Decision]:
    """Of these decisions, those whose call-in period is still open (it ends at the end of
    its expiry day), soonest first."""
    return list(
        decisions.filter(call_in_expiry__gte=today)
        .select_related("council")
        .order_by("call_in_expiry", "reference")
        .only(
            "reference",
            "title",
            "decision_maker",
            "decision_date",
            "call_in_expiry",
            "updated_at",
            "council__slug",
            "council__name",
        )
    )


def modified_since(decisions: QuerySet[Decision], since: datetime | None) -> QuerySet[Decision]:
    """Of these decisions, those imported or changed at or after `since` (all if None)."""
    return decisions if since is None else decisions.filter(updated_at__gte=since)


def decisions_for_sitemap() -> QuerySet[Decision]:
    return (
        Decision.objects.published()
        .select_related("council")
        .order_by("pk")
        .only("reference", "updated_at", "council__slug")
    )


def latest_change(*, signed: bool = False) -> datetime | None:
    """When a decision (with signed, one a councillor signed) last changed: one aggregate."""
    decisions = Decision.objects.filter(signatory__isnull=False) if signed else Decision.objects
    return decisions.aggregate(latest=Max("updated_at"))["latest"]


# Councils


def council_name(slug: str) -> str:
    """The council's name, or "" if no council has that slug."""
    return Council.objects.filter(slug=slug).values_list("name", flat=True).first() or ""


def council_by_slug(slug: str) -> Council | None:
    return Council.objects.filter(slug=slug).first()


def council_home(slug: str) -> tuple[Coverage, list[Decision], list[Councillor]] | None:
    """A council's home: its coverage (counts, years, freshness), its newest decisions and
    the councillors who signed most of its decisions; None if no council has the slug.
    Four queries, however much the council holds."""
    council = councils_with_counts().filter(slug=slug).first()
    if council is None:
        return None
    years = list(
        Decision.objects.published()
        .filter(council=council)
        .annotate(year=ExtractYear("decision_date"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    latest = list(
        as_listed(Decision.objects.published().filter(council=council).newest_first())[:10]
    )
    signers = list(
        Councillor.objects.filter(council=council)
        .with_decision_counts()
        .filter(decision_count__gt=0)
        .order_by("-decision_count", "name")
        .only("name", "slug")[:10]
    )
    return Coverage(council, [(year, n) for year, n in years]), latest, signers


def councils_with_counts() -> QuerySet[Council]:
    """Every council, with how many decisions the public sees (`decision_count`), the date
    of its newest (`newest_decision`) and when its records last changed (`last_changed`:
    imported, corrected or withdrawn), by name."""
    published = Q(decisions__withdrawn_at__isnull=True)
    return Council.objects.annotate(
        decision_count=Count("decisions", filter=published),
        newest_decision=Max("decisions__decision_date", filter=published),
        last_changed=Max("decisions__updated_at"),
    ).order_by("name")


@dataclass(frozen=True)
class Coverage:
    """What the archive holds of one council: its decisions by year, newest year first."""

    council: Council
    by_year: list[tuple[int, int]]  # (year, decisions)


def decisions_by_year(council_ids: list[int] | None = None) -> dict[int, list[tuple[int, int]]]:
    """{council id: [(year, decisions the public sees), newest year first]}, of these
    councils (every council's with None): one query."""
    rows = Decision.objects.published()
    if council_ids is not None:
        rows = rows.filter(council_id__in=council_ids)
    years: dict[int, list[tuple[int, int]]] = {}
    for council_id, year, n in (
        rows.annotate(year=ExtractYear("decision_date"))
        .values_list("council_id", "year")
        .annotate(n=Count("pk"))
        .order_by("council_id", "-year")
    ):
        years.setdefault(council_id, []).append((year, n))
    return years


def council_coverage() -> list[Coverage]:
    """Every council's coverage, in two queries however many councils and years."""
    councils = list(councils_with_counts())
    years = decisions_by_year()
    return [Coverage(council, years.get(council.pk, [])) for council in councils]


# Councillors


def councillor_name(slug: str) -> str:
    """The councillor's name, or "" if no councillor has that slug."""
    return Councillor.objects.filter(slug=slug).values_list("name", flat=True).first() or ""


def councillor_by_slug(slug: str) -> Councillor | None:
    return Councillor.objects.select_related("council").filter(slug=slug).first()


def councillors_with_spans() -> QuerySet[Councillor]:
    """Every councillor with how many decisions they signed, and the first and last date."""
    return (
        Councillor.objects.with_decision_counts()
        .select_related("council")
        .annotate(
            first_signed=Min("decisions__decision_date", filter=PUBLISHED_SIGNED),
            last_signed=Max("decisions__decision_date", filter=PUBLISHED_SIGNED),
        )
        .order_by("name", "pk")  # Meta.ordering is not applied to GROUP BY queries
    )


def councillor_count() -> int:
    return Councillor.objects.count()


def councillor_with_aliases(slug: str) -> Councillor | None:
    """A councillor and the spellings they signed under."""
    return Councillor.objects.prefetch_related("aliases").filter(slug=slug).first()


def decisions_signed(councillor: Councillor) -> QuerySet[Decision]:
    """The decisions a councillor signed (unordered: a list sorts them, a count does not)."""
    return Decision.objects.published().filter(signatory=councillor)


def councillors_for_api() -> QuerySet[Councillor]:
    """Every councillor, with their counts and spellings, by name."""
    return Councillor.objects.with_decision_counts().prefetch_related("aliases").order_by("name")


def councillors_with_signed_decisions() -> QuerySet[Councillor]:
    """Councillors each with `signed`: the decisions they signed, newest first."""
    return (
        Councillor.objects.with_decision_counts()
        .prefetch_related(
            "aliases",
            Prefetch(
                "decisions",
                queryset=Decision.objects.published()
                .newest_first()
                .select_related("council")
                .only("reference", "title", "decision_date", "signatory_id", "council__slug"),
                to_attr="signed",
            ),
        )
        .order_by("name")
    )


def councillors_for_sitemap() -> QuerySet[Councillor]:
    """Every councillor, with `last_change`: when a decision they signed last changed."""
    return (
        Councillor.objects.annotate(
            last_change=Max("decisions__updated_at", filter=PUBLISHED_SIGNED)
        )
        .order_by("slug")
        .only("slug")
    )


@dataclass(frozen=True)
class RoleHeld:
    """A role a councillor signed decisions in, and when."""

    role: str
    count: int
    first: date
    last: date


def roles_held(decisions: QuerySet[Decision]) -> list[RoleHeld]:
    """Group decisions by the signatory's role (ignoring case), most recent role first."""
    rows = (
        decisions.order_by()
        .values("signatory_role")
        .annotate(n=Count("pk"), first=Min("decision_date"), last=Max("decision_date"))
    )
    merged: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        key = " ".join(row["signatory_role"].casefold().split())
        merged.setdefault(key, []).append(row)
    roles = [
        RoleHeld(
            # Show the spelling used most often, e.g. "Leader of the Council".
            role=max(group, key=lambda row: (row["n"], row["last"]))["signatory_role"].strip()
            or "Role not given",
            count=sum(row["n"] for row in group),
            first=min(row["first"] for row in group),
            last=max(row["last"] for row in group),
        )
        for group in merged.values()
    ]
    return sorted(roles, key=lambda role: (role.last, role.first), reverse=True)


# Corrections


def public_corrections(
    *, decision: Decision | None = None, since: datetime | None = None
) -> QuerySet[Correction]:
    """Corrections, newest first, with what they corrected; who made them is left out.

    Only one decision's with `decision`; only those made at or after `since`.
    """
    corrections = (
        Correction.objects.select_related("decision__council", "councillor__council")
        .only(
            *(f.name for f in Correction._meta.concrete_fields if f.name != "user"),
            "decision__reference",
            "decision__title",
            "decision__council__slug",
            "decision__council__name",
            "councillor__name",
            "councillor__slug",
            "councillor__council__slug",
        )
        .order_by("-created_at", "-id")
    )
    if decision is not None:
        corrections = corrections.filter(decision=decision)
    if since is not None:
        corrections = corrections.filter(created_at__gte=since)
    return corrections
