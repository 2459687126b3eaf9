"""dump_archive / load_archive: a backup round-trips every table of the archive."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from decisions import backup as backup_module
from decisions.backup import archive_models
from decisions.corrections import record_decision_corrections
from decisions.councillors import split_councillor
from decisions.models import Clause, Correction, Councillor, Decision, DecisionVersion
from tests.conftest import ROOT, SAMPLES
from tests.factories import make_decision
from tests.fixtures_archive import import_seed_notices

pytestmark = pytest.mark.django_db

TABLES = (
    "auth.user",
    "decisions.decision",
    "decisions.clause",
    "decisions.councillor",
    "decisions.councilloralias",
    "decisions.correction",
    "decisions.decisionversion",
    "timelines.timeline",
    "timelines.timelinemembership",
    "timelines.timelineevent",
    "timelines.decisionlink",
)


def every_table() -> dict[str, list[dict]]:
    """Every row of every table a backup holds by default, by model, ordered by primary
    key (the private ones, alert subscribers', are tested in tests/alerts/)."""
    return {
        model._meta.label_lower: [
            {k: v for k, v in row.items() if k != "search_document"}
            for row in model._base_manager.order_by("pk").values()
        ]
        for model in archive_models(with_private=False)
    }


def hand_edited_archive(tmp_path: Path, django_user_model) -> None:
    """The five samples, with the kinds of record a backup must not lose."""
    import_seed_notices()
    editor = django_user_model.objects.create_superuser("editor", "e@example.gov.uk", "pw")
    decision = Decision.objects.get(reference="I50042913")
    before = Decision.objects.get(pk=decision.pk)
    decision.title = "Inspection of children's services (corrected)"
    decision.save()
    record_decision_corrections(
        decision=decision, before=before, fields=["title"], user=editor, reason="A typo."
    )
    lester = Councillor.objects.get(aliases__name="JG Lester")
    split_councillor(
        councillor=lester, alias_names=["JG Lester"], user=editor, reason="Two people."
    )
    # A version: a changed notice of the same decision, re-imported.
    text = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_text(encoding="utf-8")
    changed = tmp_path / "000_v2.txt"
    changed.write_text(text.replace("21 December 2022", "22 December 2022"), "utf-8")
    call_command("import_notices", str(changed), stdout=StringIO(), stderr=StringIO())
    assert DecisionVersion.objects.count() == 1
    # A hand-edited timeline: a hidden membership (tombstone), an admin event, a hidden link,
    # and a sub-clause (hierarchy).
    Membership = apps.get_model("timelines", "TimelineMembership")
    Event = apps.get_model("timelines", "TimelineEvent")
    Link = apps.get_model("timelines", "DecisionLink")
    membership = Membership.objects.filter(decision__reference="I50027300").get()
    membership.hidden = True
    membership.save()
    Event.objects.create(
        timeline=membership.timeline,
        date=date(2023, 1, 9),
        kind="other",
        title="Ofsted monitoring visit",
        origin="admin",
    )
    link = Link.objects.first()
    assert link is not None
    link.hidden = True
    link.save()
    parent = Clause.objects.filter(decision=decision, label="b").get()
    Clause.objects.create(decision=decision, parent=parent, position=2, label="i", text="Sub.")


def test_a_backup_round_trips_every_table(tmp_path: Path, django_user_model) -> None:
    hand_edited_archive(tmp_path, django_user_model)
    before = every_table()
    assert {label for label in TABLES if before.get(label)} == set(TABLES)
    backup = tmp_path / "archive.jsonl"
    call_command("dump_archive", "--output", str(backup), stderr=StringIO())

    for model in reversed(archive_models()):
        model._base_manager.all().delete()
    assert not Decision.objects.exists()

    out = StringIO()
    call_command("load_archive", str(backup), stdout=out)
    assert "Loaded" in out.getvalue()
    assert every_table() == before
    # New rows get fresh ids after a restore (PostgreSQL sequences were reset).
    Correction.objects.create(field="note", decision=Decision.objects.first())


def test_the_backup_is_documented_json_lines(tmp_path: Path) -> None:
    import_seed_notices()
    out = StringIO()
    call_command("dump_archive", stdout=out)
    lines = out.getvalue().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "cabinet-decisions-archive"
    assert header["version"] == 2
    assert header["models"].index("decisions.decision") < header["models"].index(
        "timelines.timelinemembership"
    )
    rows = [json.loads(line) for line in lines[1:-1]]
    assert json.loads(lines[-1])["trailer"]["counts"]["decisions.decision"] == 5
    decisions = [row for row in rows if row["model"] == "decisions.decision"]
    assert len(decisions) == 5
    assert "source_text" in decisions[0]["fields"]
    assert "search_document" not in decisions[0]["fields"]


def test_it_refuses_to_load_into_a_database_that_holds_decisions(tmp_path: Path) -> None:
    import_seed_notices()
    backup = tmp_path / "archive.jsonl"
    call_command("dump_archive", "--output", str(backup), stderr=StringIO())
    with pytest.raises(CommandError, match="already holds .*Nothing was loaded"):
        call_command("load_archive", str(backup), stdout=StringIO())


def test_it_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('[{"reference": "I1"}]\n')
    with pytest.raises(CommandError, match="export.json: the file is not a"):
        call_command("load_archive", str(path), stdout=StringIO())


# A backup cut short or changed is refused, and nothing is loaded.


def dumped_and_emptied(tmp_path: Path) -> Path:
    """A complete backup of the seeded archive, and a database emptied to receive it."""
    import_seed_notices()
    backup = tmp_path / "archive.jsonl"
    call_command("dump_archive", "--output", str(backup), stderr=StringIO())
    empty_the_archive()
    return backup


def empty_the_archive() -> None:
    for model in reversed(archive_models()):
        model._base_manager.all().delete()


def refused(path: Path, match: str) -> None:
    """The load fails with `match`, and every table is as it was (empty but for the
    timelines a migration seeds)."""
    before = every_table()
    with pytest.raises(CommandError, match=match):
        call_command("load_archive", str(path), stdout=StringIO())
    assert every_table() == before
    assert not Decision.objects.exists()
    assert not Clause.objects.exists()


def test_it_ends_with_a_trailer_of_counts_and_checksum(tmp_path: Path) -> None:
    backup = dumped_and_emptied(tmp_path)
    data = backup.read_bytes()
    body, trailer_line = data[: data.rstrip(b"\n").rindex(b"\n") + 1], data.splitlines()[-1]
    trailer = json.loads(trailer_line)["trailer"]
    assert trailer["sha256"] == hashlib.sha256(body).hexdigest()
    assert trailer["counts"]["decisions.decision"] == 5
    rows = [json.loads(line) for line in body.splitlines()[1:]]
    assert sum(trailer["counts"].values()) == len(rows)
    assert not list(tmp_path.glob("*.partial")), "the temporary file was renamed into place"


@pytest.mark.parametrize("kept", [0.1, 0.5, 0.99])
def test_it_refuses_a_backup_cut_at_a_line_end(tmp_path: Path, kept: float) -> None:
    backup = dumped_and_emptied(tmp_path)
    lines = backup.read_bytes().splitlines(keepends=True)
    backup.write_bytes(b"".join(lines[: max(2, int(len(lines) * kept))]))
    refused(backup, "no trailer after line .* cut short.*Nothing was loaded")


def test_it_refuses_a_backup_cut_after_its_last_row(tmp_path: Path) -> None:
    backup = dumped_and_emptied(tmp_path)
    lines = backup.read_bytes().splitlines(keepends=True)
    backup.write_bytes(b"".join(lines[:-1]))
    refused(backup, "no trailer")


@pytest.mark.parametrize("kept", [0.3, 0.7, 0.9999])
def test_it_refuses_a_backup_cut_inside_a_line(tmp_path: Path, kept: float) -> None:
    backup = dumped_and_emptied(tmp_path)
    data = backup.read_bytes()
    cut = int(len(data) * kept)
    if data[cut - 1 : cut] == b"\n":
        cut -= 1
    backup.write_bytes(data[:cut])
    refused(backup, "(is not a JSON row|no trailer).*Nothing was loaded")


@pytest.mark.parametrize("where", ["header", "row", "last row", "trailer counts"])
def test_it_refuses_a_backup_with_one_byte_changed(tmp_path: Path, where: str) -> None:
    backup = dumped_and_emptied(tmp_path)
    data = bytearray(backup.read_bytes())
    lines = bytes(data).splitlines(keepends=True)
    starts = [sum(len(line) for line in lines[:i]) for i in range(len(lines))]
    if where == "header":
        at = data.index(b"cabinet-decisions-archive") + 1
    elif where == "row":
        at = data.index(b"Children") + 2  # inside a decision's title
    elif where == "last row":
        at = starts[-2] + lines[-2].index(b'"pk": ') + 6  # a digit of the last row's key
    else:
        at = starts[-1] + lines[-1].index(b'"decisions.decision": ') + 22
    data[at] = data[at] + 1 if data[at] != ord("9") else ord("8")
    backup.write_bytes(bytes(data))
    refused(backup, "(checksum does not match|do not match its trailer|not a cabinet).*Nothing")


def test_it_refuses_a_version_1_backup_which_had_no_trailer(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    path.write_text('{"format": "cabinet-decisions-archive", "version": 1, "models": []}\n')
    refused(path, "version 1; this archive reads 2 .*no trailer")


KILLED_DUMP = """
import sys, time
import django
django.setup()
from decisions import backup

real_rows = backup._rows

def stalled(model):
    yield from real_rows(model)
    if model._meta.label_lower == "decisions.decision":
        print("decisions written", flush=True)
        time.sleep(120)

backup._rows = stalled
from django.core.management import call_command
call_command("dump_archive", "--output", sys.argv[1])
"""


def test_a_dump_killed_midway_leaves_no_backup_and_its_remains_are_refused(
    tmp_path: Path,
) -> None:
    """kill -9 in the middle of a dump: FILE never appears, and the temporary file it was
    writing cannot be loaded."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
        "DEBUG": "1",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "archive_site.settings",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "import_notices", str(SAMPLES)],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    output = tmp_path / "archive.jsonl"
    dump = subprocess.Popen(
        [sys.executable, "-c", KILLED_DUMP, str(output)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert dump.stdout is not None
        assert dump.stdout.readline().strip() == "decisions written"
    finally:
        dump.send_signal(signal.SIGKILL)
        dump.wait()
    assert not output.exists()
    (remains,) = tmp_path.glob(".archive.jsonl.*.partial")
    refused(remains, "(no trailer|not a JSON row|does not start).*Nothing was loaded")


# The dump is one snapshot, even while an import or an admin edit commits.


@pytest.mark.django_db(transaction=True)
def test_a_write_between_two_models_of_a_dump_is_not_half_in_it(
    tmp_path: Path, monkeypatch
) -> None:
    """A decision and its clauses committed after the dump read decisions, before it read
    clauses: under READ COMMITTED the backup held the clauses without their decision (and
    could not be loaded); in one REPEATABLE READ snapshot it holds neither."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's IMMEDIATE transaction makes the writer wait for the dump")
    import_seed_notices()
    real_rows = backup_module._rows
    written: list[str] = []

    def write_new_decision() -> None:
        try:
            with transaction.atomic():
                decision = make_decision(reference="I99999999", clauses=("Approve it.", "Fund it."))
                decision.title = "Written during the dump"
                decision.save()
                Decision.objects.filter(reference="I50042913").update(title="Edited mid-dump")
            written.append(decision.reference)
        finally:
            connections.close_all()

    def rows_with_a_write_between(model):
        if model is Clause:
            writer = threading.Thread(target=write_new_decision)
            writer.start()
            writer.join(timeout=30)
            assert written == ["I99999999"], "the write committed while the dump was open"
        yield from real_rows(model)

    monkeypatch.setattr(backup_module, "_rows", rows_with_a_write_between)
    backup = tmp_path / "archive.jsonl"
    call_command("dump_archive", "--output", str(backup), stderr=StringIO())

    rows = [json.loads(line) for line in backup.read_text("utf-8").splitlines()[1:-1]]
    decision_pks = {row["pk"] for row in rows if row["model"] == "decisions.decision"}
    clause_decisions = {
        row["fields"]["decision"] for row in rows if row["model"] == "decisions.clause"
    }
    assert clause_decisions <= decision_pks
    titles = {row["fields"]["title"] for row in rows if row["model"] == "decisions.decision"}
    assert "Written during the dump" not in titles
    assert "Edited mid-dump" not in titles
    assert len(decision_pks) == 5

    monkeypatch.setattr(backup_module, "_rows", real_rows)
    empty_the_archive()
    call_command("load_archive", str(backup), stdout=StringIO())
    assert Decision.objects.count() == 5
    assert not Decision.objects.filter(reference="I99999999").exists()


@pytest.mark.django_db(transaction=True)
def test_the_dump_reads_in_a_read_only_repeatable_read_transaction(monkeypatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's isolation levels")
    seen: list[tuple[str, str]] = []
    real_rows = backup_module._rows

    def noting_the_transaction(model):
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            (isolation,) = cursor.fetchone()
            cursor.execute("SHOW transaction_read_only")
            (read_only,) = cursor.fetchone()
        seen.append((isolation, read_only))
        yield from real_rows(model)

    monkeypatch.setattr(backup_module, "_rows", noting_the_transaction)
    call_command("dump_archive", stdout=StringIO())
    assert set(seen) == {("repeatable read", "on")}


def test_a_backup_into_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "archive.jsonl"
    with pytest.raises(CommandError, match="archive.jsonl: could not be written"):
        call_command("dump_archive", "--output", str(target), stderr=StringIO())
    assert not target.parent.exists()
