"""How the alerts app plugs into the archive core (see decisions.seams).

Called once from AlertsConfig.ready(): the core never imports this app. It registers the
derived step that logs each change, the "Get email alerts" forms on the core's pages, and
its tables as private, so a backup leaves the addresses out unless asked.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.apps import apps

from decisions.alerts.kinds import AlertKind
from decisions.alerts.models import (
    Alert,
    ChangeEvent,
    MatchRun,
    OutboxMessage,
    RateCount,
    Subscriber,
)
from decisions.alerts.selectors import council_choices
from decisions.alerts.services import normalised_query
from decisions.seams import (
    PageBlock,
    register_derived_step,
    register_page_block,
    register_private_models,
)
from decisions.vocabulary import ChangeKind

FORM = "alerts/includes/signup_form.html"
# What a run reports: a restore brings back decisions already seen, so it alerts nobody.
LOGGED = frozenset(
    {ChangeKind.CREATED, ChangeKind.UPDATED, ChangeKind.CORRECTED, ChangeKind.WITHDRAWN}
)


def log_changes(decision_ids: Collection[int], *, kind: ChangeKind, final: bool) -> None:
    """The alerts' derived step: one ChangeEvent a decision, in the write's transaction."""
    if kind not in LOGGED or not decision_ids:
        return
    ChangeEvent.objects.bulk_create(
        [ChangeEvent(decision_id=pk, kind=kind.value) for pk in decision_ids], batch_size=500
    )


def _form(kind: AlertKind, *, target: str = "", querystring: str = "", **extra: Any) -> dict:
    return {"alert_kind": kind.value, "alert_target": target, "alert_query": querystring, **extra}


def signup_form_context(*, kind: str, target: str, querystring: str) -> dict:
    """The sign-up form's context for a kind posted back (the form shown again with its
    errors): what each page's block gives it."""
    try:
        alert_kind = AlertKind(kind)
    except ValueError:
        alert_kind = AlertKind.SEARCH
    if alert_kind == AlertKind.SEARCH:
        return _form(alert_kind, querystring=querystring[:2000], changes_offered=True)
    if alert_kind == AlertKind.COUNCIL:
        return _form(alert_kind, councils=council_choices(), changes_offered=True)
    return _form(alert_kind, target=target[:200], changes_offered=alert_kind != AlertKind.DECISION)


def _search_form(params: Mapping[str, Any]) -> dict:
    return _form(AlertKind.SEARCH, querystring=normalised_query(params), changes_offered=True)


def plug_into_the_archive() -> None:
    """Register the derived step, the page blocks and the private models with the core."""
    register_derived_step("alerts", log_changes)
    register_private_models(
        "alerts",
        tuple(
            m._meta.label_lower
            for m in (Subscriber, Alert, MatchRun, ChangeEvent, OutboxMessage, RateCount)
        ),
    )
    register_page_block("about", "alerts", PageBlock("alerts/includes/privacy.html", dict))
    register_page_block("follow-search", "alerts", PageBlock(FORM, _search_form))
    register_page_block(
        "follow-councillor",
        "alerts",
        PageBlock(
            FORM,
            lambda councillor: _form(
                AlertKind.COUNCILLOR, target=councillor.slug, changes_offered=True
            ),
        ),
    )
    register_page_block(
        "follow-decision",
        "alerts",
        PageBlock(FORM, lambda decision: _form(AlertKind.DECISION, target=str(decision.pk))),
    )
    register_page_block(
        "follow-council",
        "alerts",
        PageBlock(
            FORM,
            lambda coverage: _form(
                AlertKind.COUNCIL, councils=council_choices(), changes_offered=True
            ),
        ),
    )
    if apps.is_installed("decisions.timelines"):
        register_page_block(
            "follow-timeline",
            "alerts",
            PageBlock(
                FORM,
                lambda timeline: _form(
                    AlertKind.TIMELINE, target=str(timeline.pk), changes_offered=True
                ),
            ),
        )
