"""Write parsed notices to the database: atomic per notice, idempotent by reference,
and never overwriting what an admin corrected. It never sees the raw text layout."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

from django.db import DatabaseError, IntegrityError, connection, transaction

from decisions.changes import decisions_changed
from decisions.corrections import KeptCorrections, corrections_by_decision
from decisions.councillors import free_slug
from decisions.importing.copy_writer import NewClause, NewDecision, copy_new_decisions
from decisions.models import (
    Clause,
    Correction,
    Councillor,
    CouncillorAlias,
    Decision,
    DecisionVersion,
    SourceDocument,
    clause_key,
    stored_file_name,
)
from decisions.names import (
    PersonName,
    best_display_name,
    clean_name,
    parse_person_name,
    same_person,
)
from decisions.search.document import decisions_signed_by
from decisions.vocabulary import ChangeKind

if TYPE_CHECKING:
    from decisions.parsing import ParsedClause, ParsedNotice

Status = Literal["created", "updated", "unchanged", "failed"]

# The Decision fields an import writes, straight from the parsed notice.
NOTICE_FIELDS = (
    "title",
    "decision_date",
    "decision_maker",
    "is_key_decision",
    "key_decision_reason",
    "exemption_class",
    "special_urgency",
    "purpose",
    "decision_text",
    "reason",
    "options_considered",
    "declarations",
    "call_in_expiry",
    "signatory_name",
    "signatory_role",
    "signed_date",
    "source_url",
)
# Written on every import, whatever an admin did: the raw notice is never lost.
SOURCE_FIELDS = ("source_file", "source_sha256", "source_text", "source_format")


class NoticeConflict(ValueError):
    """A notice that would overwrite another decision's record, or breaks a field's limit."""


def check_field_lengths(parsed: ParsedNotice) -> None:
    """Refuse text longer than its column, before the database is asked, so SQLite (which
    would store it) and PostgreSQL (which would refuse it, naming no field) agree."""
    for name, limit in _length_limits():
        value = getattr(parsed, name)
        if isinstance(value, str) and len(value) > limit:
            raise NoticeConflict(
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
    raise NoticeConflict(
        f'reference {parsed.reference} already belongs to "{existing.title}" '
        f'({existing.decision_date:%d %B %Y}); this notice is "{parsed.title}" '
        f"({parsed.decision_date:%d %B %Y}). Nothing was changed; import it with --replace "
        "to replace the stored decision (its current version is kept in its history)"
    )


def snapshot_values(decision: Decision) -> dict[str, Any]:
    """The notice fields and clauses of a stored decision, for its version history."""
    clauses = list(decision.clauses.all())
    keys = _stored_clause_keys(clauses)
    by_id = {c.pk: c for c in clauses}
    values: dict[str, Any] = {name: getattr(decision, name) for name in NOTICE_FIELDS}
    values["signatory"] = decision.signatory_id
    values["clauses"] = [
        {
            "label": c.label,
            "text": c.text,
            "parent": keys[c.parent_id] if c.parent_id in by_id else None,
        }
        for c in clauses
    ]
    return values


def version_of(decision: Decision, *, cause: str, replaced_by: str) -> DecisionVersion:
    """The decision as it stands now (unsaved), taken before an import rewrites it."""
    return DecisionVersion(
        decision=decision,
        cause=cause,
        values=snapshot_values(decision),
        source_file=decision.source_file,
        source_sha256=decision.source_sha256,
        source_format=decision.source_format,
        source_text=decision.source_text,
        replaced_by_file=stored_file_name(replaced_by),
    )


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
    """A parsed notice with the file it came from."""

    parsed: ParsedNotice
    source_path: str
    source_bytes: bytes

    @property
    def sha256(self) -> str:
        return source_sha256(self.source_bytes)


def source_sha256(data: bytes) -> str:
    """The hash that identifies an unchanged source file."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class CouncillorRegistry:
    """Finds or creates the councillor for a printed name; cached for a whole batch.

    Candidates are indexed by surname and slugs are known in memory, so resolving a name
    costs no queries unless a councillor or alias has to be created.
    """

    by_alias: dict[str, Councillor] = field(default_factory=dict)
    by_surname: dict[str, list[tuple[Councillor, PersonName]]] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)
    loaded: bool = False
    state: tuple | None = None  # the tables' fingerprint when last known to be in step

    def load(self) -> None:
        if self.loaded:
            return
        # One query (councillors LEFT JOIN aliases), so it reads one consistent snapshot: a
        # commit by another import can never land between reading councillors and aliases.
        by_id: dict[int, Councillor] = {}
        alias_ids: list[int] = []
        alias_owners = 0
        rows = Councillor.objects.order_by("pk").values_list(
            "pk", "name", "slug", "aliases__pk", "aliases__name"
        )
        for pk, name, slug, alias_pk, alias in rows:
            councillor = by_id.get(pk)
            if councillor is None:
                councillor = Councillor.from_db("default", ["id", "name", "slug"], (pk, name, slug))
                by_id[pk] = councillor
                self._index(councillor)
            if alias is not None:
                self.by_alias[alias.lower()] = councillor
                alias_ids.append(alias_pk)
                alias_owners += pk
        # The fingerprint of what was read, as _councillor_state() would give it.
        self.state = (
            len(by_id),
            max(by_id, default=None),
            sum(len(c.name) + len(c.slug) for c in by_id.values()) if by_id else None,
            len(alias_ids),
            max(alias_ids, default=None),
            alias_owners if alias_ids else None,
        )
        self.loaded = True

    def reset(self) -> None:
        """Forget everything, e.g. after a rollback dropped councillors this registry made."""
        self.by_alias.clear()
        self.by_surname.clear()
        self.slugs.clear()
        self.loaded = False
        self.state = None

    def keep_current(self) -> None:
        """Forget everything if the councillors changed since this registry last wrote or
        loaded them (an admin merged, split or renamed one while an import ran).

        A whole import keeps one registry, so its chunks do not each read every councillor;
        this is the one query per chunk that keeps that safe.
        """
        if self.loaded and _councillor_state() != self.state:
            self.reset()

    def wrote(self) -> None:
        """Note that the registry's own writes are the councillors' latest change."""
        if self.loaded:
            self.state = _councillor_state()

    def _index(self, councillor: Councillor) -> None:
        """(Re-)index a councillor under its current name (renames keep the surname)."""
        self.slugs.add(councillor.slug)
        person = parse_person_name(councillor.name)
        if person is not None:
            key = person.surname.lower()
            entries = [(c, p) for c, p in self.by_surname.get(key, ()) if c is not councillor]
            self.by_surname[key] = [*entries, (councillor, person)]

    def resolve(self, printed_name: str) -> Councillor | None:
        """Return the councillor for this spelling, creating or extending one as needed."""
        return self.resolve_many([printed_name])[printed_name]

    def resolve_many(self, printed_names: Iterable[str]) -> dict[str, Councillor | None]:
        """Resolve many spellings; new councillors and aliases are inserted in bulk."""
        self.load()
        resolved: dict[str, Councillor | None] = {}
        new_councillors: list[Councillor] = []
        new_aliases: list[CouncillorAlias] = []
        for printed in printed_names:
            name = clean_name(printed)
            person = parse_person_name(name)
            if person is None:
                resolved[printed] = None
                continue
            councillor = self.by_alias.get(name.lower())
            if councillor is None:
                councillor = self._match_or_make(name, person, new_councillors)
                new_aliases.append(CouncillorAlias(councillor=councillor, name=name))
                self.by_alias[name.lower()] = councillor
            resolved[printed] = councillor
        Councillor.objects.bulk_create(new_councillors)
        # Each alias's councillor now has an id; Django copies it across on insert.
        CouncillorAlias.objects.bulk_create(new_aliases)
        return resolved

    def _match_or_make(
        self, name: str, person: PersonName, new_councillors: list[Councillor]
    ) -> Councillor:
        matches = [
            councillor
            for councillor, other in self.by_surname.get(person.surname.lower(), ())
            if same_person(other, person)
        ]
        # Merge only an unambiguous match; two candidates get a new record for an admin to sort.
        if len(matches) == 1:
            councillor = matches[0]
            if councillor.pk is None:  # made earlier in this batch: just improve its name
                councillor.name = best_display_name([councillor.name, name])
            else:
                self._improve_name(councillor, name)
            self._index(councillor)  # a fuller name must not leave its old initials to match
            return councillor
        councillor = Councillor(name=name, slug=free_slug(name, self.slugs))
        self._index(councillor)
        new_councillors.append(councillor)
        return councillor

    def _improve_name(self, councillor: Councillor, name: str) -> None:
        better = best_display_name([councillor.name, name])
        if better == councillor.name:
            return
        if Correction.objects.filter(councillor=councillor, field="name").exists():
            return  # an admin chose this name
        councillor.name = better
        councillor.save(update_fields=["name"])
        # Every decision they signed carries the name in its search document and export.
        decisions_changed(decisions_signed_by([councillor.pk]), kind=ChangeKind.UPDATED)


def _councillor_state() -> tuple:
    """A fingerprint of the councillors and their aliases. Any insert, delete, merge or
    split changes it, and so does a rename that changes a name's length; a rename that
    does not is still safe, because an admin's rename is a correction, which the importer
    never overwrites (`_improve_name`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM decisions_councillor), "
            "(SELECT MAX(id) FROM decisions_councillor), "
            "(SELECT SUM(LENGTH(name) + LENGTH(slug)) FROM decisions_councillor), "
            "(SELECT COUNT(*) FROM decisions_councilloralias), "
            "(SELECT MAX(id) FROM decisions_councilloralias), "
            "(SELECT SUM(councillor_id) FROM decisions_councilloralias)"
        )
        return tuple(cursor.fetchone())


def notice_values(parsed: ParsedNotice) -> dict[str, Any]:
    """The Decision field values a parsed notice carries."""
    return {name: getattr(parsed, name) for name in NOTICE_FIELDS}


def import_notice(
    parsed: ParsedNotice,
    *,
    source_path: str,
    source_bytes: bytes,
    registry: CouncillorRegistry | None = None,
    force: bool = False,
    replace: bool = False,
) -> ImportResult:
    """Create or update one decision from a parsed notice, in its own transaction.

    With force, a notice whose source is unchanged is written again (after a parser fix).
    A notice that is plainly another decision than the one stored under its reference is
    refused, unless replace is given; either way the record it rewrites is kept as a version.
    """
    item = NoticeToImport(parsed=parsed, source_path=source_path, source_bytes=source_bytes)
    registry = registry or CouncillorRegistry()
    try:
        check_field_lengths(parsed)
        with transaction.atomic():
            return _import_one(item, registry, force=force, replace=replace)
    except NoticeConflict as error:
        return ImportResult("failed", source_path, parsed.reference, str(error))
    except (DatabaseError, ValueError) as error:
        registry.reset()  # the rollback may have dropped councillors it created
        return ImportResult("failed", source_path, parsed.reference, f"could not be saved: {error}")


def _import_one(
    item: NoticeToImport, registry: CouncillorRegistry, *, force: bool, replace: bool
) -> ImportResult:
    parsed = item.parsed
    sha = item.sha256
    # Locked, so two imports of the same reference at once take turns rather than mixing.
    existing = Decision.objects.select_for_update().filter(reference=parsed.reference).first()
    if existing is not None and existing.source_sha256 == sha and not force:
        return ImportResult("unchanged", item.source_path, parsed.reference)
    replacing = False
    version: DecisionVersion | None = None
    if existing is not None:
        imported_title = _title_as_imported(existing)
        try:
            check_same_decision(existing, parsed, imported_title=imported_title)
        except NoticeConflict:
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
    )
    if existing is None:
        decision = Decision.objects.create(reference=parsed.reference, **values)
        _create_clauses(decision, parsed.clauses)
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


def _title_as_imported(decision: Decision) -> str:
    """The title the notice gave, before any admin correction of it."""
    first = (
        Correction.objects.filter(decision=decision, field="title", clause_key="")
        .order_by("created_at", "id")
        .values_list("old_value", flat=True)
        .first()
    )
    return first if first is not None else decision.title


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
    clauses_changed, kept_clauses = _update_clauses(decision, item.parsed.clauses, kept)
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
        "file_name": PurePath(item.source_path).name[:255],
        "source_format": item.parsed.source_format,
        "sha256": item.sha256,
        "size": len(item.source_bytes),
        "data": item.source_bytes,
    }


def _insert_clauses(rows: Sequence[tuple[Hashable, Clause, Hashable | None]]) -> dict:
    """Insert clauses given as (key, clause, parent key), parents first, one query per depth.

    A parent key may also name a clause that is already saved (passed in with key and clause
    as for the others but with a pk); such clauses are not inserted again.
    """
    saved: dict[Hashable, Clause] = {key: clause for key, clause, _ in rows if clause.pk}
    pending = [(key, clause, parent) for key, clause, parent in rows if not clause.pk]
    while pending:
        ready = [row for row in pending if row[2] is None or row[2] in saved]
        if not ready:  # a parent that points nowhere: keep the clause, drop the link
            key, clause, _ = pending[0]
            pending[0] = (key, clause, None)
            ready = [pending[0]]
        for _, clause, parent in ready:
            clause.parent = saved[parent] if parent is not None else None
        for (key, _, _), clause in zip(
            ready, Clause.objects.bulk_create([row[1] for row in ready]), strict=True
        ):
            saved[key] = clause
        done = {row[0] for row in ready}
        pending = [row for row in pending if row[0] not in done]
    return saved


def _create_clauses(decision: Decision, parsed_clauses: Sequence[ParsedClause]) -> None:
    _insert_clauses(
        [
            (i, Clause(decision=decision, position=i, label=c.label, text=c.text), c.parent)
            for i, c in enumerate(parsed_clauses)
        ]
    )


def parsed_clause_keys(parsed_clauses: Sequence[ParsedClause]) -> list[str]:
    """The key of each parsed clause, as Clause.key gives it once stored."""
    keys: list[str] = []
    for position, clause in enumerate(parsed_clauses):
        parent = clause.parent
        parent_key = keys[parent] if parent is not None and 0 <= parent < position else None
        keys.append(clause_key(clause.label, parent_key, position))
    return keys


def _stored_clause_keys(clauses: Sequence[Clause]) -> dict[int, str]:
    by_id = {c.pk: c for c in clauses}
    keys: dict[int, str] = {}

    def key_of(clause: Clause, depth: int = 0) -> str:
        if clause.pk not in keys:
            parent = by_id.get(clause.parent_id) if depth < 10 else None
            parent_key = key_of(parent, depth + 1) if parent else None
            keys[clause.pk] = clause_key(clause.label, parent_key, clause.position)
        return keys[clause.pk]

    for clause in clauses:
        key_of(clause)
    return keys


def _update_clauses(
    decision: Decision, parsed_clauses: Sequence[ParsedClause], kept: KeptCorrections
) -> tuple[bool, int]:
    """Rewrite the clauses an admin has not touched, in the notice's order.

    Clauses are matched by key ('b', 'b-i'), so a roman 'i' and a letter 'i' never mix.
    Clauses an admin edited, added or deleted stay as the admin left them, under the same
    parent; clauses an admin added that the notice lacks go last.
    Returns (changed, clauses kept).
    """
    existing = list(decision.clauses.all())
    stored_keys = _stored_clause_keys(existing)
    parsed_keys = parsed_clause_keys(parsed_clauses)
    owned = {stored_keys[c.pk]: c for c in existing if stored_keys[c.pk] in kept.clause_keys}
    plan: list[tuple[Hashable, Clause, Hashable | None]] = []
    plan_keys: list[str] = []
    for i, (parsed, key) in enumerate(zip(parsed_clauses, parsed_keys, strict=True)):
        if key in kept.clause_keys:
            if key in owned:  # missing means the admin deleted it
                plan.append((i, owned.pop(key), None))
                plan_keys.append(key)
            continue
        clause = Clause(decision=decision, label=parsed.label, text=parsed.text)
        plan.append((i, clause, parsed.parent))
        plan_keys.append(key)
    for key, clause in owned.items():
        plan.append((("admin", clause.pk), clause, None))
        plan_keys.append(key)
    kept_rows = [clause for _, clause, _ in plan if clause.pk]
    before = [(stored_keys[c.pk], c.text) for c in existing]
    after = [(key, clause.text) for key, (_, clause, _) in zip(plan_keys, plan, strict=True)]
    if before == after:
        return False, len(kept_rows)
    by_id = {c.pk: c for c in existing}
    old_parent_key = {
        c.pk: stored_keys[c.parent_id] if c.parent_id in by_id else None for c in kept_rows
    }
    # Detach kept clauses first, so deleting their old parents cannot cascade to them.
    Clause.objects.filter(pk__in=[c.pk for c in kept_rows]).update(parent=None)
    decision.clauses.exclude(pk__in=[c.pk for c in kept_rows]).delete()
    for position, (_, clause, _) in enumerate(plan):
        clause.position = position
    _insert_clauses(plan)
    final = {key: clause for key, (_, clause, _) in zip(plan_keys, plan, strict=True)}
    for clause in kept_rows:
        clause.parent = final.get(old_parent_key[clause.pk])
    Clause.objects.bulk_update(kept_rows, ["position", "parent"])
    return True, len(kept_rows)


def import_batch(
    items: Sequence[NoticeToImport],
    *,
    force: bool = False,
    replace: bool = False,
    registry: CouncillorRegistry | None = None,
) -> list[ImportResult]:
    """Import many notices quickly: new ones in bulk, the rest one by one.

    New notices with distinct references are inserted with a handful of queries for the
    whole batch. If that bulk insert fails for any reason, the batch is rolled back and
    every notice is imported on its own, so one bad notice never takes others with it.
    A registry passed in (one per import run) is checked against the stored councillors
    first, and noted as current after the batch's own writes.
    """
    if registry is None:
        registry = CouncillorRegistry()
    registry.keep_current()
    results: dict[int, ImportResult] = {}
    references = [item.parsed.reference for item in items]
    existing = set(
        Decision.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    seen: set[str] = set()
    bulk: list[tuple[int, NoticeToImport]] = []
    for index, item in enumerate(items):
        reference = item.parsed.reference
        try:
            check_field_lengths(item.parsed)
        except NoticeConflict as error:
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
            results[index] = import_notice(
                item.parsed,
                source_path=item.source_path,
                source_bytes=item.source_bytes,
                registry=registry,
                force=force,
                replace=replace,
            )
    registry.wrote()
    return [results[i] for i in range(len(items))]


def _bulk_create(
    batch: Sequence[tuple[int, NoticeToImport]], registry: CouncillorRegistry
) -> dict[int, ImportResult]:
    signatories = registry.resolve_many(item.parsed.signatory_name for _, item in batch)
    if connection.vendor == "postgresql":  # COPY, search documents included
        ids = copy_new_decisions([_new_decision(item, signatories) for _, item in batch])
        decisions_changed(ids, kind=ChangeKind.CREATED, search_documents_current=ids)
    else:
        decisions_changed(_orm_create(batch, signatories), kind=ChangeKind.CREATED)
    return {
        index: ImportResult("created", item.source_path, item.parsed.reference)
        for index, item in batch
    }


def _decision_values(item: NoticeToImport, signatories: dict[str, Councillor | None]) -> dict:
    """A new decision's field values, by attname."""
    signatory = signatories[item.parsed.signatory_name]
    return {
        **notice_values(item.parsed),
        "reference": item.parsed.reference,
        "signatory_id": signatory.pk if signatory is not None else None,
        "source_file": stored_file_name(item.source_path),
        "source_sha256": item.sha256,
        "source_text": item.parsed.source_text,
        "source_format": item.parsed.source_format,
    }


def _new_decision(item: NoticeToImport, signatories: dict[str, Councillor | None]) -> NewDecision:
    document = source_document_values(None, item)
    del document["decision"]
    return NewDecision(
        values=_decision_values(item, signatories),
        clauses=[
            NewClause(position=i, label=c.label, text=c.text, parent=c.parent)
            for i, c in enumerate(item.parsed.clauses)
        ],
        document=document,
    )


def _orm_create(
    batch: Sequence[tuple[int, NoticeToImport]], signatories: dict[str, Councillor | None]
) -> list[int]:
    created = Decision.objects.bulk_create(
        Decision(**_decision_values(item, signatories)) for _, item in batch
    )
    if any(d.pk is None for d in created):  # a backend that cannot return ids
        raise DatabaseError("bulk insert returned no ids")
    SourceDocument.objects.bulk_create(
        SourceDocument(**source_document_values(decision, item))
        for decision, (_, item) in zip(created, batch, strict=True)
    )
    _insert_clauses(
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
