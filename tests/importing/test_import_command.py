"""`manage.py import_notices`: summaries, failures named with reasons, exit codes."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from decisions.importing.pipeline import find_notice_files
from decisions.models import Clause, Councillor, Decision
from tests.conftest import SAMPLES

PDF_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"

pytestmark = pytest.mark.django_db


def import_notices(*args: str) -> tuple[str, str, int]:
    """Run the command; return stdout, stderr and the exit code."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_notices", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), error.returncode
    return out.getvalue(), err.getvalue(), 0


def test_it_imports_the_sample_notices() -> None:
    out, err, code = import_notices(str(SAMPLES))
    assert code == 0, err
    assert "Imported: created 5, updated 0, unchanged 0, failed 0" in out
    assert set(Decision.objects.values_list("reference", flat=True)) == {
        "I50043387",
        "I50052101",
        "I50042913",
        "I50027300",
        "I50053845",
    }
    assert Clause.objects.filter(decision__reference="I50042913").count() == 4
    # "JG Lester" (2018) and "Jonathan Lester" (2025, 2026) are one councillor.
    lester = Councillor.objects.get(aliases__name="JG Lester")
    assert lester.name == "Jonathan Lester"
    assert lester.decisions.count() == 3


def test_a_second_import_reports_everything_unchanged() -> None:
    import_notices(str(SAMPLES))
    before = list(Decision.objects.order_by("pk").values())
    out, _, code = import_notices(str(SAMPLES))
    assert code == 0
    assert "created 0, updated 0, unchanged 5, failed 0" in out
    assert list(Decision.objects.order_by("pk").values()) == before


def test_a_dry_run_saves_nothing_but_says_what_would_change() -> None:
    out, _, code = import_notices(str(SAMPLES), "--dry-run")
    assert code == 0
    assert "Dry run, nothing saved. Would have: created 5" in out
    assert not Decision.objects.exists()
    assert not Councillor.objects.exists()


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """A folder of good notices and every kind of bad file."""
    folder = tmp_path / "notices"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(SAMPLES / "000_8f1dfd1b4376d4cb.txt", folder / "good_000.txt")
    shutil.copy(SAMPLES / "002_c2dc0a9885e8cadb.txt", folder / "nested" / "good_002.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "shopping.txt").write_text("eggs\nmilk\nbread\n")
    no_date = (SAMPLES / "001_aabf650a3fba3ef6.txt").read_text(encoding="utf-8")
    (folder / "no_date.txt").write_text(no_date.replace("17 July 2025", "soon"))
    (folder / "too_large.txt").write_bytes(b"Title\tx\n" * 200_000)
    # PDFs are read now: a good one, one cut short, and a text file that only says it is one.
    shutil.copy(PDF_FIXTURES / "sample_004_7bdb559c16b9bd7d.chromium.pdf", folder / "good.pdf")
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4")
    (folder / "text_named.pdf").write_text("Title\tNot a PDF at all\n")
    return folder


def test_a_mixed_folder_imports_the_good_and_names_each_bad_file(mixed_folder: Path) -> None:
    out, err, code = import_notices(str(mixed_folder))
    assert code == 1
    assert "Imported: created 3, updated 0, unchanged 0, failed 7" in out
    assert "7 of 10 files failed" in err
    reasons = {
        line.split(": ", 1)[0].strip().rsplit("/", 1)[-1]: line.split(": ", 1)[1]
        for line in err.splitlines()
        if line.startswith("  ")
    }
    assert reasons["empty.txt"] == "file is empty"
    assert "binary" in reasons["binary.txt"]
    assert "not a written statement of a decision" in reasons["shopping.txt"]
    assert "date of decision" in reasons["no_date.txt"]
    assert reasons["too_large.txt"] == "file is 1.6 MB; notices are at most 1 MB"
    assert (
        reasons["truncated.pdf"] == "the PDF is truncated or corrupt: it has no end-of-file marker"
    )
    assert reasons["text_named.pdf"] == "not a PDF: the file does not start with %PDF-"
    assert "Traceback" not in out + err
    assert set(Decision.objects.values_list("reference", flat=True)) == {
        "I50043387",
        "I50042913",
        "I50053845",
    }


def test_a_missing_path_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    out, err, code = import_notices(str(tmp_path / "nowhere"), str(SAMPLES))
    assert code == 1
    assert "created 5" in out
    assert "nowhere: no such file or folder" in err


def test_a_changed_notice_is_updated_and_keeps_a_correction(tmp_path: Path) -> None:
    from decisions.models import Correction

    notice = tmp_path / "003.txt"
    shutil.copy(SAMPLES / "003_83578647f8bd2a97.txt", notice)
    import_notices(str(notice))
    decision = Decision.objects.get()
    Correction.objects.create(decision=decision, field="exemption_class", new_value="Open")
    decision.exemption_class = "Open (corrected)"
    decision.save()
    text = notice.read_text(encoding="utf-8").replace("24 October 2018", "25 October 2018")
    notice.write_text(text.replace("\nOpen\t", "\nExempt\t"), encoding="utf-8")
    out, _, code = import_notices(str(notice))
    assert code == 0
    assert "updated 1" in out
    decision.refresh_from_db()
    assert decision.call_in_expiry.isoformat() == "2018-10-25"
    assert decision.exemption_class == "Open (corrected)"


def test_reparse_rewrites_unchanged_files_but_keeps_corrections() -> None:
    from decisions.models import Correction

    import_notices(str(SAMPLES))
    # As if an older parser had stored a worse purpose, and an admin fixed the title.
    Decision.objects.filter(reference="I50042913").update(purpose="(garbled)")
    decision = Decision.objects.get(reference="I50043387")
    decision.title = "Ofsted Improvement Action Plan (corrected)"
    decision.save()
    Correction.objects.create(decision=decision, field="title")
    out, _, _ = import_notices(str(SAMPLES))
    assert "unchanged 5" in out
    assert Decision.objects.get(reference="I50042913").purpose == "(garbled)"
    out, _, code = import_notices(str(SAMPLES), "--reparse")
    assert code == 0
    assert "updated 5" in out
    assert Decision.objects.get(reference="I50042913").purpose.startswith("To present")
    assert Decision.objects.get(reference="I50043387").title.endswith("(corrected)")


def test_jobs_sets_the_parsing_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    from decisions.importing import pipeline

    asked: list[int | None] = []
    real = pipeline.ParsePool.__init__

    def spy(self, jobs=None):  # type: ignore[no-untyped-def]
        asked.append(jobs)
        real(self, jobs)

    monkeypatch.setattr(pipeline.ParsePool, "__init__", spy)
    out, err, code = import_notices(str(SAMPLES), "--jobs", "0")
    assert code == 0, err
    assert asked == [0]
    assert "created 5" in out


def test_it_reports_symlink_loops_and_broken_links_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "notices"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "000_8f1dfd1b4376d4cb.txt", folder / "sub" / "a.txt")
    (folder / "sub" / "up").symlink_to("..")  # a folder that leads back above itself
    (folder / "loop1.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop1.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    out, err, code = import_notices(str(folder))
    assert code == 1
    assert f"{folder / 'sub' / 'up'}: symlink loop: it leads back to {folder}" in err
    assert f"{folder / 'loop1.txt'}: symlink loop: skipped" in err
    assert f"{folder / 'loop2.txt'}: symlink loop: skipped" in err
    assert f"{folder / 'gone.txt'}: broken symlink: nowhere.txt does not exist" in err
    assert Decision.objects.count() == 1


def test_a_symlinked_folder_is_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(SAMPLES / "000_8f1dfd1b4376d4cb.txt", real / "a.txt")
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "linked").symlink_to(real)
    files, problems = find_notice_files([folder, folder])
    assert [f.name for f in files] == ["a.txt", "a.txt"]  # once per folder given
    assert problems == []


def test_a_file_read_as_windows_1252_says_so_on_its_report_line(tmp_path: Path) -> None:
    text = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_text(encoding="utf-8")
    assert "\u2019" in text  # a right quote: 0x92 in Windows-1252, never valid UTF-8 alone
    ansi_bytes = text.encode("cp1252", errors="replace")
    (tmp_path / "ansi.txt").write_bytes(ansi_bytes)
    shutil.copy(SAMPLES / "001_aabf650a3fba3ef6.txt", tmp_path / "utf8.txt")
    offset = min(ansi_bytes.index(b"\x92"), ansi_bytes.index(b"\x96"))  # ’ or –
    out, err, code = import_notices(str(tmp_path), "-v", "2")
    assert code == 0, err
    lines = (out + err).splitlines()
    (ansi,) = [line for line in lines if "ansi.txt" in line]
    assert ansi.endswith(
        f"(I50043387) - not valid UTF-8 (byte 0x{ansi_bytes[offset]:02x} at offset {offset}): "
        "read as Windows-1252"
    )
    (utf8,) = [line for line in lines if "utf8.txt" in line]
    assert "Windows-1252" not in utf8
    assert Decision.objects.get(reference="I50043387").title == "Ofsted Improvement Action Plan"
