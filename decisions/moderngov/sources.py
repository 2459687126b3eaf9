"""Which source gave each field of a decision, and where a ModernGov page and the written
statement of the same issue disagree.

The written statement is the legal record, so where both give a field the decision shows
the statement's; a page fills a decision that has no statement yet. Both values are kept
(FieldSource) and their differences shown to admins. An admin's correction wins over both:
the importer keeps corrected fields (decisions/importing/writer.py), and the corrected
value is recorded here as the admin's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from decisions.corrections import corrections_by_decision
from decisions.models import Decision
from decisions.moderngov.models import FetchedResource, FieldSource
from decisions.parsing import ParsedNotice, SourceFormat

# The Decision fields a page and a statement both give, with the label an admin reads.
SHARED_FIELDS = {
    "title": "Title",
    "decision_maker": "Decision maker",
    "decision_date": "Date of decision",
    "is_key_decision": "Key decision",
    "key_decision_reason": "Reason key",
    "purpose": "Purpose",
    "decision_text": "Decision",
    "reason": "Reasons",
    "options_considered": "Alternatives considered",
    "call_in_expiry": "Call-in expiry",
}
# A page's "Effective from", compared with the statement's call-in expiry (see below).
EFFECTIVE_FROM = "effective_from"
LABELS = {**SHARED_FIELDS, EFFECTIVE_FROM: "Effective from"}


def as_text(value: Any) -> str:
    """A field's value as FieldSource keeps it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record_page_sources(
    decision: Decision,
    notice: ParsedNotice,
    *,
    effective_from: date | None,
    resource: FetchedResource,
    key_decision_given: bool = True,
) -> None:
    """Keep what the page says of each shared field, and its Effective from. A page that
    does not say whether it is a key decision (`key_decision_given`) leaves that blank, not
    "no" (the notice's field is a plain bool)."""
    values = {name: as_text(getattr(notice, name)) for name in SHARED_FIELDS}
    values[EFFECTIVE_FROM] = as_text(effective_from)
    if not key_decision_given:
        values["is_key_decision"] = ""
    _keep(
        decision.pk,
        {(name, FieldSource.Source.PAGE): value for name, value in values.items()},
        resource=resource,
    )


def _keep(
    decision_id: int, values: dict[tuple[str, str], str], *, resource: FetchedResource | None
) -> None:
    """Store these (field, source) values of one decision: a few queries, whatever their
    number (one read, one insert, one update)."""
    stored = {
        (row.field, row.source): row
        for row in FieldSource.objects.filter(
            decision_id=decision_id, source__in={source for _, source in values}
        )
    }
    new, changed = [], []
    for (name, source), value in values.items():
        row = stored.get((name, source))
        if row is None:
            new.append(
                FieldSource(
                    decision_id=decision_id,
                    field=name,
                    source=source,
                    value=value,
                    resource=resource,
                )
            )
        elif row.value != value or (resource is not None and row.resource_id != resource.pk):
            row.value = value
            if resource is not None:
                row.resource = resource
            changed.append(row)
    FieldSource.objects.bulk_create(new)
    FieldSource.objects.bulk_update(changed, ["value", "resource"])


def record_statement_sources(decision_ids: list[int]) -> None:
    """Keep, for each of these decisions whose source is a written statement, the
    statement's value of each shared field; a field an admin corrected is the admin's."""
    decisions = Decision.objects.filter(pk__in=decision_ids).exclude(
        source_format=SourceFormat.MODERNGOV
    )
    corrected = corrections_by_decision(decision_ids)
    for decision in decisions:
        fields = corrected.get(decision.pk)
        values = {}
        for name in SHARED_FIELDS:
            source = (
                FieldSource.Source.ADMIN
                if fields is not None and name in fields.fields
                else FieldSource.Source.STATEMENT
            )
            values[(name, source)] = as_text(getattr(decision, name))
        _keep(decision.pk, values, resource=None)


@dataclass(frozen=True)
class Difference:
    """A field on which the page and the statement disagree."""

    field: str
    label: str
    page: str
    statement: str
    page_resource: FetchedResource | None

    @property
    def page_shown(self) -> str:
        """The page's value as a reader reads it: a date as "30 January 2023", a yes/no as
        "Yes" or "No" (FieldSource keeps them as ISO dates and "yes"/"no")."""
        return shown(self.page)


def shown(value: str) -> str:
    """A FieldSource value for reading."""
    if value in ("yes", "no"):
        return value.capitalize()
    if not _ISO_DATE.fullmatch(value):
        return value
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _effective_from_agrees(effective_from: str, call_in_expiry: str) -> bool:
    """A page's "Effective from" agrees with the statement's call-in expiry when it is that
    day or the day after (Herefordshire's pages give the day after)."""
    try:
        effective, expiry = date.fromisoformat(effective_from), date.fromisoformat(call_in_expiry)
    except ValueError:
        return False
    return effective in (expiry, expiry + timedelta(days=1))


def differences(sources: list[FieldSource]) -> list[Difference]:
    """Where a decision's page and statement disagree, field by field. A field either
    source leaves blank is no disagreement (a page drops its call-in deadline once the
    call-in closes)."""
    by_field: dict[str, dict[str, FieldSource]] = {}
    for source in sources:
        by_field.setdefault(source.field, {})[source.source] = source
    found = []
    statement_expiry = by_field.get("call_in_expiry", {}).get(FieldSource.Source.STATEMENT)
    for name, label in LABELS.items():
        page = by_field.get(name, {}).get(FieldSource.Source.PAGE)
        if name == EFFECTIVE_FROM:
            statement = statement_expiry
            agrees = _effective_from_agrees
        else:
            statement = by_field.get(name, {}).get(FieldSource.Source.STATEMENT)
            agrees = _same
        if page is None or statement is None or not page.value or not statement.value:
            continue
        if not agrees(page.value, statement.value):
            found.append(Difference(name, label, page.value, statement.value, page.resource))
    return found
