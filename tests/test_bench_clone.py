"""The benchmark's SQL cloner gives every copy what notice j of the generator would carry."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from django.db import connection

from decisions.bench.clone import CLONE_PREFIX, council_of_notice, run_clone
from decisions.bench.search_bench import PREFIX, SEED
from decisions.bench.synthetic import generate_notices, notice_token
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Clause, Council, Decision, SourceDocument

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


SPREAD_ORIGINALS, SPREAD_TARGET, COUNCILS = 12, 200, 3


@pytest.fixture
def spread() -> list:
    notices = list(generate_notices(SPREAD_TARGET, seed=SEED))
    import_sources(SourceFile(PREFIX + n.name, n.data) for n in notices[:SPREAD_ORIGINALS])
    run_clone(to=SPREAD_TARGET, councils=COUNCILS)
    return notices


def test_councils_hold_every_nth_notice_originals_and_clones_alike(spread: list) -> None:
    slugs = dict(Decision.objects.values_list("reference", "council__slug"))
    assert len(slugs) == SPREAD_TARGET
    for j, notice in enumerate(spread):
        assert slugs[notice.expected["reference"]] == council_of_notice(j, COUNCILS), j
    per_council = Counter(slugs.values())
    assert per_council == {"council-001": 67, "council-002": 67, "council-003": 66}
    assert Council.objects.filter(slug__startswith="council-").count() == COUNCILS


def test_a_rare_word_is_found_in_its_own_council_only(client, spread: list) -> None:
    j = SPREAD_ORIGINALS + 7  # a clone
    token = spread[j].expected["rare_token"]
    assert _matches(token) == 1
    own = council_of_notice(j, COUNCILS)
    for council in ("council-001", "council-002", "council-003"):
        response = client.get(f"/{council}/decisions/", {"q": token})
        results = [decision.reference for decision, _ in response.context["results"]]
        assert results == ([spread[j].expected["reference"]] if council == own else [])


def test_cloning_on_with_the_same_councils_resumes_without_moving_rows(spread: list) -> None:
    before = dict(Decision.objects.values_list("reference", "council_id"))
    run_clone(to=SPREAD_TARGET + 30, councils=COUNCILS)
    after = dict(Decision.objects.values_list("reference", "council_id"))
    assert {ref: after[ref] for ref in before} == before
    added = [spread_ref for spread_ref in after if spread_ref not in before]
    assert len(added) == 30
    last = generate_notices(SPREAD_TARGET + 30, seed=SEED)
    *_, final = last
    assert Council.objects.get(pk=after[final.expected["reference"]]).slug == council_of_notice(
        SPREAD_TARGET + 29, COUNCILS
    )
