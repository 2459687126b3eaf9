"""New decisions written with PostgreSQL's COPY: the importer's fast path for new notices.

The ORM's `bulk_create` builds a model instance, a compiled multi-row INSERT and a bound
parameter for every value; for a chunk of 500 notices (about 20,000 values in decisions,
source documents and clauses) that was most of a first import's time. COPY streams the
same rows to the server in one round trip per table.

Ids are taken from the tables' own sequences first, so each clause can name its decision
and its parent clause before anything is written. The columns come from the models'
concrete fields, so a field added to a model is written here too, from its default if
the importer does not set it.

Decisions go through a staging table: COPY into it, then one INSERT ... SELECT that
computes each search document on the way in (with `decisions.search.document`'s SQL, the
one definition of the document). Writing the rows first and the documents after, as every
other write does, rewrote each new row at once, and its eleven index entries with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from decisions.clause_keys import earlier_parent
from decisions.models import Clause, Decision, SourceDocument
from decisions.search.document import join_clause_texts, pg_document_params, pg_document_sql

# Derived: computed on the way in from the staging table (see the module's docstring).
NOT_COPIED = frozenset({"search_document"})
STAGING = "decisions_import_staging"


@dataclass(frozen=True)
class NewClause:
    """A clause of a new decision; parent is the position of its parent clause, if any."""

    position: int
    label: str
    text: str
    parent: int | None


@dataclass(frozen=True)
class NewDecision:
    """A new decision's field values (by attname), its clauses and its source document."""

    values: Mapping[str, Any]
    clauses: Sequence[NewClause]
    document: Mapping[str, Any]


def copy_new_decisions(decisions: Sequence[NewDecision]) -> list[int]:
    """Insert these decisions with their search documents, their clauses and source
    documents; return the decisions' ids.

    PostgreSQL only. Joins the caller's transaction: a failure leaves nothing written once
    the caller rolls back.
    """
    if not decisions:
        return []
    now = timezone.now()
    decision_ids = _next_ids(Decision, len(decisions))
    clause_count = sum(len(d.clauses) for d in decisions)
    clause_ids = iter(_next_ids(Clause, clause_count))
    clause_rows: list[tuple[Any, ...]] = []
    for decision_id, decision in zip(decision_ids, decisions, strict=True):
        ids = [next(clause_ids) for _ in decision.clauses]
        for clause_id, clause in zip(ids, decision.clauses, strict=True):
            counted = earlier_parent(clause.parent, clause.position)
            parent = ids[counted] if counted is not None else None
            clause_rows.append(
                (clause_id, decision_id, clause.position, clause.label, clause.text, parent)
            )
    _copy_decisions(
        (
            {**decision.values, "id": decision_id}
            for decision_id, decision in zip(decision_ids, decisions, strict=True)
        ),
        [join_clause_texts(c.text for c in decision.clauses) for decision in decisions],
        now=now,
    )
    _copy(
        SourceDocument,
        (
            {**decision.document, "decision_id": decision_id}
            for decision_id, decision in zip(decision_ids, decisions, strict=True)
        ),
        now=now,
        with_id=False,
    )
    clause_columns = ("id", "decision_id", "position", "label", "text", "parent_id")
    _copy_rows(Clause._meta.db_table, clause_columns, clause_rows)
    return decision_ids


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve `count` ids from the model's primary-key sequence."""
    if count == 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            (table, column, count),
        )
        return [row[0] for row in cursor.fetchall()]


def _columns(model: type[models.Model], *, with_id: bool) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.attname not in NOT_COPIED and (with_id or not field.primary_key)
    ]


def _copy_decisions(
    rows: Iterable[Mapping[str, Any]], clause_texts: Sequence[str], *, now: Any
) -> None:
    """COPY decisions into a staging table, then insert them with their search documents."""
    columns = [field.column for field in _columns(Decision, with_id=True)]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {STAGING} ON COMMIT DROP AS "
            f"SELECT {quoted}, NULL::text AS clause_text FROM decisions_decision WITH NO DATA"
        )
        _copy(
            Decision,
            rows,
            now=now,
            table=STAGING,
            extra=("clause_text", clause_texts),
        )
        document = pg_document_sql("s", clause_text="s.clause_text")
        cursor.execute(
            f"INSERT INTO decisions_decision ({quoted}, search_document) "
            f"SELECT {', '.join('s.' + c for c in columns)}, {document} FROM {STAGING} AS s",
            pg_document_params(),
        )
        cursor.execute(f"DROP TABLE {STAGING}")


def _copy(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    now: Any,
    with_id: bool = True,
    table: str | None = None,
    extra: tuple[str, Sequence[Any]] | None = None,
) -> None:
    """COPY rows given as {attname: value}; a missing field takes its default (or now).

    With table, into that table rather than the model's; with extra, one more column, its
    values given in the rows' order.
    """
    fields = _columns(model, with_id=with_id)
    defaults: dict[str, Any] = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
    names = [field.attname for field in fields]

    def row_of(values: Mapping[str, Any]) -> tuple[Any, ...]:
        try:
            return tuple(values[name] if name in values else defaults[name] for name in names)
        except KeyError as missing:
            raise ValueError(f"{model.__name__}: no value for {missing.args[0]}") from None

    columns = [field.column for field in fields]
    tuples: Iterable[tuple[Any, ...]] = (row_of(values) for values in rows)
    if extra is not None:
        columns.append(extra[0])
        tuples = ((*row, value) for row, value in zip(tuples, extra[1], strict=True))
    _copy_rows(table or model._meta.db_table, columns, tuples)


def _copy_rows(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(table)
    sql = f"COPY {table} ({quoted}) FROM STDIN"
    # The raw psycopg cursor, for copy(); its errors are raised as Django's, as the ORM's are.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in rows:
            copy.write_row(row)
