""" "Did you mean …?": a spelling suggestion for a search that found nothing, taken from the
archive's own vocabulary (the words its search documents hold), on both databases.

- PostgreSQL: the lexemes of every search document (`ts_stat`), prefiltered by trigram
  similarity (pg_trgm, which migration 0017 enables) to the typed word's own lexeme.
- SQLite: the terms of the FTS5 table, read through an `fts5vocab` table.

Both hold stems ("ofst" for "Ofsted"), so the chosen stem is turned back into a word as the
archive spells it by highlighting it in one decision that has it. The choice between
candidates is a pure function (`closest_word`), the same on both databases.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction

from decisions.search.document import FTS_TABLE, normalise_apostrophes
from decisions.search.query import parse_query

# A candidate must be at least this like the typed word (difflib's ratio, 0 to 1).
MIN_LIKENESS = 0.7
# Words shorter than this are left alone: "of" has too many neighbours to guess from.
MIN_WORD_LENGTH = 4
MAX_SUGGESTED_WORDS = 3
# PostgreSQL: the longest a word's candidates may take to find (milliseconds).
PG_TIME_LIMIT_MS = 400
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_MARK_START}(.*?){_MARK_STOP}", re.S)
_WORD = re.compile(r"^[^\W\d_]+$")
_VOCAB_TABLE = "temp.decisions_decision_fts_vocab"
_PG_CANDIDATES = """
SELECT word, ndoc FROM ts_stat('SELECT search_document FROM decisions_decision
    WHERE search_document IS NOT NULL AND withdrawn_at IS NULL')
WHERE similarity(word, %(stem)s) > 0.3
"""


@dataclass(frozen=True)
class Suggestion:
    """A search to try instead: the query as typed with its misspelt words replaced."""

    query: str
    replaced: tuple[tuple[str, str], ...]  # (typed, suggested) pairs


def likeness(typed: str, term: str) -> float:
    """How alike a typed word and a stored term are (0 to 1), ignoring case.

    Stored terms are stems, so a stem that is the start of the typed word ("ofst" in
    "ofstead") is compared with that much of the word and one letter more as well.
    """
    typed, term = typed.casefold(), term.casefold()
    whole = difflib.SequenceMatcher(None, typed, term).ratio()
    start = difflib.SequenceMatcher(None, typed[: len(term) + 1], term).ratio()
    return max(whole, start if len(term) >= MIN_WORD_LENGTH else 0.0)


def closest_word(typed: str, candidates: Iterable[tuple[str, int]]) -> str | None:
    """The stored term most like `typed` (ties go to the term in more decisions), or None.

    `candidates` are (term, number of decisions holding it); the typed word itself is never
    suggested, nor anything less alike than MIN_LIKENESS.
    """
    best: tuple[float, int, str] | None = None
    for term, documents in candidates:
        if term.casefold() == typed.casefold() or not _WORD.match(term):
            continue
        score = likeness(typed, term)
        if score >= MIN_LIKENESS and (best is None or (score, documents) > best[:2]):
            best = (score, documents, term)
    return best[2] if best else None


def replace_words(query: str, replacements: Iterable[tuple[str, str]]) -> str:
    """The query with each typed word (whole words, any case) replaced by its suggestion."""
    for typed, suggested in replacements:
        query = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", suggested, query, flags=re.I)
    return query


def suggest_search(text: str) -> Suggestion | None:
    """A better-spelt query for `text`, when some of its words are in no decision."""
    words = [
        term.text
        for group in parse_query(text).groups
        for term in group
        if not term.excluded and _WORD.match(term.text) and len(term.text) >= MIN_WORD_LENGTH
    ][:MAX_SUGGESTED_WORDS]
    backend = _PostgresVocabulary() if connection.vendor == "postgresql" else _SqliteVocabulary()
    replaced = []
    for word in words:
        if backend.has_word(word):
            continue
        stem = closest_word(word, backend.candidates(word))
        if stem is not None:
            replaced.append((word, backend.spelling(stem)))
    if not replaced:
        return None
    return Suggestion(
        query=replace_words(normalise_apostrophes(text), replaced), replaced=tuple(replaced)
    )


class _PostgresVocabulary:
    def has_word(self, word: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM decisions_decision WHERE withdrawn_at IS NULL "
                "AND search_document @@ plainto_tsquery('english', %s))",
                [word],
            )
            return bool(cursor.fetchone()[0])

    def candidates(self, word: str) -> list[tuple[str, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT lexeme FROM unnest(to_tsvector('english', %s)) LIMIT 1", [word])
            row = cursor.fetchone()
            if row is None:  # a stop word
                return []
            # ts_stat reads every search document (about 75 ms at 5,000 decisions): past the
            # time limit the search simply offers no suggestion, however big the archive.
            try:
                with transaction.atomic():
                    cursor.execute(f"SET LOCAL statement_timeout = {PG_TIME_LIMIT_MS}")
                    cursor.execute(_PG_CANDIDATES, {"stem": row[0]})
                    return list(cursor.fetchall())
            except OperationalError:
                return []

    def spelling(self, stem: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ts_headline('english', concat_ws(' ', d.title, d.purpose, d.reason, "
                "d.options_considered, d.decision_text), quote_literal(%(stem)s)::tsquery, "
                "%(options)s) FROM decisions_decision AS d "
                "WHERE d.withdrawn_at IS NULL "
                "AND d.search_document @@ quote_literal(%(stem)s)::tsquery LIMIT 1",
                {
                    "stem": stem,
                    "options": f"StartSel={_MARK_START}, StopSel={_MARK_STOP}, MaxWords=5, "
                    "MinWords=1",
                },
            )
            row = cursor.fetchone()
        return _first_marked(row[0] if row else "") or stem


class _SqliteVocabulary:
    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB_TABLE} "
                f"USING fts5vocab(main, {FTS_TABLE}, row)"
            )

    def has_word(self, word: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT 1", [_quoted(word)]
            )
            return cursor.fetchone() is not None

    def candidates(self, word: str) -> list[tuple[str, int]]:
        # Terms sharing the first letter and of a length near the word's (stems are shorter).
        first = word[0].casefold()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc FROM {_VOCAB_TABLE} WHERE term >= %s AND term < %s "
                "AND length(term) BETWEEN %s AND %s",
                [first, chr(ord(first) + 1), max(2, len(word) - 4), len(word) + 2],
            )
            return list(cursor.fetchall())

    def spelling(self, stem: str) -> str:
        marks = [_MARK_START, _MARK_STOP]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT highlight({FTS_TABLE}, 0, %s, %s) || ' ' || "
                f"highlight({FTS_TABLE}, 1, %s, %s) || ' ' || highlight({FTS_TABLE}, 2, %s, %s)"
                f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT 1",
                [*marks, *marks, *marks, _quoted(stem)],
            )
            row = cursor.fetchone()
        return _first_marked(row[0] if row else "") or stem


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _first_marked(text: str) -> str:
    """The first highlighted word in a highlight, without its punctuation."""
    found = _MARKED.search(text or "")
    return found.group(1).strip(" .,;:()'\"“”‘’") if found else ""
