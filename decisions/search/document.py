"""The search document: the one service that writes what full-text search reads.

A decision's search document is built from its title, its clauses, its purpose, reasons and
options, and the signatory's name (as printed, and the councillor's canonical name). The
clauses and the councillor live in other tables, so the document cannot be a generated
column: it is rebuilt inside each write's own transaction by `decisions.changes`, the one
service every write path calls (the importer, the decision admin, clause corrections,
councillor renames, merges and splits, a backup load).

- PostgreSQL: `Decision.search_document` holds a weighted tsvector (title A, clauses B,
  the rest C), indexed with GIN.
- SQLite: an FTS5 table, `decisions_decision_fts`, one row per decision (rowid = the
  decision's id) with the columns title, clauses and rest, tokenized with porter over
  unicode61 (diacritics removed). `Decision.search_document` stays empty there.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "decisions_decision_fts"
FTS_COLUMNS = ("title", "clauses", "rest")
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
# Curly quotes and the like are written as a straight apostrophe, in documents and queries,
# so "children’s" and "children's" are the same word.
APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u2032`\u00b4", "'"))
CHUNK = 500

_PG_DOCUMENT = """
    setweight(to_tsvector('english'::regconfig, translate(COALESCE({row}.title, ''), %(curly)s,
        %(straight)s)), 'A')
    || setweight(to_tsvector('english'::regconfig, translate(COALESCE({clauses}, ''),
        %(curly)s, %(straight)s)), 'B')
    || setweight(to_tsvector('english'::regconfig, translate(concat_ws(' ',
        {row}.purpose, {row}.reason, {row}.options_considered, {row}.signatory_name,
        (SELECT k.name FROM decisions_councillor AS k WHERE k.id = {row}.signatory_id)
    ), %(curly)s, %(straight)s)), 'C')
"""
# A decision's clause text, as search indexes it and snippets quote it: its clauses' texts
# in the notice's order, joined by single spaces. The SQL and the Python say the same.
CLAUSE_ORDER = ("position", "id")
_PG_CLAUSES = """(
    SELECT string_agg(c.text, ' ' ORDER BY {order})
    FROM decisions_clause AS c WHERE c.decision_id = {row}.id
)"""


def clause_text_sql(row: str) -> str:
    """SQL for the clause text of the decision row aliased `row`; NULL when it has none."""
    order = ", ".join(f"c.{column}" for column in CLAUSE_ORDER)
    return _PG_CLAUSES.format(row=row, order=order)


def join_clause_texts(texts: Iterable[str]) -> str:
    """The clause text from the clauses' texts, given in the notice's order."""
    return " ".join(text or "" for text in texts)


def pg_document_sql(row: str, *, clause_text: str | None = None) -> str:
    """SQL for the search document of the decision row aliased `row` (PostgreSQL).

    The clauses are read from decisions_clause, or, for a row whose clauses are not
    written yet (a first import's staging table), from the column `clause_text` names:
    their `join_clause_texts`. Run it with `pg_document_params()`.
    """
    clauses = clause_text or clause_text_sql(row)
    return _PG_DOCUMENT.format(row=row, clauses=clauses)


def _pg_rebuild(where: str) -> str:
    document = pg_document_sql("d")
    return f"UPDATE decisions_decision AS d SET search_document = {document} WHERE {where}"


def normalise_apostrophes(text: str) -> str:
    """Write every apostrophe-like character as a straight apostrophe."""
    return text.translate(APOSTROPHES)


def pg_document_params() -> dict[str, str]:
    curly = "".join(chr(c) for c in APOSTROPHES)
    return {"curly": curly, "straight": "'" * len(curly)}


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def rebuild_search_documents(*, decision_ids: Iterable[int]) -> None:
    """Rewrite the search documents of these decisions from what is stored now.

    Call it inside the transaction that changed them; it joins that transaction.
    """
    ids = sorted({int(pk) for pk in decision_ids})
    if not ids:
        return
    with transaction.atomic():
        for chunk in _chunks(ids):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        _pg_rebuild("d.id = ANY(%(ids)s)"),
                        {**pg_document_params(), "ids": chunk},
                    )
            elif connection.vendor == "sqlite":
                _write_fts_rows(connection, chunk)


def rebuild_all_search_documents(conn: BaseDatabaseWrapper | None = None) -> None:
    """Rebuild every decision's search document (used by the migration that added them)."""
    conn = conn or connection
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute(_pg_rebuild("TRUE"), pg_document_params())
        return
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT id FROM decisions_decision ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    for chunk in _chunks(ids):
        _write_fts_rows(conn, chunk)


def decisions_signed_by(councillor_ids: Collection[int]) -> list[int]:
    """The ids of the decisions these councillors signed, whose documents carry their names."""
    from decisions.models import Decision

    return list(
        Decision.objects.filter(signatory_id__in=list(councillor_ids)).values_list("pk", flat=True)
    )


def _write_fts_rows(conn: BaseDatabaseWrapper, ids: list[int]) -> None:
    marks = ", ".join(["%s"] * len(ids))
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT d.id, d.title, d.purpose, d.reason, d.options_considered, "
            "d.signatory_name, k.name FROM decisions_decision AS d "
            f"LEFT JOIN decisions_councillor AS k ON k.id = d.signatory_id WHERE d.id IN ({marks})",
            ids,
        )
        decisions = cursor.fetchall()
        cursor.execute(
            "SELECT decision_id, text FROM decisions_clause "
            f"WHERE decision_id IN ({marks}) ORDER BY decision_id, {', '.join(CLAUSE_ORDER)}",
            ids,
        )
        clauses: dict[int, list[str]] = {}
        for decision_id, text in cursor.fetchall():
            clauses.setdefault(decision_id, []).append(text)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)
        rows: list[tuple[Any, ...]] = [
            (
                pk,
                normalise_apostrophes(title or ""),
                normalise_apostrophes(join_clause_texts(clauses.get(pk, ()))),
                normalise_apostrophes(" ".join(filter(None, rest))),
            )
            for pk, title, *rest in decisions
        ]
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, clauses, rest) VALUES (%s, %s, %s, %s)", rows
        )


def create_fts_table(conn: BaseDatabaseWrapper) -> None:
    """Create the SQLite FTS5 table (the migration calls this; PostgreSQL needs none)."""
    with conn.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            f"{', '.join(FTS_COLUMNS)}, tokenize = '{FTS_TOKENIZER}')"
        )
