"""Backup and restore of the whole archive as JSON lines, database-independent.

The archive is everything in the `decisions` app and in the apps built on it (the
`timelines` app), plus the admin accounts that made corrections. Models are found through
Django's app registry, so the core never imports the apps it dumps, and a model an app
adds later is dumped without a change here.

Format (one JSON value per line, UTF-8):

- line 1, a header: {"format": "cabinet-decisions-archive", "version": 1,
  "models": ["auth.group", "auth.user", "decisions.councillor", ...]};
- then one line per row, in the header's model order (parents before the rows that point
  to them), each as Django's serializer writes it:
  {"model": "decisions.decision", "pk": 12, "fields": {"reference": "I50042913", ...}}.
  Primary keys are kept, so links (clause parents, timeline events, follow-up links,
  corrections) come back as they were; a correction names its user by username, and
  permissions are named by app, model and codename (natural keys). Times keep their
  microseconds.
  Computed columns (the search document) are left out and recomputed on load.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime, time
from typing import IO

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from decisions.changes import decisions_changed
from decisions.models import Decision
from decisions.seams import seeded_models
from decisions.vocabulary import ChangeKind

FORMAT = "cabinet-decisions-archive"
VERSION = 1
ACCOUNT_MODELS = ("auth.group", "auth.user")
BATCH = 500


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds, so a restore is exact."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class ArchiveLoadError(Exception):
    """A backup that cannot be loaded, or a database it must not be loaded into."""


def archive_models() -> list[type[models.Model]]:
    """Every model a backup holds, parents before the models that point to them."""
    chosen = [apps.get_model(label) for label in ACCOUNT_MODELS]
    for config in apps.get_app_configs():  # the core, and every app built inside it
        if config.name == "decisions" or config.name.startswith("decisions."):
            chosen.extend(config.get_models())
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def stored_fields(model: type[models.Model]) -> list[str]:
    """The fields a backup keeps: all but the primary key and derived columns (generated
    ones, and the search document, which a load rebuilds from the records)."""
    return [
        field.name
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not field.primary_key
        and not getattr(field, "generated", False)
        and not isinstance(field, SearchVectorField)
    ]


def _rows(model: type[models.Model]) -> Iterator[dict]:
    """One model's rows in serializer form, read in batches so memory stays flat."""
    manager = model._base_manager
    last = None
    while True:
        batch = manager.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        page = list(batch[:BATCH])
        if not page:
            return
        yield from serializers.serialize(
            "python",
            page,
            fields=stored_fields(model),
            use_natural_foreign_keys=True,
        )
        last = page[-1].pk


def dump_archive(out: IO[str]) -> dict[str, int]:
    """Write the whole archive to `out`; returns the row count per model."""
    chosen = archive_models()
    header = {"format": FORMAT, "version": VERSION, "models": [model_label(m) for m in chosen]}
    out.write(json.dumps(header) + "\n")
    counts: dict[str, int] = {}
    with transaction.atomic():  # one consistent snapshot (REPEATABLE READ not needed: reads)
        for model in chosen:
            n = 0
            for row in _rows(model):
                out.write(json.dumps(row, cls=_Encoder, ensure_ascii=False) + "\n")
                n += 1
            counts[model_label(model)] = n
    return counts


def _header(lines: Iterator[str]) -> dict:
    try:
        header = json.loads(next(lines))
    except (StopIteration, json.JSONDecodeError) as error:
        raise ArchiveLoadError("the file does not start with an archive header") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ArchiveLoadError(f"the file is not a {FORMAT} backup")
    if header.get("version") != VERSION:
        raise ArchiveLoadError(
            f"the backup is version {header.get('version')}; this archive reads {VERSION}"
        )
    return header


def _check_empty() -> None:
    for model in archive_models():
        if model_label(model) in ACCOUNT_MODELS:
            continue
        if model_label(model) in seeded_models():
            continue
        if model._base_manager.exists():
            raise ArchiveLoadError(
                f"the database already holds {model._meta.verbose_name_plural}; "
                "load a backup only into a freshly migrated, empty database"
            )


def load_archive(lines: Iterable[str]) -> dict[str, int]:
    """Restore a backup into an empty database, in one transaction; returns counts."""
    stream = iter(lines)
    header = _header(stream)
    known = {model_label(m) for m in archive_models()}
    unknown = sorted(set(header["models"]) - known)
    if unknown:
        raise ArchiveLoadError(f"the backup holds models this archive lacks: {unknown}")
    counts: dict[str, int] = {}
    loaded: set[type[models.Model]] = set()
    with transaction.atomic():
        _check_empty()
        for label in seeded_models():
            apps.get_model(label)._base_manager.all().delete()
        with connection.constraint_checks_disabled():
            for number, line in enumerate(stream, start=2):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    (obj,) = serializers.deserialize("python", [row])
                    obj.save()
                except Exception as error:
                    raise ArchiveLoadError(f"line {number}: {error}") from error
                loaded.add(type(obj.object))
                counts[row["model"]] = counts.get(row["model"], 0) + 1
        _check_constraints(loaded)
        _reset_sequences(loaded)
        # Derived, not dumped: re-indexed; the timeline rows came back with the backup.
        decisions_changed(Decision.objects.values_list("pk", flat=True), kind=ChangeKind.RESTORED)
    return counts


def _check_constraints(loaded: set[type[models.Model]]) -> None:
    try:
        connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
    except Exception as error:
        raise ArchiveLoadError(f"the backup's rows do not fit together: {error}") from error


def _reset_sequences(loaded: set[type[models.Model]]) -> None:
    """Make new rows' ids follow the loaded ones (PostgreSQL sequences)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
