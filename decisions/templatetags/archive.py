"""Template helpers for the public pages: safe links, call-in status, the statutory record
check, clause outlines and pagination links. The logic is plain functions over values;
the filters are thin wrappers so templates can use them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from decisions.filters import FILTER_PARAMS, with_params
from decisions.models import Clause, Correction, Decision
from decisions.vocabulary import CorrectionKind

register = template.Library()

# What a declarations box says when there was nothing to declare.
_NOTHING_DECLARED = frozenset({"none", "no", "nil", "n/a", "na", "none declared", "not applicable"})

PRESENT, NONE_RECORDED, NOT_NEEDED, MISSING = "present", "none-recorded", "not-needed", "missing"


def http_url(value: str | None) -> str:
    """Return the URL if it is an absolute http(s) link, else "" (never javascript: etc.)."""
    text = (value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return ""


@dataclass(frozen=True)
class CallInStatus:
    """Whether a decision can still be called in, said in words."""

    is_open: bool | None  # None when the notice gives no expiry date
    text: str


def call_in_status(expiry: date | None, today: date) -> CallInStatus:
    """'Open for call-in until 21 December 2022' or 'Call-in period ended 21 December 2022'."""
    if expiry is None:
        return CallInStatus(None, "The notice gives no call-in expiry date")
    shown = format_date(expiry, "j F Y")
    if today <= expiry:
        return CallInStatus(True, f"Open for call-in until {shown}")
    return CallInStatus(False, f"Call-in period ended {shown}")


@dataclass(frozen=True)
class RecordCheck:
    """One thing regulations 12 and 13 say the written statement must record."""

    requirement: str
    status: str  # PRESENT, NONE_RECORDED, NOT_NEEDED or MISSING
    note: str = ""


def nothing_declared(declarations: str) -> bool:
    """True when the declarations box is blank or says there was nothing to declare."""
    text = " ".join(declarations.lower().split()).strip(" .")
    return not text or text in _NOTHING_DECLARED


def record_checks(
    *,
    decision_text: str,
    clause_count: int,
    decision_date: date | None,
    reason: str,
    options_considered: str,
    declarations: str,
) -> list[RecordCheck]:
    """Check a notice against regs 12 and 13 of the 2012 Access to Information Regulations.

    A blank declarations box is "none recorded", not missing: the regulations ask for a
    record of conflicts that were declared, the notice has the box for it, and the notice
    form's footnote describes exactly that record. A declared conflict with no note of a
    dispensation is missing its dispensation.
    """

    def present(requirement: str, value: Any) -> RecordCheck:
        return RecordCheck(requirement, PRESENT if value else MISSING)

    declared = declarations.strip()
    if not declared:
        conflicts = RecordCheck(
            "Conflicts of interest declared",
            NONE_RECORDED,
            "The declarations box is blank: no conflict is recorded",
        )
        dispensations = RecordCheck("Dispensations granted", NOT_NEEDED, "No conflict is recorded")
    elif nothing_declared(declared):
        conflicts = RecordCheck("Conflicts of interest declared", NONE_RECORDED, "None declared")
        dispensations = RecordCheck("Dispensations granted", NOT_NEEDED, "No conflict was declared")
    else:
        conflicts = RecordCheck("Conflicts of interest declared", PRESENT)
        dispensations = (
            RecordCheck("Dispensations granted", PRESENT)
            if "dispensation" in declared.lower()
            else RecordCheck(
                "Dispensations granted",
                MISSING,
                "A conflict is declared but no note of a dispensation is recorded",
            )
        )
    return [
        present("The decision", decision_text.strip() or clause_count),
        present("The date of the decision", decision_date),
        present("The reasons for the decision", reason.strip()),
        present("Alternative options considered and rejected", options_considered.strip()),
        conflicts,
        dispensations,
    ]


@dataclass
class ClauseNode:
    """A clause with its fragment id and its sub-clauses, for nested lists."""

    clause: Clause
    anchor: str
    children: list[ClauseNode] = field(default_factory=list)


def clause_outline(clauses: Iterable[Clause]) -> list[ClauseNode]:
    """Nest clauses under their parents and give each a unique anchor.

    Anchors are `Clause.anchor` (`clause-a`, sub-clauses `clause-b-i`), so a roman "i" never
    clashes with a lettered "i"; the timeline and the export link to the same ids.
    """
    ordered = list(clauses)
    nodes: dict[int, ClauseNode] = {}
    roots: list[ClauseNode] = []
    used: set[str] = set()
    for clause in ordered:
        parent = nodes.get(clause.parent_id) if clause.parent_id else None
        own = clause.label or str(clause.position + 1)  # as Clause.key
        anchor = f"{parent.anchor}-{own}" if parent else f"clause-{own}"
        unique, n = anchor, 2
        while unique in used:
            unique, n = f"{anchor}-{n}", n + 1
        used.add(unique)
        node = ClauseNode(clause, unique)
        nodes[clause.pk] = node
        (parent.children if parent else roots).append(node)
    return roots


@register.filter(name="http_url")
def http_url_filter(value: str | None) -> str:
    """The URL when it is safe to link to, else ""."""
    return http_url(value)


@register.filter
def call_in(decision: Decision) -> CallInStatus:
    """The decision's call-in status as of today."""
    return call_in_status(decision.call_in_expiry, timezone.localdate())


@register.filter
def statutory_checks(decision: Decision) -> list[RecordCheck]:
    """The regs 12 and 13 record check for a decision (uses its prefetched clauses)."""
    return record_checks(
        decision_text=decision.decision_text,
        clause_count=len(decision.clauses.all()),
        decision_date=decision.decision_date,
        reason=decision.reason,
        options_considered=decision.options_considered,
        declarations=decision.declarations,
    )


@register.filter
def missing_requirements(checks: list[RecordCheck]) -> list[str]:
    """The requirements a check found missing."""
    return [check.requirement for check in checks if check.status == MISSING]


@register.filter
def outline(decision: Decision) -> list[ClauseNode]:
    """The decision's clauses as a nested outline (uses its prefetched clauses)."""
    return clause_outline(decision.clauses.all())


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    """The current page's URL with the page number changed and everything else kept."""
    request = context["request"]
    return request.path + with_params(request.GET, page=number)


@register.filter
def field_label(name: str) -> str:
    """The human name of a Decision field, for the correction history."""
    try:
        return str(Decision._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a clause change, or a field since removed: its stored name
        return name.replace("_", " ")


@register.simple_tag(takes_context=True)
def nav_current(context: dict[str, Any], prefix: str) -> str:
    """aria-current for a navigation link: "page" on that page, "true" within its section."""
    path = context["request"].path if "request" in context else ""
    if path == prefix:
        return mark_safe(' aria-current="page"')
    if prefix != "/" and path.startswith(prefix):
        return mark_safe(' aria-current="true"')
    return ""


# The search parameters a form carries along as hidden inputs, so that submitting one part
# of the page (the search box, or the filters) keeps what the other part had set.
KEPT_PARAMS = (*FILTER_PARAMS, "sort")


@register.simple_tag
def hidden_inputs(form: Any, *shown: str) -> str:
    """Hidden inputs for the search parameters not `shown` in this form.

    Values that failed validation are left out, so resubmitting drops them.
    """
    rows = [
        (name, form[name].value())
        for name in KEPT_PARAMS
        if name not in shown and name in form.fields and name not in form.errors
    ]
    return format_html_join(
        "\n",
        '<input type="hidden" name="{}" value="{}">',
        ((name, value) for name, value in rows if value not in (None, "", False)),
    )


@register.filter
def correction_summary(correction: Correction) -> str:
    """What a correction changed, in words: 'Reason for the decision', 'Clause b added'."""
    if correction.field == CorrectionKind.ADDED:
        return f"Clause {correction.clause_key} added".replace("  ", " ")
    if correction.field == CorrectionKind.DELETED:
        return f"Clause {correction.clause_key} removed".replace("  ", " ")
    if correction.field == CorrectionKind.RELABELLED:
        return f"Clause {correction.old_value} relabelled {correction.new_value}"
    if correction.clause_key:
        return f"Clause {correction.clause_key}: {field_label(correction.field)}"
    return field_label(correction.field).capitalize()
