"""Full-text search over decisions: one entry point for filters and views, two backends.

Both read one query language, as `websearch_to_tsquery` reads it: plain words (all must
match), "quoted phrases", -word to exclude and `or` between alternatives. The search
document (title, clauses, purpose, reasons, options, the signatory's name) is written by
decisions/search_document.py.

PostgreSQL matches the stored, weighted `search_document` tsvector with
`websearch_to_tsquery`, ranks with `ts_rank` and highlights with `ts_headline`.

SQLite matches its FTS5 table (porter stemming over unicode61, diacritics removed). The
user's text is parsed here (`parse_query`) and written out as an FTS5 MATCH expression in
which every word and phrase is a quoted string, so no input (a stray quote, NEAR, *, ^, a
column filter) can be FTS5 syntax. It ranks with bm25 (title above clauses above the rest)
and takes snippets with snippet().
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.models import Decision
from decisions.parsing.reference import REFERENCE_PATTERN, reference_for
from decisions.search.document import FTS_TABLE, clause_text_sql, normalise_apostrophes

CONFIG = "english"
# Private-use characters mark highlights in ts_headline output, so the text around them
# can be escaped before the marks become <mark> tags.
_MARK_START = "\ue000"
_MARK_STOP = "\ue001"
# An issue reference ("I50042913", as parsing defines it), or 7 or more bare digits, so that
# a year or a short number stays a word search.
_REFERENCE = re.compile(rf"\s*(?:{REFERENCE_PATTERN}|(?P<bare_number>\d{{7,12}}))\s*")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Stripped from the ends of bare words: "plan," finds "plan".
_EDGE_PUNCTUATION = "".join(sorted(set(".,;:!?()[]{}<>'\"“”‘’`*+=/\\|&^%$#@~")))
SNIPPET_WORDS = 30
# bm25 weights for the FTS5 columns title, clauses and rest: a title match counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
# The FTS5 columns a snippet is taken from (clauses, rest): what a decision says, beyond
# its title; and the fields they stand for where the row has no match to cut around.
SNIPPET_COLUMNS = (1, 2)
SNIPPET_FIELDS = ("purpose", "reason", "options_considered")


@dataclass(frozen=True)
class Term:
    """A word or phrase the user typed; `excluded` for -word."""

    text: str
    excluded: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A query as groups of alternatives: every group must match, any term within it."""

    groups: tuple[tuple[Term, ...], ...]

    @property
    def included(self) -> list[str]:
        """The words and phrases a match should contain, for highlighting."""
        return [t.text for group in self.groups for t in group if not t.excluded]

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_query(text: str) -> ParsedQuery:
    """Split a query as websearch_to_tsquery reads it: words, "phrases", -word, `or`."""
    groups: list[list[Term]] = []
    join_next = False
    for match in _TOKEN.finditer(normalise_apostrophes(text)):
        negated, phrase, bare = match.groups()
        if bare is not None:
            if bare.lower() == "or":
                join_next = bool(groups)
                continue
            negated = "-" if bare.startswith("-") else ""
            words = " ".join(bare.lstrip("-").strip(_EDGE_PUNCTUATION).lower().split())
        else:
            words = " ".join(phrase.lower().split())
        if not words:
            continue
        term = Term(words, excluded=bool(negated))
        if join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(tuple(tuple(group) for group in groups))


def parse_reference(text: str) -> str | None:
    """Return the issue reference a query names ("50042913" -> "I50042913"), if it is one."""
    match = _REFERENCE.fullmatch(text)
    if match is None:
        return None
    return reference_for(match.group("issue_number") or match.group("bare_number"))


def _is_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _websearch(text: str) -> SearchQuery:
    return SearchQuery(normalise_apostrophes(text), search_type="websearch", config=CONFIG)


def _has_token(text: str) -> bool:
    """True when FTS5's unicode61 tokenizer finds a word in `text` (letters, digits)."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def _fts_string(text: str) -> str:
    """A word or phrase as an FTS5 string: quoted, so nothing in it is an operator."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class FtsQuery:
    """A parsed query as FTS5 MATCH expressions: what must match, and what must not."""

    match: str | None  # the included groups (AND of ORs), with NOT (excluded) when both
    excluded: str | None  # the excluded terms alone, for a query that has nothing else

    def __bool__(self) -> bool:
        return bool(self.match or self.excluded)


def parse_fts_query(parsed: ParsedQuery) -> FtsQuery:
    """Write a parsed query as safe FTS5 MATCH expressions.

    Every group of alternatives must match, any term within it; -word excludes. A group
    mixing alternatives with an exclusion ("plan or -budget") keeps only its alternatives.
    Terms with no word in them ("...", "—") are dropped, as PostgreSQL drops them.
    """
    included: list[str] = []
    excluded: list[str] = []
    for group in parsed.groups:
        wanted = [_fts_string(t.text) for t in group if not t.excluded and _has_token(t.text)]
        if wanted:
            included.append(wanted[0] if len(wanted) == 1 else f"({' OR '.join(wanted)})")
        elif len(group) == 1 and _has_token(group[0].text):
            excluded.append(_fts_string(group[0].text))
    not_any = " OR ".join(excluded) if excluded else None
    match = " AND ".join(included) if included else None
    if match and not_any:
        match = f"{match} NOT ({not_any})"
    return FtsQuery(match=match, excluded=not_any)


def _fts_rowids(expression: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])


def search_decisions(
    queryset: QuerySet[Decision], text: str, *, through_index: bool = False
) -> QuerySet[Decision]:
    """Keep the decisions that match a user's query (no ranking, no ordering).

    `through_index`: the caller knows the query matches many decisions. On SQLite the
    decisions are then read through an index (the date, for a page sorted by date; the
    facet index, for facet counts) and each id looked up among the matches; `id + 0`
    keeps SQLite from reading the decisions match by match instead. So a page of 20 stops
    after the first 20 in date order rather than sorting every match, and facets count
    from the index without reading rows. The same rows either way; PostgreSQL ignores it.
    """
    if _is_postgresql(queryset):
        return queryset.filter(search_document=_websearch(text))
    fts = parse_fts_query(parse_query(text))
    if fts.match and through_index:
        return queryset.alias(_unindexed_id=F("pk") + 0).filter(
            _unindexed_id__in=_fts_rowids(fts.match)
        )
    if fts.match:
        return queryset.filter(pk__in=_fts_rowids(fts.match))
    if fts.excluded:
        return queryset.exclude(pk__in=_fts_rowids(fts.excluded))
    # As on PostgreSQL, where a query of only punctuation matches nothing.
    return queryset.none()


def fts_matches_many(
    queryset: QuerySet[Decision], text: str, *, one_in: int
) -> tuple[str, list[str]] | None:
    """SQLite: an SQL condition, true when the query's words match more than one decision
    in `one_in` (before any other filter; the highest id stands for the number of
    decisions, and counting stops past the share, so it costs a few milliseconds at most).
    None on PostgreSQL, or when the query has nothing to match."""
    if _is_postgresql(queryset):
        return None
    fts = parse_fts_query(parse_query(text))
    if not fts.match:
        return None
    share = f"((SELECT coalesce(max(id), 0) FROM {Decision._meta.db_table}) / {int(one_in)})"
    counted = (
        f"(SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f"LIMIT {share} + 1)) > {share}"
    )
    return counted, [fts.match]


def rank_decisions(queryset: QuerySet[Decision], text: str) -> QuerySet[Decision]:
    """Annotate `rank`, higher for better matches, on decisions that match `text`."""
    if _is_postgresql(queryset):
        return queryset.annotate(rank=SearchRank(F("search_document"), _websearch(text)))
    fts = parse_fts_query(parse_query(text))
    if not fts.match:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    table = Decision._meta.db_table
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    # The FTS table joined to the decisions, so one FTS5 cursor reads the matches and bm25
    # reads each term's document frequency once for the whole query. (A correlated
    # subquery per decision opened a cursor per match, and bm25 re-read the term's whole
    # list of documents for each one: quadratic in the matches.) The `+` keeps SQLite from
    # probing the FTS table by rowid once per decision, which costs the same as that
    # subquery: the MATCH drives the join, and each match finds its decision by id.
    # bm25 is lower for better matches, so its negation ranks like ts_rank.
    return queryset.extra(  # noqa: S610 - fixed SQL; the MATCH expression is a parameter
        tables=[FTS_TABLE],
        where=[f'+{FTS_TABLE}.rowid = "{table}"."id"', f"{FTS_TABLE} MATCH %s"],
        params=[fts.match],
    ).annotate(rank=RawSQL(f"-bm25({FTS_TABLE}, {weights})", [], output_field=FloatField()))


# The page's snippets on PostgreSQL: ts_headline over the purpose, the clauses in order, the
# reasons and the options. Written as SQL rather than built from ORM expressions: compiling
# the nested Concat cost more than running it, for a page of one result.
_PG_HEADLINES = f"""
SELECT d.id, ts_headline('{CONFIG}'::regconfig,
    d.purpose || ' ' || COALESCE({clause_text_sql("d")}, '') || ' ' || d.reason || ' '
    || d.options_considered,
    websearch_to_tsquery('{CONFIG}'::regconfig, %(query)s), %(options)s)
FROM decisions_decision AS d WHERE d.id = ANY(%(ids)s)
"""
_HEADLINE_OPTIONS = (
    f"StartSel='{_MARK_START}', StopSel='{_MARK_STOP}', MaxWords={SNIPPET_WORDS // 2 + 5}, "
    "MinWords=10, MaxFragments=2, FragmentDelimiter=' … '"
)


def highlighted_snippets(decisions: Sequence[Decision], text: str) -> dict[int, SafeString]:
    """Return an escaped snippet with <mark>ed matches for each decision on one page.

    Only the decisions given (the current page) are looked at: one query for the page.
    """
    if not decisions:
        return {}
    ids = [d.pk for d in decisions]
    rows = Decision.objects.filter(pk__in=ids).order_by()
    if _is_postgresql(rows):
        with connections[rows.db].cursor() as cursor:
            cursor.execute(
                _PG_HEADLINES,
                {"query": normalise_apostrophes(text), "ids": ids, "options": _HEADLINE_OPTIONS},
            )
            return {pk: render_marked(headline) for pk, headline in cursor.fetchall()}
    fts = parse_fts_query(parse_query(text))
    snippets: dict[int, SafeString] = {}
    if fts.match:
        snippets = _fts_snippets(rows.db, ids, fts.match)
    missing = [pk for pk in ids if pk not in snippets]
    if missing:  # a query of exclusions only: nothing to cut around, so the opening words
        for pk, *fields in rows.filter(pk__in=missing).values_list("pk", *SNIPPET_FIELDS):
            snippets[pk] = render_marked(mark_words(" ".join(filter(None, fields)), []))
    return snippets


def _fts_snippets(alias: str, ids: list[int], match: str) -> dict[int, SafeString]:
    """FTS5 snippets of the clauses, else of the rest: whichever has a match in it."""
    size = min(64, SNIPPET_WORDS)
    columns = ", ".join(
        f"snippet({FTS_TABLE}, {column}, %s, %s, '…', {size})" for column in SNIPPET_COLUMNS
    )
    marks = ", ".join(["%s"] * len(ids))
    params: list = [_MARK_START, _MARK_STOP] * len(SNIPPET_COLUMNS) + [match, *ids]
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {columns} FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
            params,
        )
        found = cursor.fetchall()
    snippets: dict[int, SafeString] = {}
    for pk, *cuts in found:
        marked = [cut for cut in cuts if cut and _MARK_START in cut]
        snippets[pk] = render_marked(marked[0] if marked else next(filter(None, cuts), ""))
    return snippets


def mark_words(text: str, words: Sequence[str], size: int = SNIPPET_WORDS) -> str:
    """Cut `size` words of `text` around the first match, wrapping matches in marker characters.

    The SQLite counterpart of ts_headline: plain text in, plain text with markers out.
    """
    text = text.replace(_MARK_START, "").replace(_MARK_STOP, "")
    tokens = text.split()
    if not tokens:
        return ""
    pattern = _words_pattern(words)
    start = 0
    if pattern is not None:
        joined = " ".join(tokens)
        found = pattern.search(joined)
        if found:
            start = max(0, joined[: found.start()].count(" ") - size // 3)
    window = " ".join(tokens[start : start + size])
    if pattern is not None:
        window = pattern.sub(lambda m: f"{_MARK_START}{m.group(0)}{_MARK_STOP}", window)
    prefix = "… " if start else ""
    suffix = " …" if start + size < len(tokens) else ""
    return f"{prefix}{window}{suffix}"


def _words_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    # Longest first, so a phrase wins over a word inside it.
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile("|".join(r"\s+".join(map(re.escape, w.split())) for w in alternatives), re.I)


def render_marked(text: str) -> SafeString:
    """Escape snippet text, then turn highlight markers into <mark> elements."""
    escaped = escape(text or "")
    if escaped.count(_MARK_START) != escaped.count(_MARK_STOP):
        # A stray marker came from the notice itself: drop them all rather than misnest.
        return mark_safe(escaped.replace(_MARK_START, "").replace(_MARK_STOP, ""))
    # Safe: everything but the two markers has just been escaped.
    return mark_safe(escaped.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>"))
