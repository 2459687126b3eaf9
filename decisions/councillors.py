"""Admin services for councillor records: merging two records, or splitting a wrong merge."""

from __future__ import annotations

from collections.abc import Container, Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from decisions.changes import decisions_changed
from decisions.corrections import required_reason
from decisions.models import Correction, Councillor, CouncillorAlias, Decision
from decisions.names import ascii_letters, best_display_name, clean_name
from decisions.search.document import decisions_signed_by
from decisions.vocabulary import ChangeKind, CorrectionKind


def free_slug(name: str, taken: Container[str] | None = None) -> str:
    """A slug for this name that no councillor has yet (checked in `taken` when given)."""
    # Accented letters keep their base letter ('Siân' -> 'sian'); slugify alone drops them.
    base = slugify(ascii_letters(name)) or "councillor"
    slug, n = base, 2
    while slug in taken if taken is not None else Councillor.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def merge_councillors(
    *,
    keep: Councillor,
    others: Sequence[Councillor],
    user: AbstractBaseUser | None,
    reason: str,
) -> Councillor:
    """Move the others' decisions and aliases onto `keep`, then delete the others."""
    others = [c for c in others if c.pk != keep.pk]
    if not others:
        return keep
    why = required_reason(reason)
    if any(other.council_id != keep.council_id for other in others):
        raise ValueError("councillors of different councils cannot be merged")
    names = ", ".join(c.name for c in others)
    moved = decisions_signed_by([c.pk for c in others])
    Decision.objects.filter(signatory__in=others).update(signatory=keep)
    # Their exported signatory and search document name `keep` now.
    decisions_changed(moved, kind=ChangeKind.CORRECTED)
    CouncillorAlias.objects.filter(councillor__in=others).update(councillor=keep)
    Correction.objects.filter(councillor__in=others).update(councillor=keep)
    Correction.objects.create(
        councillor=keep,
        field=CorrectionKind.MERGED,
        old_value=names,
        new_value=keep.name,
        user=user,
        reason=why,
    )
    Councillor.objects.filter(pk__in=[c.pk for c in others]).delete()
    return keep


@transaction.atomic
def split_councillor(
    *,
    councillor: Councillor,
    alias_names: Sequence[str],
    user: AbstractBaseUser | None,
    reason: str,
) -> Councillor:
    """Give the chosen spellings, and the decisions signed under them, their own record."""
    why = required_reason(reason)
    aliases = list(councillor.aliases.filter(name__in=alias_names))
    if not aliases:
        raise ValueError("choose at least one spelling to split off")
    if len(aliases) == councillor.aliases.count():
        raise ValueError("leave at least one spelling with the original councillor")
    moved = [a.name for a in aliases]
    name = best_display_name(moved)
    new = Councillor.objects.create(name=name, slug=free_slug(name), council=councillor.council)
    CouncillorAlias.objects.filter(pk__in=[a.pk for a in aliases]).update(councillor=new)
    # Aliases are cleaned spellings ("Dr Jo Bloggs" is kept as "Jo Bloggs"): compare alike.
    spellings = {name.lower() for name in moved}
    signed = councillor.decisions.values_list("pk", "signatory_name")
    moved_ids = [pk for pk, printed in signed if clean_name(printed).lower() in spellings]
    Decision.objects.filter(pk__in=moved_ids).update(signatory=new)
    decisions_changed(moved_ids, kind=ChangeKind.CORRECTED)
    Correction.objects.create(
        councillor=councillor,
        field=CorrectionKind.SPLIT,
        old_value=", ".join(moved),
        new_value=new.name,
        user=user,
        reason=why,
    )
    return new
