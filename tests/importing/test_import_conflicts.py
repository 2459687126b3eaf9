"""Reference collisions: another decision under a stored reference is refused, --replace
overrides it on purpose, and whatever an import rewrites is kept as a version."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from decisions.models import Correction, Decision, DecisionVersion
from decisions.timelines.models import TimelineEvent, TimelineMembership
from tests.conftest import SAMPLES
from tests.fixtures_archive import import_seed_notices

pytestmark = pytest.mark.django_db

OFSTED = SAMPLES / "000_8f1dfd1b4376d4cb.txt"  # I50043387, Ofsted Improvement Action Plan


def import_notices(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_notices", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), error.returncode
    return out.getvalue(), err.getvalue(), 0


def litter_bins(folder: Path, name: str = "litter.txt") -> Path:
    """Another decision printed with the Ofsted plan's reference (a council typo)."""
    text = OFSTED.read_text(encoding="utf-8")
    text = text.replace("Ofsted Improvement Action Plan", "Litter bins in Ross-on-Wye")
    text = text.replace("Date of decision\t15 December 2022", "Date of decision\t3 March 2023")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot() -> list:
    return [
        list(Decision.objects.order_by("pk").values()),
        list(TimelineMembership.objects.order_by("pk").values()),
        list(TimelineEvent.objects.order_by("pk").values()),
        list(DecisionVersion.objects.order_by("pk").values()),
    ]


def test_it_refuses_another_decision_under_a_stored_reference(tmp_path: Path) -> None:
    import_seed_notices()
    before = snapshot()
    assert TimelineMembership.objects.filter(decision__reference="I50043387").exists()
    out, err, code = import_notices(str(litter_bins(tmp_path)))
    assert code == 1
    assert "failed 1" in out
    assert "litter.txt" in err
    assert "I50043387" in err
    assert '"Ofsted Improvement Action Plan"' in err
    assert '"Litter bins in Ross-on-Wye"' in err
    assert "--replace" in err
    assert snapshot() == before


def test_it_refuses_it_against_a_corrected_title_too(tmp_path: Path) -> None:
    import_seed_notices()
    decision = Decision.objects.get(reference="I50043387")
    Correction.objects.create(
        decision=decision, field="title", old_value=decision.title, new_value="Ofsted plan"
    )
    Decision.objects.filter(pk=decision.pk).update(title="Ofsted plan")
    _, err, code = import_notices(str(litter_bins(tmp_path)))
    assert code == 1
    assert "Litter bins" in err
    decision.refresh_from_db()
    assert decision.title == "Ofsted plan"
    assert decision.source_text.count("Ofsted Improvement Action Plan") == 1


def test_replace_overrides_the_refusal_and_keeps_the_old_version(tmp_path: Path) -> None:
    import_seed_notices()
    old = Decision.objects.get(reference="I50043387")
    old_text, old_sha = old.source_text, old.source_sha256
    out, err, code = import_notices(str(litter_bins(tmp_path)), "--replace")
    assert code == 0, err
    assert "updated 1" in out
    assert 'replaced "Ofsted Improvement Action Plan"' in out
    new = Decision.objects.get(reference="I50043387")
    assert new.title == "Litter bins in Ross-on-Wye"
    version = DecisionVersion.objects.get(decision=new)
    assert version.cause == DecisionVersion.Cause.REPLACED
    assert version.values["title"] == "Ofsted Improvement Action Plan"
    assert version.values["decision_date"] == "2022-12-15"
    assert [c["label"] for c in version.values["clauses"]] == ["a", "b", "c"]
    assert (version.source_text, version.source_sha256) == (old_text, old_sha)
    assert version.source_file == "000_8f1dfd1b4376d4cb.txt"
    assert version.replaced_by_file == "litter.txt"


def test_replace_does_not_keep_the_replaced_decisions_corrections(tmp_path: Path) -> None:
    import_seed_notices()
    decision = Decision.objects.get(reference="I50043387")
    Correction.objects.create(decision=decision, field="purpose", new_value="Corrected.")
    Decision.objects.filter(pk=decision.pk).update(purpose="Corrected.")
    import_notices(str(litter_bins(tmp_path)), "--replace")
    decision.refresh_from_db()
    assert decision.purpose.startswith("The purpose of this report")
    assert Correction.objects.filter(decision=decision).count() == 1  # the trail stays


def test_a_changed_notice_of_the_same_decision_updates_and_keeps_a_version(
    tmp_path: Path,
) -> None:
    import_seed_notices()
    text = OFSTED.read_text(encoding="utf-8").replace(
        "Date of decision\t15 December 2022", "Date of decision\t16 December 2022"
    )
    (tmp_path / "ofsted_v2.txt").write_text(text, encoding="utf-8")
    out, err, code = import_notices(str(tmp_path / "ofsted_v2.txt"))
    assert code == 0, err
    assert "updated 1" in out
    decision = Decision.objects.get(reference="I50043387")
    assert decision.decision_date.isoformat() == "2022-12-16"
    version = decision.versions.get()
    assert version.cause == DecisionVersion.Cause.UPDATED
    assert version.values["decision_date"] == "2022-12-15"


def test_two_files_with_one_reference_in_one_import_are_a_conflict(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(OFSTED, folder / "a_ofsted.txt")
    litter_bins(folder, "b_litter.txt")
    out, err, code = import_notices(str(folder))
    assert code == 1
    assert "created 1" in out and "failed 1" in out
    assert "b_litter.txt" in err and "a_ofsted.txt" in err
    assert Decision.objects.get().title == "Ofsted Improvement Action Plan"
    # A second run does not swap the record either.
    out, err, code = import_notices(str(folder))
    assert code == 1
    assert "unchanged 1" in out and "failed 1" in out
    assert Decision.objects.get().title == "Ofsted Improvement Action Plan"
    assert not DecisionVersion.objects.exists()


def test_the_command_error_reads_as_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "shopping.txt").write_text("eggs\nmilk\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_notices", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert str(raised.value) == "1 of 1 files failed"
    assert raised.value.returncode == 1


def test_it_stores_the_file_name_without_the_importing_machines_folders() -> None:
    import_seed_notices()
    names = set(Decision.objects.values_list("source_file", flat=True))
    assert "000_8f1dfd1b4376d4cb.txt" in names
    assert not any("/" in name for name in names)


def test_admins_see_earlier_versions_read_only_and_escaped(
    tmp_path: Path, admin_client_logged_in
) -> None:
    import_seed_notices()
    import_notices(str(litter_bins(tmp_path)), "--replace")
    decision = Decision.objects.get(reference="I50043387")
    DecisionVersion.objects.filter(decision=decision).update(source_text="<b>old</b> notice")
    response = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    assert response.status_code == 200
    assert b"a different notice imported with --replace" in response.content
    assert b"replaced by litter.txt" in response.content
    assert b"&lt;b&gt;old&lt;/b&gt; notice" in response.content
    assert b"Ofsted Improvement Action Plan" in response.content


def test_decision_pages_and_the_export_show_no_folders(client) -> None:
    import_seed_notices()  # imported from an absolute path on this machine
    html = client.get("/herefordshire/decisions/I50042913/").content.decode()
    assert "002_c2dc0a9885e8cadb.txt" in html
    assert str(SAMPLES) not in html
    out = StringIO()
    call_command("export_decisions", stdout=out)
    assert '"source_file": "002_c2dc0a9885e8cadb.txt"' in out.getvalue()
    assert str(SAMPLES) not in out.getvalue()


def test_a_reparse_that_changes_nothing_keeps_no_version() -> None:
    import_seed_notices()
    _, err, code = import_notices(str(SAMPLES), "--reparse")
    assert code == 0, err
    assert not DecisionVersion.objects.exists()
