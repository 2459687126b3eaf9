"""Write parsed notices to the database: atomic per notice, idempotent by reference,
and never overwriting what an admin corrected. It never sees the raw text layout."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.db import DatabaseError, IntegrityError, connection, transaction

from decisions.changes import decisions_changed
from decisions.corrections import KeptCorrections, corrections_by_decision
from decisions.importing.clauses import create_clauses, insert_clauses, update_clauses
from decisions.importing.copy_writer import NewClause, NewDecision, copy_new_decisions
from decisions.importing.councillor_registry import CouncillorRegistry
from decisions.importing.fields import SOURCE_FIELDS, notice_values
from decisions.importing.refusals import (
    NoticeRefused,
    ReferenceConflict,
    check_field_lengths,
    check_same_decision,
    title_as_imported,
)
from decisions.importing.versions import version_of
from decisions.models import (
    Clause,
    Correction,
    Council,
    Councillor,
    Decision,
    DecisionVersion,
    SourceDocument,
    stored_file_name,
)
from decisions.vocabulary import ChangeKind

if TYPE_CHECKING:
    from decisions.parsing import ParsedNotice

Status = Literal["created", "updated", "unchanged", "failed"]


@dataclass(frozen=True)
class ImportResult:
    """What happened to one notice."""

    status: Status
    source_path: str
    reference: str = ""
    message: str = ""
    changed_fields: tuple[str, ...] = ()
    kept_fields: tuple[str, ...] = ()

    def describe(self) -> str:
        """One human line for reports."""
        parts = [f"{self.status}: {self.source_path}"]
        if self.reference:
            parts.append(f"({self.reference})")
        if self.message:
            parts.append(f"- {self.message}")
        return " ".join(parts)


def counted(n: int, thing: str) -> str:
    """'kept 1 corrected clause', 'kept 2 corrected clauses'."""
    return f"kept {n} {thing}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class NoticeToImport:
    """A parsed notice with the file it came from, and the file's hash: given by a caller
    that has it already (the pipeline hashed every file to find the unchanged ones), or
    computed here, once."""

    parsed: ParsedNotice
    source_path: str
    source_bytes: bytes
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", source_sha256(self.source_bytes))


def source_sha256(data: bytes) -> str:
    """The hash that identifies an unchanged source file."""
    return hashlib.sha256(data).hexdigest()


def import_notice(
    parsed: ParsedNotice,
    *,
    source_path: str,
    source_bytes: bytes,
    registry: CouncillorRegistry | None = None,
    council: Council | None = None,
    reparse: bool = False,
    replace: bool = False,
) -> ImportResult:
    """Create or update one decision from a parsed notice, in its own transaction.

    With reparse, a notice whose source is unchanged is written again (after a parser fix).
    A notice that is plainly another decision than the one stored under its reference is
    refused, unless replace is given; either way the record it rewrites is kept as a version.
    """
    item = NoticeToImport(parsed=parsed, source_path=source_path, source_bytes=source_bytes)
    registry = registry or CouncillorRegistry(council=council)
    return _import_alone(item, registry, reparse=reparse, replace=replace)


def _import_alone(
    item: NoticeToImport, registry: CouncillorRegistry, *, reparse: bool, replace: bool
) -> ImportResult:
    """One notice in its own transaction; a refusal or a database error is its result."""
    reference = item.parsed.reference
    try:
        check_field_lengths(item.parsed)
        with transaction.atomic():
            return _import_one(item, registry, reparse=reparse, replace=replace)
    except NoticeRefused as error:
        return ImportResult("failed", item.source_path, reference, str(error))
    except (DatabaseError, ValueError) as error:
        registry.reset()  # the rollback may have dropped councillors it created
        message = f"could not be saved: {error}"
        return ImportResult("failed", item.source_path, reference, message)


def _import_one(
    item: NoticeToImport, registry: CouncillorRegistry, *, reparse: bool, replace: bool
) -> ImportResult:
    parsed = item.parsed
    sha = item.sha256
    # Locked, so two imports of the same reference at once take turns rather than mixing.
    council = registry.the_council()
    existing = (
        Decision.objects.select_for_update()
        .filter(council=council, reference=parsed.reference)
        .first()
    )
    if existing is not None and existing.source_sha256 == sha and not reparse:
        return ImportResult("unchanged", item.source_path, parsed.reference)
    replacing = False
    version: DecisionVersion | None = None
    if existing is not None:
        imported_title = title_as_imported(existing)
        try:
            check_same_decision(existing, parsed, imported_title=imported_title)
        except ReferenceConflict:
            if not replace:
                raise
            replacing = True
        version = version_of(
            existing,
            cause=DecisionVersion.Cause.REPLACED if replacing else DecisionVersion.Cause.UPDATED,
            replaced_by=item.source_path,
        )
    values = notice_values(parsed)
    values["signatory"] = registry.resolve(parsed.signatory_name)
    values.update(
        source_file=stored_file_name(item.source_path),
        source_sha256=sha,
        source_text=parsed.source_text,
        source_format=parsed.source_format,
        field_confidence=dict(parsed.field_confidence),
    )
    if existing is None:
        decision = Decision.objects.create(council=council, reference=parsed.reference, **values)
        create_clauses(decision, parsed.clauses)
        SourceDocument.objects.create(**source_document_values(decision, item))
        decisions_changed([decision.pk], kind=ChangeKind.CREATED)
        return ImportResult("created", item.source_path, parsed.reference)
    kept = _kept_corrections(existing)
    if replacing:
        # Another decision's corrections do not belong to this one; they stay in the trail.
        kept = KeptCorrections(frozenset(), frozenset())
    source_changed = version is not None and version.source_sha256 != sha
    result = _update(existing, item, values, kept)
    decisions_changed([existing.pk], kind=ChangeKind.UPDATED)
    # Keep what was replaced; a --reparse that changes nothing leaves no empty version.
    if version is not None and (replacing or source_changed or result.changed_fields):
        version.save()
    if replacing:
        return ImportResult(
            "updated",
            item.source_path,
            parsed.reference,
            f'replaced "{imported_title}" (kept as a version)',
            changed_fields=result.changed_fields,
        )
    return result


def _kept_corrections(decision: Decision) -> KeptCorrections:
    """What admins own on this decision: corrections made since it was last replaced."""
    kept = corrections_by_decision([decision.pk]).get(
        decision.pk, KeptCorrections(frozenset(), frozenset())
    )
    replaced_at = (
        decision.versions.filter(cause=DecisionVersion.Cause.REPLACED)
        .values_list("created_at", flat=True)
        .first()
    )
    if replaced_at is None or not (kept.fields or kept.clause_keys):
        return kept
    since = Correction.objects.filter(decision=decision, created_at__gt=replaced_at)
    return KeptCorrections(
        fields=frozenset(since.filter(clause_key="").values_list("field", flat=True)),
        clause_keys=frozenset(since.exclude(clause_key="").values_list("clause_key", flat=True)),
    )


def _update(
    decision: Decision, item: NoticeToImport, values: dict[str, Any], kept: KeptCorrections
) -> ImportResult:
    changed: list[str] = []
    kept_fields: list[str] = []
    for name, value in values.items():
        if name in kept.fields:
            if getattr(decision, name) != value:
                kept_fields.append(name)
            continue
        if getattr(decision, name) != value:
            setattr(decision, name, value)
            if name not in SOURCE_FIELDS:
                changed.append(name)
    decision.save()
    # The latest file is the decision's source: a PDF and a text extract of one notice
    # (one reference) stay one decision, with the bytes of whichever was imported last.
    SourceDocument.objects.update_or_create(
        decision=decision, defaults=source_document_values(decision, item)
    )
    clauses_changed, kept_clauses = update_clauses(decision, item.parsed.clauses, kept)
    if clauses_changed:
        changed.append("clauses")
    message = counted(len(kept_fields), "corrected field") if kept_fields else ""
    if kept_clauses:
        message = "; ".join(filter(None, [message, counted(kept_clauses, "corrected clause")]))
    return ImportResult(
        "updated",
        item.source_path,
        decision.reference,
        message,
        changed_fields=tuple(changed),
        kept_fields=tuple(kept_fields),
    )


def source_document_values(decision: Decision | None, item: NoticeToImport) -> dict[str, Any]:
    """The SourceDocument fields for a notice's file: its bytes, hash, format and name."""
    return {
        "decision": decision,
        "file_name": stored_file_name(item.source_path),
        "source_format": item.parsed.source_format,
        "sha256": item.sha256,
        "size": len(item.source_bytes),
        "data": item.source_bytes,
    }


def import_batch(
    items: Sequence[NoticeToImport],
    *,
    reparse: bool = False,
    replace: bool = False,
    registry: CouncillorRegistry | None = None,
    council: Council | None = None,
) -> list[ImportResult]:
    """Import many notices quickly: new ones in bulk, the rest one by one.

    New notices with distinct references are inserted with a handful of queries for the
    whole batch. If that bulk insert fails for any reason, the batch is rolled back and
    every notice is imported on its own, so one bad notice never takes others with it.
    A registry passed in (one per import run) is checked against the stored councillors
    first, and noted as current after the batch's own writes.
    """
    if registry is None:
        registry = CouncillorRegistry(council=council)
    registry.keep_current()
    results: dict[int, ImportResult] = {}
    references = [item.parsed.reference for item in items]
    existing = set(
        Decision.objects.filter(
            council=registry.the_council(), reference__in=references
        ).values_list("reference", flat=True)
    )
    seen: set[str] = set()
    bulk: list[tuple[int, NoticeToImport]] = []
    for index, item in enumerate(items):
        reference = item.parsed.reference
        try:
            check_field_lengths(item.parsed)
        except NoticeRefused as error:
            results[index] = ImportResult("failed", item.source_path, reference, str(error))
            continue
        if reference not in existing and reference not in seen:
            bulk.append((index, item))
        seen.add(reference)
    if bulk:
        try:
            with transaction.atomic():
                results.update(_bulk_create(bulk, registry))
        except (DatabaseError, IntegrityError, ValueError):
            registry.reset()  # the rollback dropped the councillors it made
            results = {i: r for i, r in results.items() if r.status == "failed"}
    for index, item in enumerate(items):
        if index not in results:
            results[index] = _import_alone(item, registry, reparse=reparse, replace=replace)
    registry.wrote()
    return [results[i] for i in range(len(items))]


def _bulk_create(
    batch: Sequence[tuple[int, NoticeToImport]], registry: CouncillorRegistry
) -> dict[int, ImportResult]:
    signatories = registry.resolve_many(item.parsed.signatory_name for _, item in batch)
    council_id = registry.the_council().pk
    if connection.vendor == "postgresql":  # COPY, search documents included
        new = [_new_decision(item, signatories, council_id) for _, item in batch]
        ids = copy_new_decisions(new)
        decisions_changed(ids, kind=ChangeKind.CREATED, search_documents_current=ids)
    else:
        decisions_changed(_orm_create(batch, signatories, council_id), kind=ChangeKind.CREATED)
    return {
        index: ImportResult("created", item.source_path, item.parsed.reference)
        for index, item in batch
    }


def _decision_values(
    item: NoticeToImport, signatories: dict[str, Councillor | None], council_id: int
) -> dict:
    """A new decision's field values, by attname."""
    signatory = signatories[item.parsed.signatory_name]
    return {
        **notice_values(item.parsed),
        "council_id": council_id,
        "reference": item.parsed.reference,
        "signatory_id": signatory.pk if signatory is not None else None,
        "source_file": stored_file_name(item.source_path),
        "source_sha256": item.sha256,
        "source_text": item.parsed.source_text,
        "source_format": item.parsed.source_format,
        "field_confidence": dict(item.parsed.field_confidence),
    }


def _new_decision(
    item: NoticeToImport, signatories: dict[str, Councillor | None], council_id: int
) -> NewDecision:
    document = source_document_values(None, item)
    del document["decision"]
    return NewDecision(
        values=_decision_values(item, signatories, council_id),
        clauses=[
            NewClause(position=i, label=c.label, text=c.text, parent=c.parent)
            for i, c in enumerate(item.parsed.clauses)
        ],
        document=document,
    )


def _orm_create(
    batch: Sequence[tuple[int, NoticeToImport]],
    signatories: dict[str, Councillor | None],
    council_id: int,
) -> list[int]:
    created = Decision.objects.bulk_create(
        Decision(**_decision_values(item, signatories, council_id)) for _, item in batch
    )
    if any(d.pk is None for d in created):  # a backend that cannot return ids
        raise DatabaseError("bulk insert returned no ids")
    SourceDocument.objects.bulk_create(
        SourceDocument(**source_document_values(decision, item))
        for decision, (_, item) in zip(created, batch, strict=True)
    )
    insert_clauses(
        [
            (
                (n, i),
                Clause(decision=decision, position=i, label=c.label, text=c.text),
                (n, c.parent) if c.parent is not None else None,
            )
            for n, (decision, (_, item)) in enumerate(zip(created, batch, strict=True))
            for i, c in enumerate(item.parsed.clauses)
        ]
    )
    return [decision.pk for decision in created]
