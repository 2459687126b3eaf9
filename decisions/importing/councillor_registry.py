"""The councillor registry: finds or creates the councillor for a printed name, once per
import run, without a query a name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from decisions.changes import decisions_changed
from decisions.councillors import free_slug
from decisions.councils import council_for
from decisions.models import Correction, Council, Councillor, CouncillorAlias
from decisions.names import (
    PersonName,
    best_display_name,
    clean_name,
    parse_person_name,
    same_person,
)
from decisions.search.document import decisions_signed_by
from decisions.vocabulary import ChangeKind


@dataclass
class CouncillorRegistry:
    """Finds or creates the councillor for a printed name; cached for a whole batch.

    Candidates are indexed by surname and slugs are known in memory, so resolving a name
    costs no queries unless a councillor or alias has to be created. A registry is one
    council's: "J Smith" there is never matched with another council's John Smith. Slugs
    are the archive's, so every council's are known.
    """

    council: Council | None = None  # None: the only council there is (council_for)
    by_alias: dict[str, Councillor] = field(default_factory=dict)
    by_surname: dict[str, list[tuple[Councillor, PersonName]]] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)
    loaded: bool = False
    state: tuple | None = None  # the tables' fingerprint when last known to be in step

    def load(self) -> None:
        if self.loaded:
            return
        own = self.the_council().pk
        # One query (councillors LEFT JOIN aliases), so it reads one consistent snapshot: a
        # commit by another import can never land between reading councillors and aliases.
        by_id: dict[int, Councillor] = {}
        alias_ids: list[int] = []
        alias_owners = 0
        rows = Councillor.objects.order_by("pk").values_list(
            "pk", "name", "slug", "council_id", "aliases__pk", "aliases__name"
        )
        for pk, name, slug, council_id, alias_pk, alias in rows:
            councillor = by_id.get(pk)
            if councillor is None:
                councillor = Councillor.from_db(
                    "default", ["id", "name", "slug", "council_id"], (pk, name, slug, council_id)
                )
                by_id[pk] = councillor
                if council_id == own:
                    self._index(councillor)
                else:
                    self.slugs.add(slug)
            if alias is not None:
                if council_id == own:
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

    def the_council(self) -> Council:
        """The council this registry (and the import that holds it) is for."""
        if self.council is None:
            self.council = council_for(None)
        return self.council

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
                new_aliases.append(
                    CouncillorAlias(councillor=councillor, name=name, council=self.council)
                )
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
        councillor = Councillor(name=name, slug=free_slug(name, self.slugs), council=self.council)
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
