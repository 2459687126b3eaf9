"""`decisions_changed`: the one service every write path calls when decisions change.

It stamps `updated_at` (what API mirrors sync on), rebuilds the search documents and tells
the derived steps how the decisions changed. These tests check the service itself, and that
each write path goes through it: imports, admin saves, clause corrections, councillor
renames, merges and splits, and a backup load.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from decisions import seams
from decisions.backup import dump_archive_to, load_archive
from decisions.changes import batch_finished, changes_together, decisions_changed
from decisions.corrections import save_clause_changes
from decisions.councillors import merge_councillors, split_councillor
from decisions.importing.pipeline import find_notice_files, import_sources, read_sources
from decisions.models import Clause, CouncillorAlias, Decision
from decisions.search.query import search_decisions
from decisions.vocabulary import ChangeKind
from tests.admin.test_decisions import change_form_data
from tests.conftest import SAMPLES
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db(transaction=False)

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


class Recorder:
    """A derived step that records what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[int], ChangeKind, bool]] = []

    def __call__(self, decision_ids: Collection[int], *, kind: ChangeKind, final: bool) -> None:
        self.calls.append((sorted(decision_ids), kind, final))


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    step = Recorder()
    monkeypatch.setitem(seams._derived_steps, "recorder", step)
    return step


def made_long_ago(*decisions: Decision) -> None:
    Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(updated_at=LONG_AGO)


def updated_at(decision: Decision) -> datetime:
    return Decision.objects.values_list("updated_at", flat=True).get(pk=decision.pk)


def found(text: str) -> list[int]:
    return list(search_decisions(Decision.objects.all(), text).values_list("pk", flat=True))


def search_rebuilds(queries: list[dict]) -> int:
    """How many times the captured queries rewrote a search document."""
    pattern = (
        r"^UPDATE decisions_decision AS d SET search_document ="
        if connection.vendor == "postgresql"
        else r"^DELETE FROM .*decisions_decision_fts"
    )
    return sum(1 for q in queries if re.search(pattern, q["sql"], re.S | re.I))


# The service itself


def test_it_stamps_reindexes_and_tells_the_steps_the_kind(recorder) -> None:
    decision = make_decision(title="Library opening hours")
    made_long_ago(decision)
    Decision.objects.filter(pk=decision.pk).update(title="Museum opening hours")

    decisions_changed([decision.pk], kind=ChangeKind.CORRECTED)

    assert updated_at(decision) > LONG_AGO
    assert found("museum") == [decision.pk]
    assert recorder.calls == [([decision.pk], ChangeKind.CORRECTED, True)]


@pytest.mark.parametrize("kind", [ChangeKind.CREATED, ChangeKind.RESTORED])
def test_created_and_restored_decisions_keep_their_stamp(recorder, kind) -> None:
    decision = make_decision()
    made_long_ago(decision)
    decisions_changed([decision.pk], kind=kind)
    assert updated_at(decision) == LONG_AGO
    assert recorder.calls == [([decision.pk], kind, True)]


def test_changes_together_applies_once_with_each_decision_under_its_first_kind(recorder) -> None:
    new, corrected = make_decision(), make_decision()
    with CaptureQueriesContext(connection) as queries, changes_together():
        decisions_changed([new.pk], kind=ChangeKind.CREATED)
        decisions_changed([corrected.pk, new.pk], kind=ChangeKind.CORRECTED)
        decisions_changed([corrected.pk], kind=ChangeKind.UPDATED)
        assert recorder.calls == []  # nothing applied until the write ends
    assert recorder.calls == [
        ([new.pk], ChangeKind.CREATED, False),
        ([corrected.pk], ChangeKind.CORRECTED, True),  # final only on the last call
    ]
    assert search_rebuilds(queries.captured_queries) == 1


def test_a_write_that_fails_applies_nothing(recorder) -> None:
    decision = make_decision()
    made_long_ago(decision)
    with pytest.raises(RuntimeError), transaction.atomic(), changes_together():
        decisions_changed([decision.pk], kind=ChangeKind.CORRECTED)
        raise RuntimeError("the write failed")
    assert recorder.calls == []
    assert updated_at(decision) == LONG_AGO


def test_a_chunk_leaves_the_final_work_to_the_end_of_the_batch(recorder) -> None:
    decision = make_decision()
    with changes_together(final=False):
        decisions_changed([decision.pk], kind=ChangeKind.UPDATED)
    with changes_together(final=False):
        pass  # a chunk that changed nothing tells no step anything
    batch_finished()
    assert recorder.calls == [
        ([decision.pk], ChangeKind.UPDATED, False),
        ([], ChangeKind.UPDATED, True),
    ]


# Each write path goes through it


def test_an_import_tells_the_steps_what_it_created_then_finishes(recorder) -> None:
    files, _ = find_notice_files([SAMPLES])
    import_sources(read_sources(files), jobs=0)
    created = sorted(Decision.objects.values_list("pk", flat=True))
    assert recorder.calls == [(created, ChangeKind.CREATED, False), ([], ChangeKind.UPDATED, True)]

    recorder.calls.clear()
    import_sources(read_sources(files), jobs=0)  # every file unchanged: only the final step
    assert recorder.calls == [([], ChangeKind.UPDATED, True)]


def test_a_clause_correction_goes_through_it(recorder) -> None:
    decision = make_decision(clauses=("Cabinet endorse the plan.",))
    made_long_ago(decision)
    clause = decision.clauses.get()
    clause.text = "Cabinet endorse the improvement plan."
    save_clause_changes(
        decision=decision, changed=[clause], added=[], deleted=[], user=None, reason="Typo."
    )
    assert updated_at(decision) > LONG_AGO
    assert recorder.calls == [([decision.pk], ChangeKind.CORRECTED, True)]


def test_a_clause_correction_that_changes_nothing_changes_nothing(recorder) -> None:
    decision = make_decision()
    made_long_ago(decision)
    save_clause_changes(decision=decision, changed=[], added=[], deleted=[], user=None, reason="")
    assert updated_at(decision) == LONG_AGO
    assert recorder.calls == []


def test_an_admin_clause_edit_rebuilds_the_search_document_once(
    admin_client_logged_in, recorder
) -> None:
    """It used to be rebuilt twice: by the clause correction, then by the admin's save."""
    decision = make_decision(clauses=("Cabinet endorse the plan.",))
    data = change_form_data(decision, title="A corrected title")
    data["clauses-0-text"] = "Cabinet endorse the improvement plan."
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_logged_in.post(
            f"/admin/decisions/decision/{decision.pk}/change/", data
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Clause.objects.get(decision=decision).text == "Cabinet endorse the improvement plan."
    assert search_rebuilds(queries.captured_queries) == 1
    assert recorder.calls == [([decision.pk], ChangeKind.CORRECTED, True)]
    assert found("improvement") == [decision.pk]


def test_an_admin_save_that_changes_nothing_tells_no_step(admin_client_logged_in, recorder) -> None:
    decision = make_decision()
    response = admin_client_logged_in.post(
        f"/admin/decisions/decision/{decision.pk}/change/", change_form_data(decision)
    )
    assert response.status_code == 302
    assert recorder.calls == []


def test_merging_councillors_stamps_the_decisions_they_signed(recorder) -> None:
    """The exported signatory changes, so a mirror syncing on modified_since must see it."""
    keep, other = make_councillor("Jonathan Lester"), make_councillor("Jonathon Lester")
    theirs, untouched = make_decision(signatory=other), make_decision(signatory=keep)
    made_long_ago(theirs, untouched)
    merge_councillors(keep=keep, others=[other], user=None, reason="One person.")
    assert updated_at(theirs) > LONG_AGO
    assert updated_at(untouched) == LONG_AGO
    assert recorder.calls == [([theirs.pk], ChangeKind.CORRECTED, True)]


def test_splitting_a_councillor_stamps_the_decisions_that_move(recorder) -> None:
    councillor = make_councillor("Jo Bloggs")
    CouncillorAlias.objects.create(councillor=councillor, name="Jo Bloggs")
    CouncillorAlias.objects.create(councillor=councillor, name="Joe Blogs")
    moving = make_decision(signatory=councillor, signatory_name="Joe Blogs")
    staying = make_decision(signatory=councillor, signatory_name="Jo Bloggs")
    made_long_ago(moving, staying)
    split_councillor(
        councillor=councillor, alias_names=["Joe Blogs"], user=None, reason="Two people."
    )
    assert updated_at(moving) > LONG_AGO
    assert updated_at(staying) == LONG_AGO


def test_renaming_a_councillor_in_the_admin_stamps_the_decisions_they_signed(
    admin_client_logged_in,
) -> None:
    councillor = make_councillor("Jonathon Lester", slug="jonathan-lester")
    signed = make_decision(signatory=councillor)
    made_long_ago(signed)
    response = admin_client_logged_in.post(
        f"/admin/decisions/councillor/{councillor.pk}/change/",
        {
            "name": "Jonathan Lester",
            "slug": "jonathan-lester",
            "correction_reason": "Misspelt on import.",
            **{
                f"{prefix}-{count}": value
                for prefix in ("aliases", "decisions")
                for count, value in (
                    ("TOTAL_FORMS", "0"),
                    ("INITIAL_FORMS", "0"),
                    ("MIN_NUM_FORMS", "0"),
                    ("MAX_NUM_FORMS", "1000"),
                )
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert updated_at(signed) > LONG_AGO
    assert found("Jonathan") == [signed.pk]


def test_a_backup_load_reindexes_without_restamping_or_rederiving(recorder, tmp_path) -> None:
    decision = make_decision(title="Library opening hours")
    made_long_ago(decision)
    stamp = updated_at(decision)
    backup = tmp_path / "archive.jsonl"
    dump_archive_to(backup)
    Decision.objects.all().delete()
    load_archive(backup)
    assert updated_at(decision) == stamp
    assert found("library") == [decision.pk]
    assert recorder.calls == [([decision.pk], ChangeKind.RESTORED, True)]


def test_no_decisions_changed_derives_nothing(recorder) -> None:
    """A councillor who signed nothing, renamed: no step runs (the follow-up links of the
    whole archive used to be recomputed for it)."""
    decisions_changed([], kind=ChangeKind.CORRECTED)
    with changes_together():
        decisions_changed([], kind=ChangeKind.UPDATED)
    assert recorder.calls == []
