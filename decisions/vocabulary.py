"""The archive core's vocabularies, each defined once: model choices and templates use these."""

from __future__ import annotations

from enum import StrEnum


class CorrectionKind(StrEnum):
    """What a Correction records besides a plain field change (stored in Correction.field)."""

    ADDED = "added"  # a clause an admin added
    DELETED = "deleted"  # a clause an admin deleted
    RELABELLED = "relabelled"  # a clause whose key an admin changed
    MERGED = "merged"  # councillors an admin merged into one
    SPLIT = "split"  # spellings an admin split off into a new councillor
    WITHDRAWN = "withdrawn"  # an admin withdrew the decision (new_value: the reason)
    RESTORED = "restored"  # a superuser restored a withdrawn decision


class DiffOp(StrEnum):
    """What a stretch of a correction's diff did to the text (also its CSS modifier)."""

    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


class ChangeKind(StrEnum):
    """How decisions changed, as `decisions.changes.decisions_changed` tells the derived steps."""

    CREATED = "created"  # first imported, or added by an admin
    UPDATED = "updated"  # re-imported from a changed source (or the importer improved a name)
    CORRECTED = "corrected"  # an admin corrected it, its clauses or its signatory's record
    WITHDRAWN = "withdrawn"  # an admin withdrew it from the archive
    RESTORED = "restored"  # loaded from a backup: derived rows came back with it
