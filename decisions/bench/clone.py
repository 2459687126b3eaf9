"""Grow the search benchmark's decisions to a large N by copying rows in SQL (PostgreSQL).

Importing 1,000,000 notices through the pipeline takes hours; copying rows takes minutes.
Load the originals with the search benchmark first (it imports them for real), then clone:

    python -m decisions.bench search --count 100000     # imports 100,000 "originals"
    python -m decisions.bench clone --to 1000000        # copies them to 1,000,000 rows

Clone number j (counting on from the originals, so the first clone of 100,000 originals is
j = 100,000) copies original j mod N, with what notice j of the same generator would carry
that differs from row to row:

- reference, issue number in the URLs, source file name: those of notice j;
- the rare token: notice j's own, in the purpose, the clauses, the notice text, the source
  document and the search document, so each rare token still matches exactly one decision
  and the benchmark's rare-word queries (the first originals' tokens) find one row each;
- the decision date: a day of the original's year picked from j (so titles, which name the
  year, stay true, and the years keep the originals' spread over 2015-2026); call-in expiry
  and signed date move with it;
- the SHA-256 of the changed source document.

With `councils` (N > 1), the rows are spread over N councils, council-001 .. council-N
(made if missing): row j, original or clone, belongs to council j mod N + 1, so a council
holds every N-th notice, scattered over the table as a council's rows would be after years
of interleaved harvests. References stay those of notice j, unique across the archive and
so unique per council. A clone keeps its original's signatory, a councillor of the
original's council (the search page does not read it). Without `councils`, clones stay in
their original's council.

Everything else (title, maker, key flag, exemption class, signatory, the common words) is
the original's, so common words match ten times as many rows at ten times the N. The
search document is the original's tsvector with the token's lexeme swapped, not recomputed
(the text is otherwise the same). Not copied: timelines, links, versions and corrections
(the synthetic originals have none of the last three; the search page reads none of them),
and the dates written inside the notice text stay the original's.

The GIN index on the council and search document is dropped while rows are copied and built
again afterwards (its build time is printed), then the tables (councils too) are VACUUM
ANALYZEd. Copying runs in batches, one transaction each; an interrupted run resumes where
it stopped.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from decisions.bench.search_bench import PREFIX, SEED
from decisions.bench.synthetic import notice_token, reference_number
from decisions.models import Clause, Council, Decision, SourceDocument

CLONE_PREFIX = "search-bench-clone:"
BATCH = 100_000
GIN_INDEX = "decision_council_search_gin"
# As migration 0021 makes it; used when a run that dropped the index was interrupted.
GIN_DEFINITION = (
    f"CREATE INDEX {GIN_INDEX} ON decisions_decision USING gin (council_id, search_document)"
)

# What differs in a clone; every other column is copied as it is. `m` is the batch's row of
# the map (see _map_batch), `d` the original decision, `s` its source document.
_NEW_DATA = (
    "decode(replace(replace(encode(s.data, 'escape'), m.old_token, m.new_token), "
    "m.old_number, m.new_number), 'escape')"
)
_DECISION_COLUMNS = {
    "id": "m.new_id",
    "council_id": "m.council_id",
    "reference": "'I' || m.new_number",
    "decision_date": "m.new_date",
    "call_in_expiry": "d.call_in_expiry + (m.new_date - d.decision_date)",
    "signed_date": "d.signed_date + (m.new_date - d.decision_date)",
    "purpose": "replace(d.purpose, m.old_token, m.new_token)",
    "decision_text": "replace(d.decision_text, m.old_token, m.new_token)",
    "reason": "replace(d.reason, m.old_number, m.new_number)",
    "source_url": "replace(d.source_url, m.old_number, m.new_number)",
    "source_file": "m.new_file",
    "source_sha256": f"COALESCE(encode(sha256({_NEW_DATA}), 'hex'), "
    "encode(sha256(convert_to(d.source_sha256 || m.new_number, 'UTF8')), 'hex'))",
    "source_text": "replace(replace(d.source_text, m.old_token, m.new_token), "
    "m.old_number, m.new_number)",
    "search_document": "replace(d.search_document::text, "
    "'''' || m.old_lexeme || '''', '''' || m.new_lexeme || '''')::tsvector",
}
_SOURCE_COLUMNS = {
    "id": "nextval(pg_get_serial_sequence('decisions_sourcedocument', 'id'))",
    "decision_id": "m.new_id",
    "file_name": "m.new_file",
    "data": _NEW_DATA,
    "sha256": f"encode(sha256({_NEW_DATA}), 'hex')",
    "size": f"length({_NEW_DATA})",
}
_CLAUSE_COLUMNS = {
    "id": "c2.new_id",
    "decision_id": "m.new_id",
    "parent_id": "p.new_id",
    "text": "replace(c.text, m.old_token, m.new_token)",
}


def council_slug(index: int) -> str:
    """The slug of the benchmark's council number `index` (0-based): council-001, ..."""
    return f"council-{index + 1:03d}"


def council_of_notice(j: int, councils: int) -> str:
    """The slug of the council notice j belongs to when spread over `councils` councils."""
    return council_slug(j % councils)


def _bench_councils(councils: int) -> list[int]:
    """The ids of council-001 .. council-N, in order, made if missing."""
    slugs = [council_slug(k) for k in range(councils)]
    Council.objects.bulk_create(
        [Council(slug=slug, name=f"Benchmark Council {slug[-3:]}") for slug in slugs],
        ignore_conflicts=True,
    )
    ids = dict(Council.objects.filter(slug__in=slugs).values_list("slug", "id"))
    return [ids[slug] for slug in slugs]


def _spread_originals(originals: int, council_ids: list[int]) -> None:
    """Move original i into council i mod N (idempotent: a resumed run does it again)."""
    numbers = [f"I{reference_number(i, SEED)}" for i in range(originals)]
    targets = [council_ids[i % len(council_ids)] for i in range(originals)]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decision AS d SET council_id = n.council_id "
            "FROM unnest(%s::text[], %s::bigint[]) AS n(reference, council_id) "
            "WHERE d.reference = n.reference AND d.source_file LIKE %s "
            "AND d.council_id <> n.council_id",
            [numbers, targets, PREFIX + "%"],
        )


def _select_list(model: type, overrides: dict[str, str], alias: str) -> tuple[str, str]:
    """The INSERT's column list and the SELECT's expressions, copying what is not overridden."""
    columns = [field.column for field in model._meta.concrete_fields]
    unknown = set(overrides) - set(columns)
    if unknown:
        raise SystemExit(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    expressions = [overrides.get(column, f"{alias}.{column}") for column in columns]
    return ", ".join(columns), ", ".join(expressions)


def _originals() -> int:
    """How many originals the search benchmark imported; they must be its notices 0..N-1."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), min(reference), max(reference) FROM decisions_decision "
            "WHERE source_file LIKE %s",
            [PREFIX + "%"],
        )
        count, low, high = cursor.fetchone()
    if not count:
        raise SystemExit("no benchmark decisions: run `python -m decisions.bench search` first")
    expected = (f"I{reference_number(0, SEED)}", f"I{reference_number(count - 1, SEED)}")
    if (low, high) != expected:
        raise SystemExit(f"the originals run {low}..{high}, not {expected[0]}..{expected[1]}")
    return count


def _clones() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM decisions_decision WHERE source_file LIKE %s",
            [CLONE_PREFIX + "%"],
        )
        return cursor.fetchone()[0]


def _map_batch(first: int, last: int, originals: int, council_ids: list[int] | None) -> None:
    """Fill the temporary table clone_map: one row per clone j in [first, last), with the
    council it goes to (its original's, without `council_ids`; else council j mod N)."""
    js = list(range(first, last))
    sources = [j % originals for j in js]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS clone_map")
        cursor.execute(
            """
            CREATE TEMPORARY TABLE clone_map AS
            SELECT n.j, d.id AS orig_id,
                   nextval(pg_get_serial_sequence('decisions_decision', 'id')) AS new_id,
                   n.old_token, n.new_token, n.old_number, n.new_number,
                   COALESCE(n.council_id, d.council_id) AS council_id,
                   (SELECT lexeme FROM unnest(to_tsvector('english', n.old_token))) AS old_lexeme,
                   (SELECT lexeme FROM unnest(to_tsvector('english', n.new_token))) AS new_lexeme,
                   %(clone_prefix)s || 'syn_' || lpad(n.j::text, 6, '0')
                       || substring(d.source_file from '_[a-z-]+\\.[a-z]+$') AS new_file,
                   make_date(extract(year FROM d.decision_date)::int, 1, 1)
                       + ((n.j::bigint * 2654435761) %% (
                           make_date(extract(year FROM d.decision_date)::int + 1, 1, 1)
                           - make_date(extract(year FROM d.decision_date)::int, 1, 1)))::int
                       AS new_date
            FROM unnest(%(js)s::int[], %(old_tokens)s::text[], %(new_tokens)s::text[],
                        %(old_numbers)s::text[], %(new_numbers)s::text[],
                        %(council_ids)s::bigint[])
                 AS n(j, old_token, new_token, old_number, new_number, council_id)
            JOIN decisions_decision AS d ON d.reference = 'I' || n.old_number
                 AND d.source_file LIKE %(prefix)s
            """,
            {
                "clone_prefix": CLONE_PREFIX,
                "js": js,
                "old_tokens": [notice_token(i, SEED) for i in sources],
                "new_tokens": [notice_token(j, SEED) for j in js],
                "old_numbers": [str(reference_number(i, SEED)) for i in sources],
                "new_numbers": [str(reference_number(j, SEED)) for j in js],
                # None (no councils given): unnest pads the column with NULLs.
                "council_ids": [council_ids[j % len(council_ids)] for j in js]
                if council_ids
                else None,
                "prefix": PREFIX + "%",
            },
        )
        if cursor.rowcount != len(js):
            raise SystemExit(f"found {cursor.rowcount} of {len(js)} originals for this batch")
        cursor.execute("CREATE INDEX ON clone_map (orig_id)")
        cursor.execute("ANALYZE clone_map")


def _copy_batch() -> None:
    """Insert the decisions, source documents and clauses of the clones in clone_map."""
    columns, values = _select_list(Decision, _DECISION_COLUMNS, "d")
    sources, source_values = _select_list(SourceDocument, _SOURCE_COLUMNS, "s")
    clauses, clause_values = _select_list(Clause, _CLAUSE_COLUMNS, "c")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO decisions_decision ({columns}) SELECT {values} FROM clone_map AS m "
            "JOIN decisions_decision AS d ON d.id = m.orig_id "
            "LEFT JOIN decisions_sourcedocument AS s ON s.decision_id = d.id"
        )
        cursor.execute(
            f"INSERT INTO decisions_sourcedocument ({sources}) SELECT {source_values} "
            "FROM clone_map AS m JOIN decisions_sourcedocument AS s ON s.decision_id = m.orig_id"
        )
        cursor.execute("DROP TABLE IF EXISTS clause_map")
        cursor.execute(
            "CREATE TEMPORARY TABLE clause_map AS SELECT m.j, c.id AS orig_id, "
            "nextval(pg_get_serial_sequence('decisions_clause', 'id')) AS new_id "
            "FROM clone_map AS m JOIN decisions_clause AS c ON c.decision_id = m.orig_id"
        )
        cursor.execute("CREATE INDEX ON clause_map (j, orig_id)")
        cursor.execute("ANALYZE clause_map")
        cursor.execute(
            f"INSERT INTO decisions_clause ({clauses}) SELECT {clause_values} "
            "FROM clause_map AS c2 JOIN decisions_clause AS c ON c.id = c2.orig_id "
            "JOIN clone_map AS m ON m.j = c2.j "
            "LEFT JOIN clause_map AS p ON p.j = c2.j AND p.orig_id = c.parent_id"
        )


def _gin_definition() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
        row = cursor.fetchone()
    return row[0] if row else GIN_DEFINITION


def _matches(token: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM decisions_decision "
            "WHERE search_document @@ websearch_to_tsquery('english', %s)",
            [token],
        )
        return cursor.fetchone()[0]


def run_clone(*, to: int, councils: int | None = None) -> None:
    """Copy the search benchmark's decisions until the database holds `to` of them; with
    `councils`, spread every one of them over that many councils (see the module)."""
    if connection.vendor != "postgresql":
        raise SystemExit("cloning is written for PostgreSQL")
    if councils is not None and councils < 1:
        raise SystemExit(f"--councils must be at least 1, not {councils}")
    originals = _originals()
    council_ids = _bench_councils(councils) if councils else None
    if council_ids:
        _spread_originals(originals, council_ids)
        print(f"originals spread over {councils} councils")
    first = originals + _clones()
    have = Decision.objects.count()
    if first >= to:
        print(f"{have:,} decisions ({originals:,} originals); nothing to clone")
        return
    print(f"{have:,} decisions ({originals:,} originals); cloning up to notice {to - 1:,} ...")
    started = time.perf_counter()
    definition = _gin_definition()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    for start in range(first, to, BATCH):
        stop = min(to, start + BATCH)
        batch_started = time.perf_counter()
        with transaction.atomic():
            _map_batch(start, stop, originals, council_ids)
            _copy_batch()
        print(
            f"  clones {start:,}..{stop - 1:,}: {time.perf_counter() - batch_started:.1f} s",
            flush=True,
        )
    built = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(definition)
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [GIN_INDEX])
        size = cursor.fetchone()[0]
    print(f"  GIN index rebuilt in {time.perf_counter() - built:.1f} s ({size})")
    vacuumed = time.perf_counter()
    with connection.cursor() as cursor:
        # The councils too: planned on an unanalysed table's guess (4 rows, not 300), a
        # search page joined each council to a GIN lookup of its own (7.6 s, not 0.2).
        tables = ("decisions_decision", "decisions_clause", "decisions_sourcedocument")
        for table in (*tables, "decisions_council"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  VACUUM ANALYZE in {time.perf_counter() - vacuumed:.1f} s")
    last = to - 1
    print(
        f"{Decision.objects.count():,} decisions in {time.perf_counter() - started:.1f} s; "
        f"rare token of notice 0 matches {_matches(notice_token(0, SEED))}, "
        f"of notice {last:,} {_matches(notice_token(last, SEED))}"
    )
