"""Backup and restore of the whole archive as JSON lines, database-independent.

The archive is everything in the `decisions` app and in the apps built on it (the
`timelines` app), plus the admin accounts that made corrections. Models an app registers as
private (people's email addresses: decisions.seams.register_private_models) are left out
unless the dump is asked for them (`with_private`). Models are found through
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
  Computed columns (the search document) are left out and recomputed on load;
- last, a trailer: {"trailer": {"counts": {"decisions.decision": 5, ...},
  "sha256": "<hex>"}}: the rows written per model, and the SHA-256 of every byte before
  the trailer line. A file cut short, or changed, does not match its trailer, and
  load_archive refuses it before it loads anything.

The dump reads every model in one transaction: on PostgreSQL REPEATABLE READ, READ ONLY, so
all models come from one snapshot even while an import or an admin edit commits (READ
COMMITTED would see a clause committed after its decision was read). On SQLite the
transaction is IMMEDIATE (archive_site/env.py), so writers wait for the dump instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path
from typing import IO

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from decisions.changes import decisions_changed
from decisions.models import Decision
from decisions.seams import private_models, seeded_models
from decisions.vocabulary import ChangeKind

FORMAT = "cabinet-decisions-archive"
VERSION = 2  # 2: the trailer (row counts and SHA-256)
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


# Rows the core's own migrations create in an empty database (the first council).
CORE_SEEDED = ("decisions.council",)


def _seeded() -> tuple[str, ...]:
    """Models whose rows a freshly migrated database already holds: a load replaces them
    with the backup's rather than refusing the database as not empty."""
    return (*seeded_models(), *CORE_SEEDED)


def archive_models(*, with_private: bool = True) -> list[type[models.Model]]:
    """Every model a backup may hold (without `with_private`, the private models left out),
    parents before the models that point to them."""
    chosen = [apps.get_model(label) for label in ACCOUNT_MODELS]
    private = set() if with_private else set(private_models())
    for config in apps.get_app_configs():  # the core, and every app built inside it
        if config.name == "decisions" or config.name.startswith("decisions."):
            chosen.extend(m for m in config.get_models() if model_label(m) not in private)
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


class _Out:
    """Writes lines to the backup and keeps the SHA-256 of every byte written."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.digest = hashlib.sha256()

    def line(self, value: object) -> None:
        text = json.dumps(value, cls=_Encoder, ensure_ascii=False) + "\n"
        self.digest.update(text.encode("utf-8"))
        self.out.write(text)


@contextmanager
def _snapshot() -> Iterator[None]:
    """One transaction whose reads all see the same committed state.

    On PostgreSQL the default READ COMMITTED takes a fresh snapshot per statement, so a
    dump read model by model could hold clauses committed after their decision was read;
    REPEATABLE READ keeps the first statement's snapshot to the end. Inside a caller's
    transaction (a test's) the isolation level is already fixed; the caller owns it.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def dump_archive(out: IO[str], *, with_private: bool = False) -> dict[str, int]:
    """Write the whole archive to `out`, ending with its trailer; returns the row counts.
    The private models (alert subscribers' addresses) only `with_private`."""
    chosen = archive_models(with_private=with_private)
    writer = _Out(out)
    writer.line({"format": FORMAT, "version": VERSION, "models": [model_label(m) for m in chosen]})
    counts: dict[str, int] = {}
    with _snapshot():
        for model in chosen:
            n = 0
            for row in _rows(model):
                writer.line(row)
                n += 1
            counts[model_label(model)] = n
    trailer = {"trailer": {"counts": counts, "sha256": writer.digest.hexdigest()}}
    out.write(json.dumps(trailer) + "\n")
    return counts


def dump_archive_to(path: Path, *, with_private: bool = False) -> dict[str, int]:
    """Write a backup to `path` through a temporary file in the same folder, renamed into
    place only once it is complete: a dump that fails or is killed leaves no `path`."""
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            counts = dump_archive(out, with_private=with_private)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return counts


def _header(line: bytes | None) -> dict:
    try:
        header = json.loads(line) if line is not None else None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ArchiveLoadError("the file does not start with an archive header") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        if line is None:
            raise ArchiveLoadError("the file does not start with an archive header")
        raise ArchiveLoadError(f"the file is not a {FORMAT} backup")
    if header.get("version") != VERSION:
        raise ArchiveLoadError(
            f"the backup is version {header.get('version')}; this archive reads {VERSION}"
            + (" (version 1 had no trailer to check it by)" if header.get("version") == 1 else "")
        )
    return header


def _trailer(line: bytes) -> dict | None:
    """The trailer's contents if `line` is a well-formed trailer, else None."""
    try:
        value = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(value, dict) or set(value) != {"trailer"}:
        return None
    trailer = value["trailer"]
    if (
        not isinstance(trailer, dict)
        or not isinstance(trailer.get("sha256"), str)
        or not isinstance(trailer.get("counts"), dict)
    ):
        return None
    return trailer


def _row_model(line: bytes, number: int) -> str:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ArchiveLoadError(f"line {number} is not a JSON row ({error})") from error
    if not isinstance(row, dict) or not isinstance(row.get("model"), str):
        raise ArchiveLoadError(f"line {number} is not a row of a model")
    return row["model"]


def verify_archive(lines: Iterable[bytes]) -> dict:
    """Check a backup against its trailer without touching the database; returns the
    header. A file cut short (at a line end or inside one), changed, or without a
    trailer raises ArchiveLoadError."""
    stream = iter(lines)
    first = next(stream, None)
    header = _header(first)
    digest = hashlib.sha256(first)
    counts: dict[str, int] = {}
    trailer = None
    number = 1
    for number, line in enumerate(stream, start=2):
        if trailer is not None:
            raise ArchiveLoadError(f"line {number} follows the trailer")
        trailer = _trailer(line)
        if trailer is None:
            label = _row_model(line, number)
            counts[label] = counts.get(label, 0) + 1
            digest.update(line)
    if trailer is None:
        raise ArchiveLoadError(
            f"the backup has no trailer after line {number}: it was cut short "
            "(a dump that did not finish, or a copy that did not)"
        )
    if digest.hexdigest() != trailer["sha256"]:
        raise ArchiveLoadError("the backup's checksum does not match its trailer: it was changed")
    expected = {label: n for label, n in trailer["counts"].items() if n}
    if counts != expected:
        raise ArchiveLoadError(
            f"the backup's rows do not match its trailer: {counts} read, {expected} written"
        )
    return header


def _check_empty() -> None:
    for model in archive_models():
        if model_label(model) in ACCOUNT_MODELS:
            continue
        if model_label(model) in _seeded():
            continue
        if model._base_manager.exists():
            raise ArchiveLoadError(
                f"the database already holds {model._meta.verbose_name_plural}; "
                "load a backup only into a freshly migrated, empty database"
            )


def load_archive(path: Path) -> dict[str, int]:
    """Check a backup against its trailer, then restore it into an empty database in one
    transaction; returns the row count per model. Nothing is loaded from a bad file."""
    with path.open("rb") as lines:
        header = verify_archive(lines)
    known = {model_label(m) for m in archive_models()}
    unknown = sorted(set(header["models"]) - known)
    if unknown:
        raise ArchiveLoadError(f"the backup holds models this archive lacks: {unknown}")
    counts: dict[str, int] = {}
    loaded: set[type[models.Model]] = set()
    with path.open(encoding="utf-8") as stream, transaction.atomic():
        next(stream)  # the header
        _check_empty()
        for label in _seeded():
            apps.get_model(label)._base_manager.all().delete()
        with connection.constraint_checks_disabled():
            for number, line in enumerate(stream, start=2):
                row = json.loads(line)
                if "trailer" in row:
                    break
                try:
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
