"""dump_archive / load_archive: a backup round-trips every table of the archive."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from decisions.backup import archive_models
from decisions.corrections import record_decision_corrections
from decisions.councillors import split_councillor
from decisions.models import Clause, Correction, Councillor, Decision, DecisionVersion
from tests.conftest import SAMPLES
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
    """Every row of every archive table, by model, ordered by primary key."""
    return {
        model._meta.label_lower: [
            {k: v for k, v in row.items() if k != "search_document"}
            for row in model._base_manager.order_by("pk").values()
        ]
        for model in archive_models()
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
    assert header["version"] == 1
    assert header["models"].index("decisions.decision") < header["models"].index(
        "timelines.timelinemembership"
    )
    rows = [json.loads(line) for line in lines[1:]]
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
