"""What the importer refuses to store, and why: text longer than its column, and a notice
that reuses a stored decision's reference for plainly another decision."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from decisions.importing.fields import NOTICE_FIELDS
from decisions.models import Correction, Decision

if TYPE_CHECKING:
    from decisions.parsing import ParsedNotice


class NoticeRefused(ValueError):
    """A notice the archive will not store as it stands; the message says why."""


class FieldTooLong(NoticeRefused):
    """A field longer than the archive keeps."""


class ReferenceConflict(NoticeRefused):
    """A notice that would overwrite another decision's record under the same reference."""


def check_field_lengths(parsed: ParsedNotice) -> None:
    """Refuse text longer than its column, before the database is asked, so SQLite (which
    would store it) and PostgreSQL (which would refuse it, naming no field) agree."""
    for name, limit in _length_limits():
        value = getattr(parsed, name)
        if isinstance(value, str) and len(value) > limit:
            raise FieldTooLong(
                f"the {name.replace('_', ' ')} is {len(value)} characters long; "
                f"the archive keeps at most {limit}"
            )


@cache
def _length_limits() -> tuple[tuple[str, int], ...]:
    """(field, max_length) for each notice field that has a limit."""
    fields = (Decision._meta.get_field(name) for name in ("reference", *NOTICE_FIELDS))
    return tuple((f.name, f.max_length) for f in fields if getattr(f, "max_length", None))


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def check_same_decision(existing: Decision, parsed: ParsedNotice, *, imported_title: str) -> None:
    """Refuse a notice that reuses a stored decision's reference but is plainly another
    decision: a different title (as imported or as corrected) and a different date."""
    if existing.decision_date == parsed.decision_date:
        return
    if any(_same_text(title, parsed.title) for title in (existing.title, imported_title)):
        return
    raise ReferenceConflict(
        f'reference {parsed.reference} already belongs to "{existing.title}" '
        f'({existing.decision_date:%d %B %Y}); this notice is "{parsed.title}" '
        f"({parsed.decision_date:%d %B %Y}). Nothing was changed; import it with --replace "
        "to replace the stored decision (its current version is kept in its history)"
    )


def title_as_imported(decision: Decision) -> str:
    """The title the notice gave, before any admin correction of it."""
    first = (
        Correction.objects.filter(decision=decision, field="title", clause_key="")
        .order_by("created_at", "id")
        .values_list("old_value", flat=True)
        .first()
    )
    return first if first is not None else decision.title
