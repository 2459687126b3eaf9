"""Full-text search over decisions: one entry point for filters and views, two backends.

PostgreSQL matches the stored, weighted `search_document` tsvector with
`websearch_to_tsquery` (plain words, "quoted phrases", -word and `or`), ranks with
`ts_rank` and highlights with `ts_headline`.

SQLite has no tsvector, so `search_document` there is the lower-cased text and this
module does a simple, documented fallback: the query is split into the same kinds of
terms (words, phrases, -exclusions, `or`) and each term must occur as a substring. There
is no stemming and no stop-word list, so "plans" does not find "plan" but "plan" finds
"plans"; relevance is the number of terms found in the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.models import Decision
from decisions.parsing.reference import REFERENCE_PATTERN, reference_for

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
# The fields a snippet is taken from: what a decision says, beyond its title.
SNIPPET_FIELDS = ("purpose", "decision_text", "reason", "options_considered")


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
    for match in _TOKEN.finditer(text):
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
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def _term_q(term: Term) -> Q:
    matched = Q(search_document__contains=term.text)
    return ~matched if term.excluded else matched


def search_decisions(queryset: QuerySet[Decision], text: str) -> QuerySet[Decision]:
    """Keep the decisions that match a user's query (no ranking, no ordering)."""
    if _is_postgresql(queryset):
        return queryset.filter(search_document=_websearch(text))
    parsed = parse_query(text)
    if not parsed:  # as on PostgreSQL, where a query of only punctuation matches nothing
        return queryset.none()
    return queryset.filter(
        reduce(and_, (reduce(or_, (_term_q(t) for t in group)) for group in parsed.groups))
    )


def rank_decisions(queryset: QuerySet[Decision], text: str) -> QuerySet[Decision]:
    """Annotate `rank`, higher for better matches, on decisions that match `text`."""
    if _is_postgresql(queryset):
        return queryset.annotate(rank=SearchRank(F("search_document"), _websearch(text)))
    words = parse_query(text).included
    if not words:
        return queryset.annotate(rank=Value(0, output_field=IntegerField()))
    in_title = [
        Case(When(title__icontains=w, then=Value(1)), default=Value(0), output_field=IntegerField())
        for w in words
    ]
    return queryset.annotate(rank=reduce(lambda a, b: a + b, in_title))


def highlighted_snippets(decisions: Sequence[Decision], text: str) -> dict[int, SafeString]:
    """Return an escaped snippet with <mark>ed matches for each decision on one page.

    Only the decisions given (the current page) are looked at: one query for the page.
    """
    if not decisions:
        return {}
    ids = [d.pk for d in decisions]
    rows = Decision.objects.filter(pk__in=ids).order_by()
    if _is_postgresql(rows):
        body = Concat(*_spaced(SNIPPET_FIELDS), output_field=TextField())
        headlines = rows.annotate(
            headline=SearchHeadline(
                body,
                _websearch(text),
                config=CONFIG,
                start_sel=_MARK_START,
                stop_sel=_MARK_STOP,
                max_words=SNIPPET_WORDS // 2 + 5,
                min_words=10,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        ).values_list("pk", "headline")
        return {pk: render_marked(headline) for pk, headline in headlines}
    words = parse_query(text).included
    return {
        pk: render_marked(mark_words(" ".join(filter(None, fields)), words))
        for pk, *fields in rows.values_list("pk", *SNIPPET_FIELDS)
    }


def _spaced(fields: Iterable[str]) -> list:
    parts: list = []
    for name in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(F(name))
    return parts


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
