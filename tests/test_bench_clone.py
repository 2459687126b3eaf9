"""The benchmark's SQL cloner gives every copy what notice j of the generator would carry."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection

from decisions.bench.clone import CLONE_PREFIX, run_clone
from decisions.bench.search_bench import PREFIX, SEED
from decisions.bench.synthetic import generate_notices, notice_token
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Clause, Decision, SourceDocument

ORIGINALS, TARGET = 12, 40

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the cloner runs VACUUM, outside any transaction
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the cloner is PostgreSQL SQL"),
]


def _matches(token: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM decisions_decision "
            "WHERE search_document @@ websearch_to_tsquery('english', %s)",
            [token],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def cloned() -> list:
    notices = list(generate_notices(TARGET, seed=SEED))
    import_sources(SourceFile(PREFIX + n.name, n.data) for n in notices[:ORIGINALS])
    run_clone(to=TARGET)
    return notices


def test_clones_reach_the_target_with_the_generators_references(cloned: list) -> None:
    references = set(Decision.objects.values_list("reference", flat=True))
    assert references == {n.expected["reference"] for n in cloned}
    clones = Decision.objects.filter(source_file__startswith=CLONE_PREFIX)
    assert clones.count() == TARGET - ORIGINALS


def test_every_rare_token_still_matches_one_decision(cloned: list) -> None:
    for index, notice in enumerate(cloned):
        assert notice_token(index, SEED) == notice.expected["rare_token"]
        assert _matches(notice.expected["rare_token"]) == 1, notice.name


def test_a_clone_keeps_its_originals_words_year_and_clause_tree(cloned: list) -> None:
    index = ORIGINALS * 2 + 5
    clone = Decision.objects.get(reference=cloned[index].expected["reference"])
    original = Decision.objects.get(reference=cloned[5].expected["reference"])
    old, new = notice_token(5, SEED), notice_token(index, SEED)
    assert (clone.title, clone.decision_maker, clone.signatory_id) == (
        original.title,
        original.decision_maker,
        original.signatory_id,
    )
    assert clone.decision_date.year == original.decision_date.year
    assert clone.purpose == original.purpose.replace(old, new)

    def tree(decision: Decision) -> list[tuple]:
        clauses = Clause.objects.filter(decision=decision).select_related("parent")
        return [(c.key, c.text.replace(old, new)) for c in clauses]

    assert tree(clone) == tree(original)


def test_a_clones_source_document_is_the_changed_notice_with_its_hash(cloned: list) -> None:
    clone = Decision.objects.get(reference=cloned[ORIGINALS + 1].expected["reference"])
    document = SourceDocument.objects.get(decision=clone)
    data = bytes(document.data)
    assert hashlib.sha256(data).hexdigest() == document.sha256 == clone.source_sha256
    assert notice_token(ORIGINALS + 1, SEED).encode() in data
    assert notice_token(1, SEED).encode() not in data
    assert document.size == len(data)


def test_a_common_word_matches_every_copy_of_the_originals_it_matched(cloned: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reference FROM decisions_decision WHERE source_file LIKE %s "
            "AND search_document @@ websearch_to_tsquery('english', 'plan')",
            [PREFIX + "%"],
        )
        matching = {reference for (reference,) in cursor.fetchall()}
    expected = sum(cloned[j % ORIGINALS].expected["reference"] in matching for j in range(TARGET))
    assert 0 < len(matching) < ORIGINALS
    assert _matches("plan") == expected
