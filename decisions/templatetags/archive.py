"""Template tags and filters for the public pages.

Domain rules (call-in status, the regs 12/13 record check) live in decisions/records.py
and search links in decisions/presentation.py; the tags here are one-line wrappers so
templates can use them. What is left is only for templates: safe links, clause outlines,
pagination links, hidden search inputs, aria-current and correction summaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from decisions.corrections import correction_summary, field_label
from decisions.models import Clause, Correction, Decision, stored_clause_keys
from decisions.records import (
    CallInStatus,
    CorrectionNote,
    RecordCheck,
    call_in_status,
    correction_note,
    days_quiet,
    is_long_notice,
    missing_requirements,
    record_checks,
)
from decisions.search.presentation import KEPT_PARAMS, with_params
from decisions.textdiff import DiffPart, is_whole_value, value_diff
from decisions.vocabulary import CorrectionKind

register = template.Library()

# Trail entries that record a withdrawal or a restore, not a change to a field.
WITHDRAWAL_KINDS = frozenset({CorrectionKind.WITHDRAWN, CorrectionKind.RESTORED})


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


@dataclass
class ClauseNode:
    """A clause with its key, its fragment id and its sub-clauses, for nested lists."""

    clause: Clause
    key: str
    anchor: str
    children: list[ClauseNode] = field(default_factory=list)
    correction_id: int | None = None  # the latest correction to this clause, to link to


def clause_outline(
    clauses: Iterable[Clause], corrected: dict[str, int] | None = None
) -> list[ClauseNode]:
    """Nest clauses under their parents and give each a unique anchor.

    Keys come from `stored_clause_keys`, the rule behind `Clause.key`, so anchors are
    `Clause.anchor` (`clause-a`, sub-clauses `clause-b-i`): a roman "i" never clashes with
    a lettered "i", and the timeline and the export link to the same ids, without a query
    per clause. A clause whose parent does not come before it is shown at the top.
    """
    ordered = sorted(clauses, key=lambda clause: clause.place)
    keys = stored_clause_keys(ordered)
    nodes: dict[int, ClauseNode] = {}
    roots: list[ClauseNode] = []
    used: set[str] = set()
    for clause in ordered:
        # Only an earlier clause has a node yet: the rule by which its key ignored the rest.
        parent = nodes.get(clause.parent_id) if clause.parent_id else None
        key = keys[clause.pk]
        anchor = unique = f"clause-{key}"
        n = 2
        while unique in used:  # two clauses an admin gave the same label
            unique, n = f"{anchor}-{n}", n + 1
        used.add(unique)
        node = ClauseNode(clause, key, unique, correction_id=(corrected or {}).get(key))
        nodes[clause.pk] = node
        (parent.children if parent else roots).append(node)
    return roots


@register.filter(name="http_url")
def http_url_filter(value: str | None) -> str:
    """The URL when it is safe to link to, else ""."""
    return http_url(value)


@register.filter
def quiet_days(newest: Any) -> int | None:
    """{{ council.newest_decision|quiet_days }}: days since a council's newest decision, if
    it has gone quiet (decisions.records.days_quiet)."""
    return days_quiet(newest, timezone.localdate())


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


@register.filter(name="missing_requirements")
def missing_requirements_filter(checks: list[RecordCheck]) -> list[str]:
    """The requirements a check found missing."""
    return missing_requirements(checks)


@register.filter
def outline(decision: Decision) -> list[ClauseNode]:
    """The decision's clauses as a nested outline (uses its prefetched clauses), each
    corrected clause knowing its latest correction (from the prefetched corrections)."""
    corrected: dict[str, int] = {}
    for correction in decision.corrections.all():  # newest first
        corrected.setdefault(correction.clause_key, correction.pk)
    corrected.pop("", None)
    return clause_outline(decision.clauses.all(), corrected)


class _Marks(dict[str, int]):
    """Correction ids by field; a field never corrected has none (templates ask for any)."""

    def __missing__(self, key: str) -> None:
        return None


@register.filter
def corrected_fields(decision: Decision) -> dict[str, int]:
    """Each corrected field of a decision, with its latest correction's id (prefetched)."""
    fields: dict[str, int] = _Marks()
    for correction in decision.corrections.all():  # newest first
        if not correction.clause_key:
            fields.setdefault(correction.field, correction.pk)
    return fields


@register.filter(name="correction_note")
def correction_note_filter(decision: Decision) -> CorrectionNote | None:
    """'Corrected on 3 December 2026: clause c, the decision date' (prefetched corrections)."""
    return correction_note(
        (
            c.pk,
            timezone.localdate(c.created_at),
            c.clause_key,
            field_label(c.field),
        )
        for c in decision.corrections.all()
        if c.field not in WITHDRAWAL_KINDS
    )


@register.filter
def is_withdrawal(correction: Correction) -> bool:
    """True for the trail's record of a withdrawal or a restore (which has no diff)."""
    return correction.field in WITHDRAWAL_KINDS


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    """The current page's URL with the page number changed and everything else kept."""
    request = context["request"]
    return request.path + with_params(request.GET, page=number)


@register.simple_tag(takes_context=True)
def nav_current(context: dict[str, Any], prefix: str) -> str:
    """aria-current for a navigation link: "page" on that page, "true" within its section."""
    path = context["request"].path if "request" in context else ""
    if not prefix:  # an address {% url ... as %} could not reverse
        return ""
    if path == prefix:
        return mark_safe(' aria-current="page"')
    if prefix != "/" and path.startswith(prefix):
        return mark_safe(' aria-current="true"')
    return ""


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


register.filter("field_label", field_label)
register.filter("correction_summary", correction_summary)


@register.filter
def correction_diff(correction: Correction) -> list[DiffPart]:
    """The correction's old and new value: word by word, or whole for a date, a number or a
    reference (see decisions/textdiff.py)."""
    return value_diff(correction.field, correction.old_value, correction.new_value)


@register.filter
def correction_is_whole(correction: Correction) -> bool:
    """True when the correction replaced one whole value (a date, a number) with another."""
    return is_whole_value(correction.field, correction.old_value, correction.new_value)


@register.filter
def long_notice(decision: Decision) -> bool:
    """True when the decision's page needs "On this page" contents (prefetched clauses)."""
    prose = (decision.purpose, decision.reason, decision.options_considered)
    return is_long_notice(
        clause_count=len(decision.clauses.all()),
        text_length=sum(len(text) for text in prose) + len(decision.decision_text),
    )
