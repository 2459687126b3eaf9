"""Councils: which council a write is for. Every decision and councillor is one council's;
an import names its council, or goes to the only one there is."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import QuerySet

from decisions.models import Council


def councils_of(user: Any) -> QuerySet[Council]:
    """The councils whose records this admin may see and change: every one for a superuser,
    else those they were given (Council.admins)."""
    if getattr(user, "is_superuser", False):
        return Council.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    return Council.objects.filter(admins=user)


def may_act_for(user: Any, council_id: int | None) -> bool:
    """Whether this admin may see and change a record of the council with this id."""
    if getattr(user, "is_superuser", False):
        return True
    return council_id is not None and councils_of(user).filter(pk=council_id).exists()


class CouncilNotChosen(ValueError):
    """No council was named and the archive cannot tell which is meant; the message says
    what to do."""


def first_council() -> Council:
    """The council settings name (FIRST_COUNCIL), made if the archive does not hold it yet."""
    values = dict(settings.FIRST_COUNCIL)
    council, _ = Council.objects.get_or_create(slug=values.pop("slug"), defaults=values)
    return council


def ensure_a_council() -> None:
    """An archive with no council yet gets its first (made from settings), as an import
    into it would, so a form that asks for a council always has one to offer."""
    if not Council.objects.exists():
        first_council()


def council_for(slug: str | None) -> Council:
    """The council a write is for: the one with this slug; or, with none named, the only
    council there is (the first council, made from settings, when there is none yet)."""
    if slug:
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            known = ", ".join(Council.objects.values_list("slug", flat=True)) or "none yet"
            raise CouncilNotChosen(f'no council is called "{slug}" (councils: {known})')
        return council
    councils = list(Council.objects.order_by("slug")[:2])
    if not councils:
        return first_council()
    if len(councils) > 1:
        every = ", ".join(Council.objects.order_by("slug").values_list("slug", flat=True))
        raise CouncilNotChosen(f"the archive holds several councils ({every}); name one")
    return councils[0]


# What add_council may set, beside the slug.
COUNCIL_FIELDS = (
    "name",
    "gss_code",
    "register_code",
    "reference_pattern",
    "moderngov_url",
    "contact_url",
    "contact_email",
    "accessibility_url",
    "start_date",
    "end_date",
)


@transaction.atomic
def save_council(slug: str, **values: Any) -> tuple[Council, bool]:
    """Create the council with this slug, or update the fields given; (council, created).

    Every field is validated first (the reference pattern must be a regular expression);
    a ValidationError names each field at fault and nothing is saved.
    """
    unknown = set(values) - set(COUNCIL_FIELDS)
    if unknown:
        raise ValueError(f"unknown council fields: {', '.join(sorted(unknown))}")
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise ValidationError({"slug": error.messages}) from None
    council = Council.objects.select_for_update().filter(slug=slug).first()
    created = council is None
    if council is None:
        council = Council(slug=slug)
    for name, value in values.items():
        if value is not None:
            setattr(council, name, value)
    if created and not council.name:
        raise ValidationError({"name": ["a new council needs a name"]})
    pattern = council.reference_pattern
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValidationError(
            {"reference_pattern": [f"{pattern!r} is not a regular expression: {error}"]}
        ) from None
    council.full_clean()
    council.save()
    return council, created
